package io.wormhole.agent.invoke;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code wormhole.invoke} called by the protocol's function-call message (pgJDBC's fastpath API) instead of a
 * statement: the server then runs the function without binding a statement or starting an executor for it, about
 * 2 µs of a 20 µs call. The message names the function by its OID, which a call by statement learns first
 * ({@link #OID_QUERY}). pgJDBC is the application's, in whichever loader loaded it (a Spring Boot jar's, say): it is
 * reached through the connection's own class, never linked to the agent's.
 */
final class FunctionCall {
    /**
     * The call by statement that also returns the function's OID, for the calls after it, and the session's
     * {@code idle_session_timeout} (see {@link #idleTimeoutNanos}).
     */
    static final String OID_QUERY = "SELECT wormhole.invoke(?), 'wormhole.invoke(bytea)'::regprocedure::oid,"
            + " current_setting('idle_session_timeout')";

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|min|h|d)?");

    /**
     * {@code idle_session_timeout} as {@code current_setting} shows it ({@code 0}, {@code 200ms}, {@code 5s},
     * {@code 1min}, ...), in nanoseconds. A session it ends is told so (57P05) on its next statement, which a call then
     * runs again on a new connection; pgJDBC's function call loses that error to the connection's end, so a call that
     * may meet it goes by statement.
     */
    static long idleTimeoutNanos(String shown) {
        Matcher m = DURATION.matcher(shown.trim());
        if (!m.matches()) {
            return 0;
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        return switch (unit) {
            case "s" -> TimeUnit.SECONDS.toNanos(n);
            case "min" -> TimeUnit.MINUTES.toNanos(n);
            case "h" -> TimeUnit.HOURS.toNanos(n);
            case "d" -> TimeUnit.DAYS.toNanos(n);
            default -> TimeUnit.MILLISECONDS.toNanos(n);
        };
    }

    /** Per connection class (pgJDBC's own, or a pool's proxy), pgJDBC's API as its loader sees it; null if none. */
    private static final ClassValue<Api> APIS = new ClassValue<>() {
        @Override
        protected Api computeValue(Class<?> type) {
            return Api.of(type.getClassLoader());
        }
    };

    private final Api api;
    /** pgJDBC's own connection under any pool's proxy: what the OID and the fastpath API belong to. */
    private final Connection physical;

    private FunctionCall(Api api, Connection physical) {
        this.api = api;
        this.physical = physical;
    }

    /** How to call through {@code connection}, or null when it is not pgJDBC's (or a wrapper of one). */
    static FunctionCall of(Connection connection) throws SQLException {
        Api api = APIS.get(connection.getClass());
        if (api == null || !connection.isWrapperFor(api.pgConnection)) {
            return null;
        }
        return new FunctionCall(api, (Connection) connection.unwrap(api.pgConnection));
    }

    /** The connection that outlives a pool's proxies of it. */
    Connection physical() {
        return physical;
    }

    /**
     * Whether pgJDBC wraps each statement in a savepoint of its own ({@code autosave}), so that a failed one leaves the
     * application's transaction usable: it does not wrap a function call, so such a connection's calls are statements.
     */
    boolean savesPerStatement() throws SQLException {
        try {
            return !"NEVER".equals(((Enum<?>) api.autosave.invokeExact((Object) physical)).name());
        } catch (Throwable e) {
            throw failure("pgJDBC's autosave setting could not be read: ", e);
        }
    }

    /** Calls the function {@code oid} with {@code frame}, returning what it returned. */
    byte[] call(int oid, byte[] frame) throws SQLException {
        try {
            return (byte[]) api.call.invokeExact((Object) physical, oid, frame);
        } catch (Throwable e) {
            throw failure("pgJDBC's fastpath call failed: ", e);
        }
    }

    /** What a method handle into pgJDBC threw, as its callers expect it: unchecked ones as they are. */
    private static SQLException failure(String what, Throwable e) {
        if (e instanceof SQLException sql) {
            return sql;
        }
        if (e instanceof RuntimeException unchecked) {
            throw unchecked;
        }
        if (e instanceof Error error) {
            throw error;
        }
        return new SQLException(what + e, e);
    }

    /** pgJDBC's API in one loader. */
    record Api(Class<?> pgConnection, MethodHandle call, MethodHandle autosave) {
        static Api of(ClassLoader loader) {
            try {
                Class<?> pg = Class.forName("org.postgresql.PGConnection", false, loader);
                Class<?> fastpath = Class.forName("org.postgresql.fastpath.Fastpath", false, loader);
                Class<?> argument = Class.forName("org.postgresql.fastpath.FastpathArg", false, loader);
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                // connection.getFastpathAPI().fastpath(oid, new FastpathArg[] {new FastpathArg(frame)}) as one
                // handle, typed as the call site uses it, so that a call adapts nothing and reflects on nothing.
                MethodHandle call = lookup.findVirtual(fastpath, "fastpath",
                        MethodType.methodType(byte[].class, int.class, argument.arrayType()))
                        .asCollector(argument.arrayType(), 1);
                call = MethodHandles.filterArguments(call, 2,
                        lookup.findConstructor(argument, MethodType.methodType(void.class, byte[].class)));
                call = MethodHandles.filterArguments(call, 0,
                        lookup.findVirtual(pg, "getFastpathAPI", MethodType.methodType(fastpath)));
                return new Api(pg, call.asType(MethodType.methodType(byte[].class, Object.class, int.class,
                        byte[].class)),
                        lookup.findVirtual(pg, "getAutosave", MethodType.methodType(
                                Class.forName("org.postgresql.jdbc.AutoSave", false, loader)))
                                .asType(MethodType.methodType(Enum.class, Object.class)));
            } catch (ReflectiveOperationException | LinkageError e) {
                return null; // Not pgJDBC, or one without the API: calls go by statement.
            }
        }
    }
}
