package io.wormhole.agent.invoke;

import io.wormhole.Remote;
import io.wormhole.WormholeConnectionLostException;
import io.wormhole.agent.bundle.ClosureCollector;
import io.wormhole.internal.SqlState;
import io.wormhole.wire.Bundle;
import io.wormhole.wire.CallIds;
import io.wormhole.wire.Request;
import io.wormhole.wire.Response;
import io.wormhole.wire.ThrowableTransport;
import io.wormhole.wire.Values;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.objectweb.asm.Type;

/**
 * Sends a {@code @Remote} call to the database in one statement: {@code SELECT wormhole.invoke(?)} with the bundle
 * inline the first time a server sees it, its hash alone afterwards, and once more with the bytes if the server
 * answers that it does not hold them.
 */
public final class Invoker {
    private static final Invoker SHARED = new Invoker(new ClosureCollector());
    private static final String CALL = "SELECT wormhole.invoke(?)";
    /** PostgreSQL's {@code idle_session_timeout} ended the session: it does so only while no query runs. */
    private static final String IDLE_SESSION_ENDED = "57P05";

    /** What the advice hands back to the method: never {@code null}, so the body is skipped. */
    public record Outcome(Object value) {}

    private final ClosureCollector collector;
    /** Per server (URL and user), the bundle hashes it is known to hold. */
    private final Map<String, Set<String>> held = new ConcurrentHashMap<>();
    /** Per connection (pgJDBC's own, which a pool's proxies of it share), what calls on it learned. */
    private final Map<Connection, Link> links = new WeakHashMap<>();

    /** What calls on a connection learned; nothing that holds the connection, which the map holds weakly. */
    private static final class Link {
        final Set<String> known;
        /** {@code wormhole.invoke}'s OID in the connection's database, once a call by statement returned it. */
        volatile int invokeOid;
        /** The session's {@code idle_session_timeout} then, 0 for none ({@link FunctionCall#idleTimeoutNanos}). */
        volatile long idleTimeoutNanos;
        /** When the last call's answer came ({@link System#nanoTime}). */
        volatile long answered;

        Link(Set<String> known) {
            this.known = known;
        }

        /** Whether a call may go by function-call message: the OID known, and the session not about to time out. */
        boolean byFunctionCall() {
            long timeout = idleTimeoutNanos;
            return invokeOid != 0 && (timeout == 0 || System.nanoTime() - answered < timeout / 2);
        }
    }

    Invoker(ClosureCollector collector) {
        this.collector = collector;
    }

    public static Invoker shared() {
        return SHARED;
    }

    /** What every call of one method sends alike. */
    private record Target(String className, String descriptor, int retries, Bundle bundle) {}

    /**
     * A {@code @Remote} method as its woven code calls it ({@link Woven} keeps one per method), and its
     * {@link Target}, worked out at its first call once the arguments have passed their check.
     */
    static final class Site {
        final Method method;
        private volatile Target target;

        Site(Method method) {
            this.method = method;
        }
    }

    private Target target(Site site) {
        Target known = site.target;
        if (known == null) {
            Method method = site.method;
            Values.checkResultType(method);
            known = new Target(method.getDeclaringClass().getName(), Type.getMethodDescriptor(method),
                    method.getAnnotation(Remote.class).retries(), collector.bundleFor(method));
            site.target = known;
        }
        return known;
    }

    Outcome call(Site site, Object receiver, Object[] arguments) throws Throwable {
        try (Connections.Lease lease = Connections.forCall(site.method, arguments)) {
            try {
                return call(lease.connection(), site, receiver, arguments);
            } catch (SQLException e) {
                if (!lease.own() || !IDLE_SESSION_ENDED.equals(e.getSQLState())) {
                    throw e;
                }
                // The server ended the thread's idle connection before it read the call: run it on a new one.
                try (Connections.Lease again = Connections.reopened(lease)) {
                    return call(again.connection(), site, receiver, arguments);
                }
            }
        }
    }

    private Outcome call(Connection connection, Site site, Object receiver, Object[] arguments) throws Throwable {
        Method method = site.method;
        ClassLoader loader = method.getDeclaringClass().getClassLoader();
        Object[] values = receiver == null ? arguments : prepend(receiver, arguments);
        Set<Class<?>> argumentClasses = new HashSet<>();
        // Before any bundle is collected: a value that cannot travel is refused in a line, not after shipping it.
        byte[] written = Values.writeArguments(values, loader, argumentClasses, receiver != null);
        Target target = target(site);
        // Application objects among the arguments may be of classes the method never names: their bundle differs.
        Bundle bundle = argumentClasses.isEmpty() ? target.bundle() : collector.bundleFor(method, argumentClasses);
        Request request = Request.withBundle(bundle, target.className(), method.getName(), target.descriptor(),
                written);
        int retries = target.retries();
        for (int attempt = 0; ; attempt++) {
            try {
                return new Outcome(send(connection, request.withCallId(CallIds.next()), loader));
            } catch (SQLException e) {
                if (attempt >= retries || !retryable(e) || !connection.getAutoCommit()) {
                    throw e;
                }
                backoff(attempt);
            }
        }
    }

    private Object send(Connection connection, Request request, ClassLoader loader) throws Throwable {
        FunctionCall function = FunctionCall.of(connection);
        Link link = link(function == null ? connection : function.physical());
        Set<String> known = link.known;
        String hash = request.bundle().hashHex();
        Response response = execute(connection, function, link, known.contains(hash) ? request.withoutBundle()
                : request);
        if (response.status() == Response.Status.UNKNOWN_BUNDLE) {
            response = execute(connection, function, link, request);
        }
        known.add(hash);
        return switch (response.status()) {
            case RETURNED -> Values.read(response.payload(), loader);
            case THREW -> throw ThrowableTransport.read(response.payload(), loader, callerFrames());
            case UNKNOWN_BUNDLE -> throw new IllegalStateException("the server refused the bundle it asked for");
        };
    }

    /**
     * Sends {@code request} by the function-call message when the connection is pgJDBC's and a call by statement
     * already learned the function's OID, else by statement.
     */
    private static Response execute(Connection connection, FunctionCall function, Link link, Request request)
            throws SQLException {
        try {
            if (byFunctionCall(function, link)) {
                try {
                    byte[] answer = function.call(link.invokeOid, request.encode());
                    link.answered = System.nanoTime();
                    return Response.decode(answer);
                } catch (SQLException e) {
                    if (!SqlState.UNDEFINED_FUNCTION.equals(e.getSQLState())) {
                        throw e;
                    }
                    // The extension was made again under a new OID: the call never ran, and a statement finds it.
                    link.invokeOid = 0;
                    if (!connection.getAutoCommit()) {
                        throw new SQLException("the Wormhole extension was dropped or made again since this"
                                + " connection's last call, which failed the transaction (" + e.getMessage()
                                + "): roll back and call again", e.getSQLState(), e);
                    }
                } finally {
                    deliverNotices(function.physical());
                }
            }
            try (PreparedStatement st = connection.prepareStatement(function == null ? CALL : FunctionCall.OID_QUERY)) {
                st.setBytes(1, request.encode());
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    if (function != null) {
                        link.idleTimeoutNanos = FunctionCall.idleTimeoutNanos(rs.getString(3));
                        link.answered = System.nanoTime();
                        link.invokeOid = rs.getInt(2);
                    }
                    return Response.decode(rs.getBytes(1));
                } finally {
                    ServerNotices.deliver(st);
                }
            }
        } catch (SQLException e) {
            if (connectionLost(e)) {
                throw new WormholeConnectionLostException(request.callId(), e);
            }
            throw explained(e);
        }
    }

    /**
     * Whether a call may go by function-call message. Each "no" is a case where pgJDBC's fastpath would break what the
     * application relies on and a statement does not.
     */
    private static boolean byFunctionCall(FunctionCall function, Link link) throws SQLException {
        return function != null // a wrapper hiding pgJDBC may share its connection's Link (through equals)
                && link.byFunctionCall() // the OID known, and no idle_session_timeout end to lose
                && !function.savesPerStatement() // pgJDBC's autosave savepoint covers statements only
                && function.physical().getWarnings() == null; // unread warnings would mix with the call's
    }

    /** What a function-call message's call said, which pgJDBC keeps with the connection. */
    private static void deliverNotices(Connection physical) {
        try {
            SQLWarning said = physical.getWarnings();
            if (said != null) {
                physical.clearWarnings();
                ServerNotices.deliver(said);
            }
        } catch (SQLException e) {
            // A connection the call's failure closed: the failure is what the caller must see.
        }
    }

    /** A broken connection (SQLSTATE class 08, but not the server's "invalid frame"): the outcome is unknown. */
    private static boolean connectionLost(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith("08") && !SqlState.PROTOCOL_VIOLATION.equals(state);
    }

    /** The server's own errors about Wormhole itself, with what to do about them. */
    private static SQLException explained(SQLException e) {
        String state = e.getSQLState();
        String advice;
        if (SqlState.UNDEFINED_FUNCTION.equals(state) || SqlState.INVALID_SCHEMA_NAME.equals(state)) {
            advice = "this database has no Wormhole extension: run CREATE EXTENSION wormhole in it (as a superuser)";
        } else if (SqlState.INSUFFICIENT_PRIVILEGE.equals(state) && e.getMessage() != null
                && e.getMessage().contains("wormhole")) {
            advice = "this role may not run Wormhole calls: a DBA must GRANT wormhole_run (or wormhole_install, to"
                    + " ship new code) TO it";
        } else {
            return e;
        }
        return new SQLException(advice + " (" + e.getMessage() + ")", state, e);
    }

    private Link link(Connection connection) throws SQLException {
        synchronized (links) {
            Link link = links.get(connection);
            if (link == null) {
                // Read from the driver, not the server: a call stays one statement.
                String server = connection.getMetaData().getURL() + " as " + connection.getMetaData().getUserName();
                link = new Link(held.computeIfAbsent(server, k -> ConcurrentHashMap.newKeySet()));
                links.put(connection, link);
            }
            return link;
        }
    }

    private static boolean retryable(SQLException e) {
        return SqlState.SERIALIZATION_FAILURE.equals(e.getSQLState())
                || SqlState.DEADLOCK_DETECTED.equals(e.getSQLState());
    }

    /** Jittered exponential backoff: 10 ms, 20 ms, 40 ms … up to a second, each times a random 0.5–1.5. */
    private static void backoff(int attempt) throws InterruptedException {
        long base = Math.min(1000, 10L << Math.min(attempt, 10));
        Thread.sleep((long) (base * (0.5 + ThreadLocalRandom.current().nextDouble())));
    }

    private static StackTraceElement[] callerFrames() {
        StackTraceElement[] all = new Throwable().getStackTrace();
        int skip = 0;
        while (skip < all.length && (all[skip].getClassName().startsWith("io.wormhole.agent.")
                || all[skip].getClassName().startsWith("jdk.internal.reflect."))) {
            skip++;
        }
        return java.util.Arrays.copyOfRange(all, skip, all.length);
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
