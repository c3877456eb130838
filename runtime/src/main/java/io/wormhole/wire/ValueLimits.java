package io.wormhole.wire;

/**
 * Bounds on what reading a value stream may cost. Every bound is checked before the allocation it protects, so a
 * stream that claims a huge array fails at once instead of exhausting the heap.
 *
 * @param maxBytes the longest accepted stream
 * @param maxDepth how deeply objects may nest
 * @param maxElements the most elements one array, collection or map may claim
 * @param maxStringLength the most characters one string may claim
 */
public record ValueLimits(int maxBytes, int maxDepth, int maxElements, int maxStringLength) {

    /** What the server applies unless configured otherwise. */
    public static final ValueLimits DEFAULT = new ValueLimits(64 << 20, 256, 16 << 20, 16 << 20);

    public ValueLimits {
        if (maxBytes <= 0 || maxDepth <= 0 || maxElements < 0 || maxStringLength < 0) {
            throw new IllegalArgumentException("limits must be positive: " + maxBytes + ", " + maxDepth + ", "
                    + maxElements + ", " + maxStringLength);
        }
    }

    public ValueLimits withMaxBytes(int n) {
        return new ValueLimits(n, maxDepth, maxElements, maxStringLength);
    }

    public ValueLimits withMaxDepth(int n) {
        return new ValueLimits(maxBytes, n, maxElements, maxStringLength);
    }

    public ValueLimits withMaxElements(int n) {
        return new ValueLimits(maxBytes, maxDepth, n, maxStringLength);
    }

    public ValueLimits withMaxStringLength(int n) {
        return new ValueLimits(maxBytes, maxDepth, maxElements, n);
    }

    // Written out: a record's generated equals and hashCode link through ObjectMethods' method handles, which a
    // backend spins on every cold start.
    @Override
    public boolean equals(Object o) {
        return o instanceof ValueLimits l && maxBytes == l.maxBytes && maxDepth == l.maxDepth
                && maxElements == l.maxElements && maxStringLength == l.maxStringLength;
    }

    @Override
    public int hashCode() {
        return ((maxBytes * 31 + maxDepth) * 31 + maxElements) * 31 + maxStringLength;
    }
}
