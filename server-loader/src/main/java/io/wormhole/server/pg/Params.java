package io.wormhole.server.pg;

import io.wormhole.wire.Hex;
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
        byte[][] utf8 = new byte[texts.length][];
        int size = 4 + 4 * texts.length;
        for (int i = 0; i < texts.length; i++) {
            if (texts[i] != null) {
                utf8[i] = texts[i].getBytes(StandardCharsets.UTF_8);
                size += utf8[i].length;
            }
        }
        byte[] out = new byte[size];
        int at = int32(out, 0, texts.length);
        for (byte[] b : utf8) {
            if (b == null) {
                at = int32(out, at, -1);
            } else {
                at = int32(out, at, b.length);
                System.arraycopy(b, 0, out, at, b.length);
                at += b.length;
            }
        }
        return out;
    }

    /** A {@code bytea} parameter's text form. */
    public static String bytea(byte[] bytes) {
        return "\\x" + Hex.of(bytes);
    }

    private static int int32(byte[] out, int at, int v) {
        out[at] = (byte) (v >>> 24);
        out[at + 1] = (byte) (v >>> 16);
        out[at + 2] = (byte) (v >>> 8);
        out[at + 3] = (byte) v;
        return at + 4;
    }
}
