package io.wormhole.wire;

import com.esotericsoftware.kryo.io.Input;

/**
 * A Kryo input over a whole stream that checks every length the stream claims before anything is allocated for it.
 * Every element of an array, collection, map or string takes at least one byte of the stream, so no claim may exceed
 * the bytes left; and the claims of containers (which hold further values) add up, so that nested containers each
 * claiming the rest of the stream cannot multiply one stream into many allocations.
 */
final class BoundedInput extends Input {
    private final ValueLimits limits;
    private long containerClaims;

    BoundedInput(byte[] bytes, ValueLimits limits) {
        super(bytes);
        this.limits = limits;
    }

    /** Checks the size of a container about to be allocated. */
    static void claimContainer(Input input, int size, String what) {
        claimContainer(input, size, what, null);
    }

    /**
     * Checks the size of a container of {@code type} about to be allocated; {@code what} + the type's name describes
     * it, built only for an error (every argument array of every call passes here).
     */
    static void claimContainer(Input input, int size, String what, Class<?> type) {
        if (input instanceof BoundedInput bounded) {
            bounded.check(size, bounded.limits.maxElements(), what, type);
            bounded.containerClaims += size;
            if (bounded.containerClaims > bounded.limit()) {
                throw new ValueException("corrupt value stream: its containers claim " + bounded.containerClaims
                        + " elements in all, more than its " + bounded.limit() + " bytes can hold");
            }
        }
    }

    private void check(long count, int max, String what, Class<?> type) {
        if (count >= 0 && count <= max && count <= limit() - position()) {
            return;
        }
        String of = type == null ? what : what + type.getName();
        if (count < 0) {
            throw new ValueException("corrupt value stream: " + of + " claims a negative length");
        }
        if (count > max) {
            throw new ValueException(of + " claims " + count + " elements, more than the limit of " + max);
        }
        throw new ValueException("corrupt value stream: " + of + " claims " + count + " elements at byte "
                + position() + ", only " + (limit() - position()) + " bytes are left");
    }

    private void checkArray(int length, String what) {
        check(length, limits.maxElements(), what, null);
    }

    @Override
    public byte[] readBytes(int length) {
        checkArray(length, "a byte array");
        return super.readBytes(length);
    }

    @Override
    public int[] readInts(int length) {
        checkArray(length, "an int array");
        return super.readInts(length);
    }

    @Override
    public int[] readInts(int length, boolean optimizePositive) {
        checkArray(length, "an int array");
        return super.readInts(length, optimizePositive);
    }

    @Override
    public long[] readLongs(int length) {
        checkArray(length, "a long array");
        return super.readLongs(length);
    }

    @Override
    public long[] readLongs(int length, boolean optimizePositive) {
        checkArray(length, "a long array");
        return super.readLongs(length, optimizePositive);
    }

    @Override
    public float[] readFloats(int length) {
        checkArray(length, "a float array");
        return super.readFloats(length);
    }

    @Override
    public double[] readDoubles(int length) {
        checkArray(length, "a double array");
        return super.readDoubles(length);
    }

    @Override
    public short[] readShorts(int length) {
        checkArray(length, "a short array");
        return super.readShorts(length);
    }

    @Override
    public char[] readChars(int length) {
        checkArray(length, "a char array");
        return super.readChars(length);
    }

    @Override
    public boolean[] readBooleans(int length) {
        checkArray(length, "a boolean array");
        return super.readBooleans(length);
    }

    @Override
    public String readString() {
        checkStringLength();
        return super.readString();
    }

    @Override
    public StringBuilder readStringBuilder() {
        checkStringLength();
        return super.readStringBuilder();
    }

    /**
     * Peeks at the length of a UTF-8 string (Kryo allocates its characters before reading them); an ASCII string
     * has no length, it ends at a marked byte, so it can only be as long as the stream.
     */
    private void checkStringLength() {
        int start = position();
        if (!readVarIntFlag()) {
            return;
        }
        int charCount = readVarIntFlag(true); // 0 is null, 1 empty, else the length plus one
        setPosition(start);
        if (charCount > 1) {
            check(charCount - 1L, limits.maxStringLength(), "a string", null);
        }
    }
}
