package io.wormhole.server.call;

import io.wormhole.server.pg.Backend;
import io.wormhole.server.pg.HeapBudget;
import io.wormhole.server.pg.Host;
import io.wormhole.server.pg.Notices;
import io.wormhole.server.pg.PgException;
import io.wormhole.server.pg.Session;
import io.wormhole.server.pg.Subtransaction;
import io.wormhole.server.sandbox.SandboxParent;
import io.wormhole.server.sandbox.Weaving;
import io.wormhole.server.verify.Limits;
import io.wormhole.server.verify.Verdict;
import io.wormhole.server.verify.Verifier;
import io.wormhole.wire.Bundle;
import io.wormhole.wire.Request;
import io.wormhole.wire.Response;
import io.wormhole.wire.ThrowableTransport;
import io.wormhole.wire.ValueException;
import io.wormhole.wire.WireFormatException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * Serves request frames on the backend's main thread: finds or defines the bundle, runs the method inside a
 * subtransaction (rolled back if the method throws, so the caller's transaction stays usable), and
 * answers with the result or the exception.
 */
public final class Calls {
    private static final String IN_FAILED_TRANSACTION = "25P02";
    /** Violations a refused call's error lists before "... and N more". */
    private static final int SHOWN_VIOLATIONS = 5;

    private final Bundles bundles = new Bundles();
    private final BundleStore store = new BundleStore();
    private final Trust trust = new Trust(store, bundles);
    private final Outcomes outcomes = new Outcomes();

    public byte[] invoke(byte[] frame) throws PgException {
        Backend.startCall();
        try {
            return serve(frame);
        } finally {
            Backend.endCall();
        }
    }

    private byte[] serve(byte[] frame) throws PgException {
        Request request;
        try {
            request = Request.decode(frame);
        } catch (WireFormatException e) {
            throw new PgException("invalid Wormhole request frame: " + e.getMessage(), "08P01", null,
                    "The client and the server may run different Wormhole versions.", 0);
        }
        Resolution resolved;
        try {
            Backend.poll();
            resolved = resolve(request);
        } catch (SQLException e) {
            throw asPgException(e);
        }
        if (resolved.rejection() != null) {
            return new Response(Response.Status.THREW, ThrowableTransport.write(
                    new SecurityException(resolved.rejection()), Calls.class.getClassLoader())).encode();
        }
        BundleClassLoader loader = resolved.loader();
        if (loader == null) {
            return Response.unknownBundle().encode();
        }
        Call call;
        try {
            call = new Call(loader, request.className(), request.methodName(), request.descriptor(),
                    request.arguments(), Calls::openConnection, Host::reportActivity, Host.limits().maxResultBytes());
        } catch (SQLException e) {
            throw asPgException(e);
        }
        Subtransaction subtransaction = subtransaction();
        long started = System.nanoTime();
        Backend.runCall(call);
        long elapsed = System.nanoTime() - started;
        Throwable failure = call.failure();
        boolean thrownByMethod = call.thrownByMethod();
        try {
            if (failure == null && !Backend.cancelled()) {
                try {
                    subtransaction.release();
                    outcomes.record(request.callId());
                } catch (SQLException e) {
                    if (!IN_FAILED_TRANSACTION.equals(e.getSQLState())) {
                        throw e;
                    }
                    // A statement failed and the method went on: its work is gone, so it fails as if it had thrown.
                    subtransaction.rollback();
                    failure = new SQLException("the call's work was rolled back: a statement of it failed and the"
                            + " method returned without rolling back to a savepoint ("
                            + (e instanceof PgException pg ? pg.getDetail() : e.getMessage()) + ")",
                            IN_FAILED_TRANSACTION, e);
                    thrownByMethod = true;
                }
            } else {
                subtransaction.rollback();
            }
        } catch (SQLException e) {
            throw asPgException(e);
        }
        // Counted before any of the refusals below, which are the call's errors too.
        account(request.bundleHash(), elapsed, failure != null || HeapBudget.exceeded() || Backend.cancelled());
        if (HeapBudget.exceeded()) {
            throw new PgException("the Java call held more than wormhole.call_memory_limit (" + mb(HeapBudget.limit())
                    + " MB) of heap", "53200", null, "Raise wormhole.call_memory_limit (up to wormhole.max_heap), or"
                    + " make the call hold less at once (stream rows through a cursor, say).", 0);
        }
        if (Backend.cancelled()) {
            throw new PgException("canceling statement: the call was asked to stop", "57014");
        }
        // Only the JDK's own class: a shipped subclass's getMessage must not run here, outside the call's supervision.
        if (failure != null && failure.getClass() == OutOfMemoryError.class) {
            throw new PgException("the Java call ran out of heap (java.lang.OutOfMemoryError: " + failure.getMessage()
                    + "): wormhole.max_heap is "
                    + mb(HeapBudget.maxHeap()) + " MB", "53200", null, "Raise wormhole.max_heap (read when a backend"
                    + " starts its Java VM; each VM reserves it under wormhole.memory_cap), or make the call hold"
                    + " less.", 0);
        }
        if (failure == null) {
            return new Response(Response.Status.RETURNED, call.result()).encode();
        }
        if (request.raiseErrors() || !thrownByMethod) {
            throw asPgException(failure);
        }
        return new Response(Response.Status.THREW, ThrowableTransport.write(portable(failure), loader)).encode();
    }

    /** Where a request's bundle stands: defined (a loader), unknown (neither), or rejected (a reason). */
    private record Resolution(BundleClassLoader loader, String rejection) {}

    /**
     * The loader of the request's bundle for the calling role: already defined in this backend and still trusted,
     * stored by another (verified again first if the allowlist changed since), or shipped inline (verified, then
     * stored).
     */
    private Resolution resolve(Request request) throws SQLException {
        Session session = Session.current();
        String scope = session.trusted() ? "trusted" : Integer.toString(session.roleOid());
        trust.refresh();
        BundleClassLoader loader = bundles.find(request.bundleHash(), scope);
        if (loader != null) {
            store.retry(request.bundleHash());
            return new Resolution(loader, null);
        }
        BundleStore.Stored stored = store.find(request.bundleHash());
        Bundle bundle = stored != null ? stored.bundle() : request.bundle();
        if (bundle == null) {
            return new Resolution(null, null);
        }
        if (stored == null && !session.mayInstall()) {
            String reason = "role may not install new bundles: it needs the privileges of wormhole_install"
                    + " (GRANT wormhole_install TO <role>)";
            store.auditRefusal(session.roleOid(), bundle.hash(), reason, session.standby());
            return new Resolution(null, "bundle " + bundle.hashHex().substring(0, 12) + " was not installed: "
                    + reason);
        }
        if (session.trusted()) {
            return new Resolution(bundles.define(bundle, scope, Calls.class.getClassLoader(), trust.version(), null),
                    null);
        }
        BundleStore.Rules rules = trust.rules();
        Judgement judgement = judge(bundle, stored, rules, session);
        if (judgement.rejection() != null) {
            return new Resolution(null, "bundle " + bundle.hashHex().substring(0, 12)
                    + " was rejected by the verifier: " + Verdict.abridged(judgement.rejection(), SHOWN_VIOLATIONS));
        }
        return new Resolution(bundles.define(bundle, scope, new SandboxParent(rules.allowlist()), rules.version(),
                judgement.woven()), null);
    }

    /** The verifier's rejection ({@code null}: accepted) and, when accepted, the classes woven (or {@code null}). */
    private record Judgement(String rejection, Map<String, byte[]> woven) {}

    /**
     * What the verifier says of {@code bundle} under {@code rules}. A verdict recorded under the same allowlist
     * version stands, and so do the classes woven with it; otherwise the bundle is verified now, woven if accepted,
     * the verdict and woven classes recorded (a new bundle stored when accepted) and a rejection audited, in a
     * transaction of their own. The verdict stands for this call whether or not it could be recorded.
     *
     * <p>A hot standby records nothing: a bundle new to it is verified as on the primary (the allowlist and the
     * grants are the primary's, replayed) and kept in this backend's memory, and the server log says so in place of
     * the audit. Refusing it instead would make a read-only call fail whenever the client reached the standby before
     * the primary, or before the standby replayed the primary's install; nothing is trusted here that the primary
     * would not trust, and the client stores it on the primary at its first call there.
     */
    private Judgement judge(Bundle bundle, BundleStore.Stored stored, BundleStore.Rules rules, Session session)
            throws SQLException {
        if (stored != null && stored.verifiedUnder() == rules.version()) {
            return new Judgement(stored.rejection(), stored.rejection() == null ? stored.woven() : null);
        }
        int role = session.roleOid();
        Verdict verdict = verifier(rules).verify(bundle.classes());
        String rejection = verdict.isAccepted() ? null : verdict.describe();
        Map<String, byte[]> woven = rejection == null ? Weaving.weaveAll(bundle.classes()) : null;
        if (session.standby()) {
            if (rejection != null) {
                store.auditRefusal(role, bundle.hash(), rejection, true);
            } else if (stored == null) {
                int classes = bundle.classes().size();
                Notices.log("wormhole: bundle " + bundle.hashHex().substring(0, 12) + " (" + classes
                        + (classes == 1 ? " class" : " classes") + ") was verified for role "
                        + Integer.toUnsignedString(role) + " on a hot standby and is kept in this backend's memory"
                        + " only: a standby stores and audits nothing (the primary does at the bundle's first call"
                        + " there)");
            }
            return new Judgement(rejection, woven);
        }
        if (stored == null) {
            if (rejection == null) {
                store.store(bundle, role, rules.version(), woven);
            } else {
                store.auditRefusal(role, bundle.hash(), rejection, false);
            }
            return new Judgement(rejection, woven);
        }
        store.record(bundle.hash(), rules.version(), rejection, role, woven);
        return new Judgement(rejection, woven);
    }

    /** The verifier with these rules and the size limits as the GUCs stand now. */
    private static Verifier verifier(BundleStore.Rules rules) throws SQLException {
        Host.Limits host = Host.limits();
        Limits limits = Limits.defaults().withMaxClasses(host.maxClasses()).withMaxClassBytes(host.maxClassBytes())
                .withMaxBundleBytes(host.maxBundleBytes());
        return Verifier.of(rules.allowlist(), limits);
    }

    /** What {@code wormhole.verify(bytea)} answers: the verifier's verdict on a bundle, as configured now. */
    public byte[] verify(byte[] classes) throws PgException {
        try {
            Verdict verdict = verifier(store.rules()).verify(Bundle.fromBytes(classes).classes());
            return (verdict.isAccepted() ? "accepted" : "rejected: " + verdict.describe())
                    .getBytes(StandardCharsets.UTF_8);
        } catch (WireFormatException e) {
            throw new PgException("not a bundle: " + e.getMessage(), "22P03", null,
                    "Pass the classes in the layout of an inline bundle (runtime/WIRE.md).", 0);
        } catch (SQLException e) {
            throw asPgException(e);
        }
    }

    /** Counts a call, its time and whether it failed in the host's shared memory, never in the caller's transaction. */
    private static void account(byte[] hash, long nanos, boolean failed) throws PgException {
        try {
            Host.countCall(hash, nanos, failed);
        } catch (SQLException e) {
            throw asPgException(e);
        }
    }

    /**
     * The failure as the client can rebuild it: a PostgreSQL error is a {@code PgException}, a class only the server
     * has, so it travels as the {@code SQLException} it is (message, SQLSTATE, frames, causes kept).
     */
    private static Throwable portable(Throwable t) {
        if (!(t instanceof PgException pg)) {
            // A cause cannot be replaced once set: a PgException below another exception travels as a
            // RemoteExecutionException that keeps its SQLSTATE.
            return t;
        }
        SQLException plain = new SQLException(pg.getMessage(), pg.getSQLState(), portable(pg.getCause()));
        plain.setStackTrace(pg.getStackTrace());
        for (Throwable suppressed : pg.getSuppressed()) {
            plain.addSuppressed(portable(suppressed));
        }
        return plain;
    }

    private static long mb(long bytes) {
        return bytes >> 20;
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
        } else if (t instanceof ValueException) {
            state = "22P03";
        } else if (t instanceof ClassNotFoundException || t instanceof NoSuchMethodException
                || t instanceof LinkageError) {
            state = "42883";
        } else {
            state = "38000";
        }
        return new PgException("Java call failed: " + t, state);
    }
}
