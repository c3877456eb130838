package io.wormhole.server;

import io.wormhole.server.call.Calls;
import io.wormhole.server.pg.PgException;

/**
 * What the native host calls, on the backend's main thread: {@link #start} once when the JVM has started, then
 * {@link #invoke} for every {@code wormhole.invoke(bytea)}.
 */
public final class Entry {
    private static Calls calls;

    private Entry() {}

    static void start(long workerStackBytes) {
        calls = new Calls(workerStackBytes);
    }

    /**
     * Runs the call a request frame describes and returns the response frame. A {@link PgException} thrown here
     * becomes a PostgreSQL ERROR with its SQLSTATE, message, detail and hint.
     */
    static byte[] invoke(byte[] frame) throws PgException {
        return calls.invoke(frame);
    }
}
