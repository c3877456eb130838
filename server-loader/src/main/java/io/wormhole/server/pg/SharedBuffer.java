package io.wormhole.server.pg;

import java.nio.ByteBuffer;

/**
 * Native memory both sides see ({@code server-loader/native/bridge.c}): a call's request and response frames, a
 * statement's parameters and its result cross it when they fit, instead of as Java arrays the host makes and reads
 * through JNI, which took about a twentieth of a point lookup's cost inside a call and as much again of the call's
 * own. What does not fit crosses as arrays. Only the main thread uses it, and each side copies out what it was
 * given before the next use, so one buffer serves the backend.
 */
public final class SharedBuffer {
    private static final ByteBuffer SHARED = Bridge.sharedBuffer();

    private SharedBuffer() {}

    /** The {@code length} bytes the host put into the buffer for Java (a request frame). */
    public static byte[] take(int length) {
        byte[] bytes = new byte[length];
        SHARED.get(0, bytes);
        return bytes;
    }

    /**
     * Puts a response of one piece into the buffer for the host, its length first, and says whether it fitted;
     * when it did not, the host copies the pieces from their arrays.
     */
    public static boolean offer(byte[][] pieces) {
        if (pieces.length != 1 || pieces[0].length > SHARED.capacity() - Integer.BYTES) {
            return false;
        }
        SHARED.putInt(0, pieces[0].length);
        SHARED.put(Integer.BYTES, pieces[0]);
        return true;
    }

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
        // The result's length first, then its bytes (wh_shared_buffer_put).
        result = new byte[SHARED.getInt(0)];
        SHARED.get(Integer.BYTES, result);
        return result;
    }
}
