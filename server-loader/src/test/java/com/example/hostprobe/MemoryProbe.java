package com.example.hostprobe;

import java.util.ArrayList;
import java.util.List;

/** Shipped code that holds heap: it runs through the verifier and the sandbox, so its loops poll the budget. */
public final class MemoryProbe {
    private static final int MB_OF_LONGS = 1 << 17;

    private MemoryProbe() {}

    /**
     * Holds {@code mb} megabytes in 1 MB pieces, then keeps them while it works for about {@code holdMillis} (long
     * enough for the budget to weigh it), and returns how many it held.
     */
    public static int hold(int mb, long holdMillis) {
        List<long[]> pieces = new ArrayList<>();
        for (int i = 0; i < mb; i++) {
            pieces.add(new long[MB_OF_LONGS]);
        }
        work(pieces, holdMillis);
        return pieces.size();
    }

    /** One array of {@code mb} megabytes, kept while it works for about {@code holdMillis}; returns its length. */
    public static long oneArray(int mb, long holdMillis) {
        long[] array = new long[mb * MB_OF_LONGS];
        work(List.of(array), holdMillis);
        return array.length;
    }

    private static void work(List<long[]> pieces, long millis) {
        long end = System.nanoTime() + millis * 1_000_000L;
        int i = 0;
        while (System.nanoTime() < end) {
            long[] piece = pieces.get(i++ % pieces.size());
            piece[i % piece.length]++;
        }
    }
}
