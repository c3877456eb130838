package io.wormhole.server.call;

import io.wormhole.internal.SqlState;
import io.wormhole.server.pg.Backend;
import io.wormhole.server.pg.CallSettings;
import io.wormhole.server.pg.HeapBudget;
import io.wormhole.server.pg.Host;
import io.wormhole.server.pg.PgException;
import io.wormhole.server.pg.Subtransaction;
import io.wormhole.wire.Request;
import io.wormhole.wire.Response;
import io.wormhole.wire.ThrowableTransport;
import io.wormhole.wire.WireFormatException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Serves request frames on the backend's main thread: has the request's bundle admitted, runs the method inside a
 * subtransaction (rolled back if the method throws, so the caller's transaction stays usable), and answers with the
 * result or the exception.
 */
public final class Dispatcher {
    private final BundleAdmission admission;
    private final Outcomes outcomes = new Outcomes();

    public Dispatcher(BundleAdmission admission) {
        this.admission = admission;
    }

    /** The response frame in pieces ({@link Response#frame}), for the host to copy into the result one by one. */
    public byte[][] invoke(byte[] frame, CallSettings settings) throws PgException {
        Backend.startCall(settings.callMemoryLimit());
        try {
            return serve(frame, settings);
        } finally {
            Backend.endCall();
        }
    }

    private byte[][] serve(byte[] frame, CallSettings settings) throws PgException {
        Request request;
        try {
            request = Request.decode(frame);
        } catch (WireFormatException e) {
            throw new PgException("invalid Wormhole request frame: " + e.getMessage(), SqlState.PROTOCOL_VIOLATION,
                    null, "The client and the server may run different Wormhole versions.", 0);
        }
        BundleAdmission.Resolution resolved;
        try {
            Backend.poll();
            resolved = admission.resolve(request, settings.session(), settings.trustGeneration());
        } catch (SQLException e) {
            throw Failures.raised(e);
        }
        if (resolved.rejection() != null) {
            try {
                // A refused call is an error of the method it asked for, shown and counted as a call's would be.
                Host.reportActivity(Call.activityText(request.className(), request.methodName(),
                        request.descriptor()));
            } catch (SQLException e) {
                throw Failures.raised(e);
            }
            CallStatistics.count(request.bundleHash(), 0, true);
            return respond(new Response(Response.Status.THREW, ThrowableTransport.write(
                    new SecurityException(resolved.rejection()), Dispatcher.class.getClassLoader())));
        }
        BundleClassLoader loader = resolved.loader();
        if (loader == null) {
            return respond(Response.unknownBundle());
        }
        Call call = new Call(loader, request.className(), request.methodName(), request.descriptor(),
                request.arguments(), Dispatcher::openConnection, Host::reportActivity, settings.maxResultBytes());
        Subtransaction subtransaction = subtransaction();
        long started = System.nanoTime();
        Backend.runCall(call);
        long elapsed = System.nanoTime() - started;
        Throwable failure = call.failure();
        boolean thrownByMethod = call.thrownByMethod();
        if (Backend.overflow() != null) {
            // What the method ended with is no more than what the overflow left of it, an
            // IllegalMonitorStateException perhaps: the call fails with the overflow.
            failure = Backend.overflow();
            thrownByMethod = true;
        }
        try {
            if (failure == null && !Backend.cancelled()) {
                try {
                    subtransaction.release();
                    outcomes.record(request.callId());
                } catch (SQLException e) {
                    if (!SqlState.IN_FAILED_SQL_TRANSACTION.equals(e.getSQLState())) {
                        throw e;
                    }
                    // A statement failed and the method went on: its work is gone, so it fails as if it had thrown.
                    subtransaction.rollback();
                    failure = new SQLException("the call's work was rolled back: a statement of it failed and the"
                            + " method returned without rolling back to a savepoint ("
                            + (e instanceof PgException pg ? pg.getDetail() : e.getMessage()) + ")",
                            SqlState.IN_FAILED_SQL_TRANSACTION, e);
                    thrownByMethod = true;
                }
            } else {
                subtransaction.rollback();
            }
        } catch (SQLException e) {
            throw Failures.raised(e);
        }
        // Counted before any of the refusals below, which are the call's errors too.
        CallStatistics.count(request.bundleHash(), elapsed,
                failure != null || HeapBudget.exceeded() || Backend.cancelled());
        if (HeapBudget.exceeded()) {
            throw new PgException("the Java call held more than wormhole.call_memory_limit (" + mb(HeapBudget.limit())
                    + " MB) of heap", SqlState.OUT_OF_MEMORY, null, "Raise wormhole.call_memory_limit (up to"
                    + " wormhole.max_heap), or make the call hold less at once (stream rows through a cursor, say).", 0);
        }
        if (Backend.cancelled()) {
            throw new PgException("canceling statement: the call was asked to stop", SqlState.QUERY_CANCELED);
        }
        // Only the JDK's own class: a shipped subclass's getMessage must not run here, outside the call's supervision.
        if (failure != null && failure.getClass() == OutOfMemoryError.class) {
            throw new PgException("the Java call ran out of heap (java.lang.OutOfMemoryError: " + failure.getMessage()
                    + "): wormhole.max_heap is "
                    + mb(HeapBudget.maxHeap()) + " MB", SqlState.OUT_OF_MEMORY, null, "Raise wormhole.max_heap (read"
                    + " when a backend starts its Java VM; each VM reserves it under wormhole.memory_cap), or make the"
                    + " call hold less.", 0);
        }
        if (failure == null) {
            return Response.frame(Response.Status.RETURNED, call.result());
        }
        if (request.raiseErrors() || !thrownByMethod) {
            throw Failures.raised(failure);
        }
        return respond(new Response(Response.Status.THREW, ThrowableTransport.write(Failures.portable(failure),
                loader)));
    }

    private static byte[][] respond(Response response) {
        return Response.frame(response.status(), new byte[][] {response.payload()});
    }

    private static long mb(long bytes) {
        return bytes >> 20;
    }

    private static Subtransaction subtransaction() throws PgException {
        try {
            return Subtransaction.begin();
        } catch (SQLException e) {
            throw Failures.raised(e);
        }
    }

    private static Connection openConnection() throws SQLException {
        return io.wormhole.server.jdbc.SpiConnection.forCall();
    }
}
