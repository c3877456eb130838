package io.wormhole.wire;

import com.esotericsoftware.kryo.io.KryoBufferOverflowException;
import com.esotericsoftware.kryo.io.Output;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where Kryo's fixed buffer empties when a value's encoding outgrows it: arrays filled in turn, each as large as all
 * before it, up to {@link #CHUNK} bytes. A result of hundreds of megabytes is then never one array, never copied into
 * arrays twice the size of the last as it grows (the heap held both, and such arrays skip the young generation), and
 * the host copies the pieces straight into the result datum. A value that fits the buffer becomes one array of its
 * size, as before.
 */
final class ChunkSink extends OutputStream {
    /**
     * Kryo's buffer, as small as a one-array encoding started: a larger one (8 kB) cost a small call 0.6 µs more to
     * allocate, while emptying this one every 256 bytes costs a large result a few milliseconds in all.
     */
    static final int BUFFER = 256;
    /** Large enough that a big result is a few hundred arrays, small enough to be allocated in the young generation. */
    static final int CHUNK = 1 << 20;

    private final long maxBytes;
    private final List<byte[]> chunks = new ArrayList<>();
    private byte[] current;
    private int used;
    private long size;

    /** A sink that refuses to hold more than {@code maxBytes} with a {@link KryoBufferOverflowException}. */
    ChunkSink(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        claim(length);
        size += length;
        while (length > 0) {
            if (current == null || used == current.length) {
                // As large as everything so far, up to CHUNK: a result just past the buffer does not cost a megabyte.
                current = new byte[(int) Math.min(CHUNK, Math.max(2L * BUFFER, size))];
                chunks.add(current);
                used = 0;
            }
            int n = Math.min(length, current.length - used);
            System.arraycopy(bytes, offset, current, used, n);
            used += n;
            offset += n;
            length -= n;
        }
    }

    private void claim(int length) {
        if (size + length > maxBytes) {
            throw new KryoBufferOverflowException("an encoding of more than " + maxBytes + " bytes");
        }
    }

    /** Everything written, {@code out}'s buffer last: full chunks as they are, the last one cut to its length. */
    byte[][] chunks(Output out) {
        if (size == 0) {
            claim(out.position());
            return new byte[][] {Arrays.copyOf(out.getBuffer(), out.position())};
        }
        write(out.getBuffer(), 0, out.position());
        if (used < current.length) {
            chunks.set(chunks.size() - 1, Arrays.copyOf(current, used));
        }
        return chunks.toArray(new byte[0][]);
    }
}
