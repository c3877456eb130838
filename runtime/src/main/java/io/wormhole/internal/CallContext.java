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
        Scope restore = new Scope(CURRENT.get());
        CURRENT.set(connection);
        return restore;
    }

    /**
     * Restores the previous binding. A class rather than a lambda, and the entry kept (set to {@code null}, not
     * removed): on the server's C1 code a capturing lambda costs a native call, and a removed entry a rebuilt one,
     * at every call.
     */
    public static final class Scope implements AutoCloseable {
        private final Connection previous;

        private Scope(Connection previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            CURRENT.set(previous);
        }
    }
}
