package io.wormhole.server;

import io.wormhole.server.call.Calls;
import io.wormhole.server.pg.Backend;
import io.wormhole.server.pg.PgException;
import io.wormhole.server.verify.Allowlist;
import java.nio.charset.StandardCharsets;

/**
 * What the native host calls, on the backend's main thread: {@link #start} once when the JVM has started, then
 * {@link #invoke} for every {@code wormhole.invoke(bytea)}.
 */
public final class Entry {
    private static Calls calls;

    private Entry() {}

    static void start() {
        Backend.start();
        calls = new Calls();
    }

    /**
     * Runs the call a request frame describes and returns the response frame. A {@link PgException} thrown here
     * becomes a PostgreSQL ERROR with its SQLSTATE, message, detail and hint.
     */
    static byte[] invoke(byte[] frame) throws PgException {
        return calls.invoke(frame);
    }

    /** {@code wormhole.verify(bytea)}: the verifier's verdict on a bundle, as UTF-8 text. */
    static byte[] verify(byte[] classes) throws PgException {
        return calls.verify(classes);
    }

    /** {@code wormhole.default_allowlist()}: the verifier's built-in rules, one a line, comments dropped. */
    static byte[] defaultAllowlist(byte[] ignored) {
        return Allowlist.defaults().toText().getBytes(StandardCharsets.UTF_8);
    }
}
