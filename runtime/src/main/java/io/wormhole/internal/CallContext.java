package io.wormhole.internal;

import java.sql.Connection;

/**
 * The connection of the {@code @Remote} call running on this thread: set by the server while it runs a call, and
 * by local mode on the client. Not API: {@link io.wormhole.Wormhole#connection()} is.
 */
public final class CallContext {
    private static final ThreadLocal<Connection> CURRENT = new ThreadLocal<>();

    private CallContext() {}

    public static Connection current() {
        return CURRENT.get();
    }

    /** Binds {@code connection} to this thread until the returned scope is closed. */
    public static Scope bind(Connection connection) {
        Connection previous = CURRENT.get();
        CURRENT.set(connection);
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        };
    }

    /** Restores the previous binding. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
