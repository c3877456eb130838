package io.wormhole.server;

import io.wormhole.server.call.BundleAdmission;
import io.wormhole.server.call.Dispatcher;
import io.wormhole.server.call.Training;
import io.wormhole.server.pg.Backend;
import io.wormhole.server.pg.CallSettings;
import io.wormhole.server.pg.PgException;
import io.wormhole.server.pg.Session;
import io.wormhole.server.pg.SharedBuffer;
import io.wormhole.server.verify.Allowlist;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * What the native host calls, on the backend's main thread: {@link #start} once when the JVM has started, then
 * {@link #invoke} for every {@code wormhole.invoke(bytea)}.
 */
public final class Entry {
    private static BundleAdmission admission;
    private static Dispatcher dispatcher;
    private static boolean warmed;

    private Entry() {}

    static void start() {
        // JDK 24 and later warn on sun.misc.Unsafe into the server log; Kryo then uses reflection (the same bytes on
        // the wire). Set before any Kryo class is initialized. On JDK 17, where nothing warns, Unsafe stays faster.
        if (Runtime.version().feature() >= 24) {
            System.setProperty("kryo.unsafe", "false");
        }
        Backend.start();
        admission = new BundleAdmission();
        dispatcher = new Dispatcher(admission);
    }

    /**
     * Runs the call a request frame describes ({@code frameLength} bytes in the {@link SharedBuffer} when
     * {@code frame} is null) and returns the response frame, in pieces the host copies into one {@code bytea} (a
     * large result is never one Java array), or null when it is in the shared buffer. A {@link PgException} thrown
     * here becomes a PostgreSQL ERROR with its SQLSTATE, message, detail and hint.
     */
    static byte[][] invoke(byte[] frame, int frameLength, long session, long trustGeneration, long callMemoryLimit,
            int maxResultBytes) throws PgException {
        byte[][] response = dispatcher.invoke(frame != null ? frame : SharedBuffer.take(frameLength),
                new CallSettings(Session.of(session), trustGeneration, callMemoryLimit, maxResultBytes));
        return SharedBuffer.offer(response) ? null : response;
    }

    /** {@code wormhole.verify(bytea)}: the verifier's verdict on a bundle, as UTF-8 text. */
    static byte[] verify(byte[] classes) throws PgException {
        return admission.verify(classes);
    }

    /**
     * {@code wormhole.start_vm()}: runs the loader's first-call path once on its own sample, so that a backend's
     * first real call finds it compiled and its classes initialized; once per VM.
     */
    static byte[] warm(byte[] ignored) throws IOException {
        if (!warmed) {
            Training.firstCall();
            warmed = true;
        }
        return new byte[0];
    }

    /** {@code wormhole.default_allowlist()}: the verifier's built-in rules, one a line, comments dropped. */
    static byte[] defaultAllowlist(byte[] ignored) {
        return Allowlist.defaults().toText().getBytes(StandardCharsets.UTF_8);
    }
}
