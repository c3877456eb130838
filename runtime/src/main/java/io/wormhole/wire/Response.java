package io.wormhole.wire;

/**
 * The server's answer to a {@link Request}.
 *
 * @param status what happened
 * @param payload for {@link Status#RETURNED} the serialized result, for {@link Status#THREW} the serialized
 *     exception; empty for {@link Status#UNKNOWN_BUNDLE}
 */
public record Response(Status status, byte[] payload) {

    static final byte[] MAGIC = {'W', 'H', 'R', 'S'};
    /** 2: the values' format of 2026-12-02 (records by component, {@code Object[]} by id), which 1 cannot read. */
    static final int VERSION = 2;
    public static final int MAX_PAYLOAD_BYTES = 1 << 30;
    private static final int HEADER_BYTES = 10;
    /** Up to this payload size, {@link #frame} answers in one piece. */
    private static final int SMALL_FRAME_BYTES = 8 << 10;

    public enum Status {
        /** The method returned; the payload is its value. */
        RETURNED,
        /** The method threw; the payload is the exception. Its work was rolled back. */
        THREW,
        /** The request carried only a hash the server does not hold: send again with the bundle's bytes. */
        UNKNOWN_BUNDLE
    }

    /** {@code Status.values()} copies its array at every use. */
    private static final Status[] STATUSES = Status.values();

    public static Response unknownBundle() {
        return new Response(Status.UNKNOWN_BUNDLE, new byte[0]);
    }

    public byte[] encode() {
        // One copy of the payload, not two: a result may be most of the heap.
        byte[] frame = new byte[payload.length + HEADER_BYTES];
        header(frame, status, payload.length);
        System.arraycopy(payload, 0, frame, HEADER_BYTES, payload.length);
        return frame;
    }

    /**
     * The same frame as {@link #encode()} for a payload in pieces ({@link Values#writeChunks}), as pieces, the
     * header first: whoever sends it copies them one after the other, and a large payload is never copied here.
     */
    public static byte[][] frame(Status status, byte[][] payload) {
        long size = 0;
        for (byte[] chunk : payload) {
            size += chunk.length;
        }
        if (size > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("a response payload of " + size + " bytes, more than "
                    + MAX_PAYLOAD_BYTES);
        }
        if (size <= SMALL_FRAME_BYTES) {
            // One piece: the host copies it out in one step instead of looking up each piece twice.
            byte[] whole = new byte[HEADER_BYTES + (int) size];
            header(whole, status, (int) size);
            int at = HEADER_BYTES;
            for (byte[] chunk : payload) {
                System.arraycopy(chunk, 0, whole, at, chunk.length);
                at += chunk.length;
            }
            return new byte[][] {whole};
        }
        byte[][] frame = new byte[payload.length + 1][];
        frame[0] = new byte[HEADER_BYTES];
        header(frame[0], status, (int) size);
        System.arraycopy(payload, 0, frame, 1, payload.length);
        return frame;
    }

    private static void header(byte[] frame, Status status, int payloadSize) {
        System.arraycopy(MAGIC, 0, frame, 0, 4);
        frame[4] = VERSION;
        frame[5] = (byte) status.ordinal();
        frame[6] = (byte) (payloadSize >>> 24);
        frame[7] = (byte) (payloadSize >>> 16);
        frame[8] = (byte) (payloadSize >>> 8);
        frame[9] = (byte) payloadSize;
    }

    public static Response decode(byte[] frame) {
        FrameReader r = new FrameReader(frame);
        r.expectMagic(MAGIC, "Wormhole response frame");
        int version = r.u8("version");
        if (version != VERSION) {
            throw new WireFormatException("response frame version " + version + " is not supported (expected "
                    + VERSION + "): the server runs another Wormhole version than this client");
        }
        int status = r.u8("status");
        if (status >= STATUSES.length) {
            throw new WireFormatException("unknown response status " + status);
        }
        byte[] payload = r.bytes(r.u32("payload size", MAX_PAYLOAD_BYTES), "payload");
        if (!r.atEnd()) {
            throw new WireFormatException("unexpected bytes after the response");
        }
        return new Response(STATUSES[status], payload);
    }
}
