package io.wormhole.server.call;

import io.wormhole.server.pg.Backend;
import io.wormhole.server.pg.PgException;
import io.wormhole.server.pg.Session;
import io.wormhole.server.pg.Subtransaction;
import io.wormhole.server.sandbox.SandboxParent;
import io.wormhole.server.verify.Verdict;
import io.wormhole.server.verify.Verifier;
import io.wormhole.wire.Bundle;
import io.wormhole.wire.Request;
import io.wormhole.wire.Response;
import io.wormhole.wire.Values;
import io.wormhole.wire.WireFormatException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Serves request frames on the backend's main thread: finds or defines the bundle, runs the method on the call's
 * worker inside a subtransaction (rolled back if the method throws, so the caller's transaction stays usable), and
 * answers with the result or the exception.
 */
public final class Calls {
    private final Bundles bundles = new Bundles();
    private final BundleStore store = new BundleStore();
    private final Verifier verifier = Verifier.withDefaults();
    private final SandboxParent sandbox = new SandboxParent(verifier.allowlist());

    public Calls(long workerStackBytes) {
        Backend.start(workerStackBytes);
    }

    public byte[] invoke(byte[] frame) throws PgException {
        Request request;
        try {
            request = Request.decode(frame);
        } catch (WireFormatException e) {
            throw new PgException("invalid Wormhole request frame: " + e.getMessage(), "08P01", null,
                    "The client and the server may run different Wormhole versions.", 0);
        }
        Resolution resolved;
        try {
            resolved = resolve(request);
        } catch (SQLException e) {
            throw asPgException(e);
        }
        if (resolved.rejection() != null) {
            return new Response(Response.Status.THREW,
                    Values.write(new SecurityException(resolved.rejection()), Calls.class.getClassLoader())).encode();
        }
        BundleClassLoader loader = resolved.loader();
        if (loader == null) {
            return Response.unknownBundle().encode();
        }
        Call call = new Call(loader, request.className(), request.methodName(), request.descriptor(),
                request.arguments(), Calls::openConnection);
        Subtransaction subtransaction = subtransaction();
        Backend.runCall(call);
        try {
            if (call.failure() == null && !Backend.cancelled()) {
                subtransaction.release();
            } else {
                subtransaction.rollback();
            }
        } catch (SQLException e) {
            throw asPgException(e);
        }
        if (Backend.cancelled()) {
            throw new PgException("canceling statement: the call was asked to stop", "57014");
        }
        Throwable failure = call.failure();
        if (failure == null) {
            return new Response(Response.Status.RETURNED, call.result()).encode();
        }
        if (request.raiseErrors() || !call.thrownByMethod()) {
            throw asPgException(failure);
        }
        return new Response(Response.Status.THREW, Values.write(failure, loader)).encode();
    }

    /** Where a request's bundle stands: defined (a loader), unknown (neither), or rejected (a reason). */
    private record Resolution(BundleClassLoader loader, String rejection) {}

    /**
     * The loader of the request's bundle for the calling role: already defined in this backend, stored by another,
     * or shipped inline (verified, then stored).
     */
    private Resolution resolve(Request request) throws SQLException {
        Session session = Session.current();
        String scope = session.trusted() ? "trusted" : Integer.toString(session.roleOid());
        BundleClassLoader loader = bundles.find(request.bundleHash(), scope);
        if (loader != null) {
            return new Resolution(loader, null);
        }
        Bundle bundle = request.bundle();
        if (bundle == null) {
            // Stored bundles passed the verifier when they were installed.
            bundle = store.find(request.bundleHash());
            if (bundle == null) {
                return new Resolution(null, null);
            }
        } else if (!session.trusted()) {
            Verdict verdict = verifier.verify(bundle.classes());
            if (!verdict.isAccepted()) {
                return new Resolution(null, "bundle " + bundle.hashHex().substring(0, 12)
                        + " was rejected by the verifier: " + verdict.describe());
            }
            store.store(bundle);
        }
        ClassLoader parent = session.trusted() ? Calls.class.getClassLoader() : sandbox;
        return new Resolution(bundles.define(bundle, scope, parent), null);
    }

    private static Subtransaction subtransaction() throws PgException {
        try {
            return Subtransaction.begin();
        } catch (SQLException e) {
            throw asPgException(e);
        }
    }

    private static Connection openConnection() throws SQLException {
        return io.wormhole.server.jdbc.SpiConnection.forCall();
    }

    /** The SQLSTATE a failure ends the statement with, when it is raised rather than sent back. */
    private static PgException asPgException(Throwable t) {
        if (t instanceof PgException e) {
            return e;
        }
        if (t instanceof SQLException e && e.getSQLState() != null && e.getSQLState().length() == 5) {
            return new PgException(e.getMessage(), e.getSQLState());
        }
        String state;
        if (t instanceof StackOverflowError) {
            state = "54001";
        } else if (t instanceof OutOfMemoryError) {
            state = "53200";
        } else if (t instanceof ClassNotFoundException || t instanceof NoSuchMethodException
                || t instanceof LinkageError) {
            state = "42883";
        } else {
            state = "38000";
        }
        return new PgException("Java call failed: " + t, state);
    }
}
