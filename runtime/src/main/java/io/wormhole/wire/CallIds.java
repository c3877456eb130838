package io.wormhole.wire;

import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Call ids: version 7 UUIDs (RFC 9562), 48 bits of Unix time in milliseconds followed by 74 random bits. The time
 * lets the server tell an id it may have forgotten (older than its retention) from one it never saw; the random bits
 * come from a {@link SecureRandom}, so nobody can guess the id of someone else's call and take it first.
 */
public final class CallIds {
    private static final int BYTES_PER_ID = 10;
    /** Ids whose random bits one draw makes: a draw costs about as much as a small call's encoding. */
    private static final int IDS_PER_DRAW = 64;

    /**
     * Per thread, a generator (the shared default one reads {@code /dev/urandom} under a process-wide lock) and the
     * random bytes of the ids still to come from its last draw.
     */
    private static final ThreadLocal<Source> SOURCE = ThreadLocal.withInitial(Source::new);

    private static final class Source {
        final SecureRandom random = generator();
        final ByteBuffer drawn = ByteBuffer.allocate(BYTES_PER_ID * IDS_PER_DRAW).position(BYTES_PER_ID * IDS_PER_DRAW);

        ByteBuffer next() {
            if (!drawn.hasRemaining()) {
                random.nextBytes(drawn.array());
                drawn.clear();
            }
            return drawn;
        }
    }

    private CallIds() {}

    /** A fresh id, made now. */
    public static UUID next() {
        ByteBuffer b = SOURCE.get().next();
        long time = System.currentTimeMillis() & 0xFFFF_FFFF_FFFFL;
        long high = (time << 16) | 0x7000 | (b.getShort() & 0x0FFF);
        long low = (b.getLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }

    private static SecureRandom generator() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    /** Whether {@code id} has the shape of a call id: version 7, RFC 9562 variant. */
    public static boolean isCallId(UUID id) {
        return id.version() == 7 && id.variant() == 2;
    }

    static byte[] toBytes(UUID id) {
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits())
                .array();
    }

    static UUID fromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        return new UUID(b.getLong(), b.getLong());
    }
}
