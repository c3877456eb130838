package io.wormhole.server.call;

import io.wormhole.server.pg.Backend;
import io.wormhole.server.pg.Host;
import io.wormhole.server.pg.PgException;
import io.wormhole.server.pg.Session;
import io.wormhole.server.pg.Subtransaction;
import io.wormhole.server.sandbox.SandboxParent;
import io.wormhole.server.verify.Limits;
import io.wormhole.server.verify.Verdict;
import io.wormhole.server.verify.Verifier;
import io.wormhole.wire.Bundle;
import io.wormhole.wire.Request;
import io.wormhole.wire.Response;
import io.wormhole.wire.ThrowableTransport;
import io.wormhole.wire.ValueException;
import io.wormhole.wire.WireFormatException;
import io.wormhole.wire.Hex;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.sql.SQLException;

/**
 * Serves request frames on the backend's main thread: finds or defines the bundle, runs the method inside a
 * subtransaction (rolled back if the method throws, so the caller's transaction stays usable), and
 * answers with the result or the exception.
 */
public final class Calls {
    private static final String READ_ONLY_TRANSACTION = "25006";

    private final Bundles bundles = new Bundles();
    private final BundleStore store = new BundleStore();
    private final Trust trust = new Trust(store, bundles);
    private final Outcomes outcomes = new Outcomes();
    private final Map<String, long[]> stats = new HashMap<>();
    private long lastFlush = System.nanoTime();

    public byte[] invoke(byte[] frame) throws PgException {
        Backend.startCall();
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
        Call call = new Call(loader, request.className(), request.methodName(), request.descriptor(),
                request.arguments(), Calls::openConnection);
        Subtransaction subtransaction = subtransaction();
        long started = System.nanoTime();
        Backend.runCall(call);
        long elapsed = System.nanoTime() - started;
        try {
            if (call.failure() == null && !Backend.cancelled()) {
                subtransaction.release();
                outcomes.record(request.callId());
            } else {
                subtransaction.rollback();
            }
        } catch (SQLException e) {
            throw asPgException(e);
        }
        if (Backend.cancelled()) {
            throw new PgException("canceling statement: the call was asked to stop", "57014");
        }
        account(request.bundleHash(), elapsed);
        Throwable failure = call.failure();
        if (failure == null) {
            return new Response(Response.Status.RETURNED, call.result()).encode();
        }
        if (request.raiseErrors() || !call.thrownByMethod()) {
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
            store.audit(session.roleOid(), "reject", bundle.hash(), reason);
            return new Resolution(null, "bundle " + bundle.hashHex().substring(0, 12) + " was not installed: "
                    + reason);
        }
        if (session.trusted()) {
            return new Resolution(bundles.define(bundle, scope, Calls.class.getClassLoader(), trust.version()), null);
        }
        BundleStore.Rules rules = trust.rules();
        String rejection = judge(bundle, stored, rules, session.roleOid());
        if (rejection != null) {
            return new Resolution(null, "bundle " + bundle.hashHex().substring(0, 12)
                    + " was rejected by the verifier: " + rejection);
        }
        return new Resolution(bundles.define(bundle, scope, new SandboxParent(rules.allowlist()), rules.version()),
                null);
    }

    /**
     * What the verifier says of {@code bundle} under {@code rules}: {@code null} when it accepts it, else why not.
     * A verdict recorded under the same allowlist version stands; otherwise the bundle is verified now, the
     * verdict recorded (a new bundle stored when accepted) and a rejection audited.
     */
    private String judge(Bundle bundle, BundleStore.Stored stored, BundleStore.Rules rules, int role)
            throws SQLException {
        if (stored != null && stored.verifiedUnder() == rules.version()) {
            return stored.rejection();
        }
        Verdict verdict = verifier(rules).verify(bundle.classes());
        String rejection = verdict.isAccepted() ? null : verdict.describe();
        if (stored == null) {
            if (rejection == null) {
                store.store(bundle, role, rules.version());
            } else {
                store.audit(role, "reject", bundle.hash(), rejection);
            }
            return rejection;
        }
        try {
            store.record(bundle.hash(), rules.version(), rejection);
            if (rejection != null) {
                store.audit(role, "reject", bundle.hash(), rejection);
            }
        } catch (PgException e) {
            // A read-only transaction (a hot standby, say) cannot record the verdict: the bundle is verified again
            // at its next definition, and the verdict stands for this call either way.
            if (!READ_ONLY_TRANSACTION.equals(e.getSQLState())) {
                throw e;
            }
        }
        return rejection;
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

    /** Counts a call and its time; flushes the counts to {@code wormhole.bundles} about once a second. */
    private void account(byte[] hash, long nanos) {
        long[] s = stats.computeIfAbsent(Hex.of(hash), h -> new long[2]);
        s[0]++;
        s[1] += nanos;
        long now = System.nanoTime();
        if (now - lastFlush < 1_000_000_000L) {
            return;
        }
        lastFlush = now;
        for (var e : stats.entrySet()) {
            try {
                store.addStats(HexFormat.of().parseHex(e.getKey()), e.getValue()[0], e.getValue()[1]);
            } catch (SQLException ignored) {
                // Statistics are best effort: a read-only transaction, say, cannot record them.
            }
        }
        stats.clear();
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
