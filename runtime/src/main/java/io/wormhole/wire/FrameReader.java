package io.wormhole.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Bounds-checked big-endian reader: every read names the field it was reading when the frame ends early. */
final class FrameReader {
    private final byte[] buf;
    private int pos;

    FrameReader(byte[] buf) {
        this.buf = buf;
    }

    int position() {
        return pos;
    }

    boolean atEnd() {
        return pos == buf.length;
    }

    private void need(int n, String field) {
        need(n, field, "");
    }

    /** {@code part} names a part of {@code field}: kept apart so that a good frame builds no message. */
    private void need(int n, String field, String part) {
        if (n < 0 || buf.length - pos < n) {
            throw new WireFormatException("truncated frame: " + field + part + " needs " + n + " bytes at offset "
                    + pos + ", only " + (buf.length - pos) + " left");
        }
    }

    int u8(String field) {
        need(1, field);
        return buf[pos++] & 0xff;
    }

    private int nextU16() {
        int v = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    int u32(String field, int max) {
        need(4, field);
        long v = ((long) (buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16) | ((buf[pos + 2] & 0xff) << 8)
                | (buf[pos + 3] & 0xff);
        pos += 4;
        if (v > max) {
            throw new WireFormatException(field + " is " + v + ", more than the limit of " + max);
        }
        return (int) v;
    }

    byte[] bytes(int n, String field) {
        need(n, field);
        byte[] out = new byte[n];
        System.arraycopy(buf, pos, out, 0, n);
        pos += n;
        return out;
    }

    String utf8(String field) {
        need(2, field, " length");
        int n = nextU16();
        need(n, field);
        String s = new String(buf, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    /**
     * Like {@link #utf8(String)}, giving back the string {@code recent} last read when its bytes come again: a backend
     * serves the same few methods again and again, and the same string instances, their hashes known, are found
     * in the maps keyed by them without hashing or comparing their characters.
     */
    String utf8(String field, Recent recent) {
        need(2, field, " length");
        int n = nextU16();
        need(n, field);
        Recent.Read last = recent.last;
        String s;
        if (last != null && Arrays.equals(buf, pos, pos + n, last.encoded(), 0, last.encoded().length)) {
            s = last.value();
        } else {
            s = new String(buf, pos, n, StandardCharsets.UTF_8);
            recent.last = new Recent.Read(Arrays.copyOfRange(buf, pos, pos + n), s);
        }
        pos += n;
        return s;
    }

    /** The last string read for one field of a frame, and its bytes; shared between threads, replaced whole. */
    static final class Recent {
        private record Read(byte[] encoded, String value) {}

        private volatile Read last;
    }

    void expectMagic(byte[] magic, String what) {
        if (buf.length < magic.length) {
            throw new WireFormatException("not a " + what + ": " + buf.length + " bytes, shorter than its header");
        }
        for (int i = 0; i < magic.length; i++) {
            if (buf[i] != magic[i]) {
                throw new WireFormatException("not a " + what + ": bad magic bytes");
            }
        }
        pos = magic.length;
    }
}
