package io.wormhole.server.pg;

import io.wormhole.wire.Hex;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Statement parameters as handed to the natives: int32 count, then per parameter int32 length (-1 for NULL) and that
 * many UTF-8 bytes of the text PostgreSQL's input function reads, or -2 and an int64 for a {@code bool},
 * {@code int2}, {@code int4} or {@code int8} parameter (the value itself, checked against the parameter's type).
 */
public final class Params {
    private static final byte[] NONE = {0, 0, 0, 0};
    private static final int FIXED = -2;

    private Params() {}

    public static byte[] none() {
        return NONE.clone();
    }

    /** Encodes the texts; a {@code null} element is SQL NULL. */
    public static byte[] of(String... texts) {
        Writer w = new Writer(texts.length);
        for (String t : texts) {
            w.text(t);
        }
        return w.bytes();
    }

    /** Writes a statement's parameters in order. */
    public static final class Writer {
        private byte[] out;
        private int at;

        public Writer(int count) {
            out = new byte[4 + 12 * count];
            int32(count);
        }

        /** A parameter as text; {@code null} is SQL NULL. */
        public Writer text(String text) {
            if (text == null) {
                return int32(-1);
            }
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            int32(utf8.length);
            room(utf8.length);
            System.arraycopy(utf8, 0, out, at, utf8.length);
            at += utf8.length;
            return this;
        }

        /** A {@code bool} (1 or 0), {@code int2}, {@code int4} or {@code int8} parameter's value. */
        public Writer fixed(long value) {
            int32(FIXED);
            int32((int) (value >>> 32));
            return int32((int) value);
        }

        public byte[] bytes() {
            return at == out.length ? out : Arrays.copyOf(out, at);
        }

        private Writer int32(int v) {
            room(4);
            out[at] = (byte) (v >>> 24);
            out[at + 1] = (byte) (v >>> 16);
            out[at + 2] = (byte) (v >>> 8);
            out[at + 3] = (byte) v;
            at += 4;
            return this;
        }

        private void room(int n) {
            if (out.length - at < n) {
                out = Arrays.copyOf(out, Math.max(out.length * 2, at + n));
            }
        }
    }

    /**
     * The text of a {@code bool} (1 or 0), {@code int2}, {@code int4}, {@code oid} (unsigned) or {@code int8} value,
     * as the type's output function writes it and its input function reads it.
     */
    public static String fixedText(int typeOid, long value) {
        return typeOid == Oids.BOOL ? (value != 0 ? "t" : "f") : Long.toString(value);
    }

    /** A {@code bytea} parameter's text form. */
    public static String bytea(byte[] bytes) {
        return "\\x" + Hex.of(bytes);
    }
}
