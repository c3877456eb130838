package io.wormhole.server.pg;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Statement parameters in their text form, as PostgreSQL's input functions read them. Layout handed to the
 * natives: int32 count, then per parameter int32 length (-1 for NULL) and that many UTF-8 bytes.
 */
public final class Params {
    private static final byte[] NONE = {0, 0, 0, 0};

    private Params() {}

    public static byte[] none() {
        return NONE.clone();
    }

    /** Encodes the texts; a {@code null} element is SQL NULL. */
    public static byte[] of(String... texts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 + texts.length * 16);
        int32(out, texts.length);
        for (String t : texts) {
            if (t == null) {
                int32(out, -1);
            } else {
                byte[] b = t.getBytes(StandardCharsets.UTF_8);
                int32(out, b.length);
                out.write(b, 0, b.length);
            }
        }
        return out.toByteArray();
    }

    private static void int32(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }
}
