package io.wormhole.server.pg;

import java.nio.ByteBuffer;

/**
 * A statement's parameters and result through native memory both sides see, instead of a Java array the host reads
 * and another it makes through JNI for each statement: a twentieth of a point lookup's cost inside a call. A
 * statement whose parameters or result do not fit passes them as arrays. Only the main thread runs statements, and
 * a result is copied out before the next one runs, so one buffer serves the backend.
 */
final class StatementBuffer {
    private static final ByteBuffer SHARED = Bridge.statementBuffer();

    private StatementBuffer() {}

    /** {@link Bridge#execute}, its parameters and result through the buffer where they fit. */
    static byte[] execute(long plan, byte[] params, long maxRows, boolean asHost, int knownColumns)
            throws PgException {
        boolean shared = params.length <= SHARED.capacity();
        if (shared) {
            SHARED.put(0, params);
        }
        byte[] result = Bridge.execute(plan, shared ? null : params, params.length, maxRows, asHost, knownColumns);
        if (result != null) {
            return result;
        }
        // The result's length first, then its bytes (server-loader/native/plans.c, finish_bytes).
        result = new byte[SHARED.getInt(0)];
        SHARED.get(Integer.BYTES, result);
        return result;
    }
}
