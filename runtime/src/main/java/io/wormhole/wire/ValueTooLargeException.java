package io.wormhole.wire;

/** A value whose encoding would pass the size it may take: the writer stopped before building it. */
public final class ValueTooLargeException extends ValueException {
    private final int limit;

    public ValueTooLargeException(String what, int limit) {
        super(what + " does not fit in " + limit + " bytes once encoded");
        this.limit = limit;
    }

    /** The most bytes the encoding was allowed. */
    public int limit() {
        return limit;
    }
}
