package com.example.bench;

/** A tight arithmetic loop: the worst case for the budget's polls at backward branches. */
public final class TightLoop {
    private TightLoop() {}

    public static long mix(int n) {
        long h = 17;
        for (int i = 0; i < n; i++) {
            h = h * 31 + (i ^ (h >>> 7));
        }
        return h;
    }
}
