package io.wormhole.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Big-endian writer matching {@link FrameReader}. */
final class FrameWriter {
    private final ByteArrayOutputStream out;

    FrameWriter(int sizeHint) {
        out = new ByteArrayOutputStream(sizeHint);
    }

    FrameWriter u8(int v) {
        out.write(v);
        return this;
    }

    FrameWriter u16(int v) {
        if (v < 0 || v > 0xffff) {
            throw new IllegalArgumentException("does not fit in 16 bits: " + v);
        }
        out.write(v >>> 8);
        out.write(v);
        return this;
    }

    FrameWriter u32(int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
        return this;
    }

    FrameWriter bytes(byte[] b) {
        out.write(b, 0, b.length);
        return this;
    }

    FrameWriter utf8(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return u16(b.length).bytes(b);
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
