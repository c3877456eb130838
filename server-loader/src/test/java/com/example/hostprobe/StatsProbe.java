package com.example.hostprobe;

/** Two methods of one bundle, one of which always fails, for the per-method statistics. */
public final class StatsProbe {
    private StatsProbe() {}

    public static long twice(long x) {
        return 2 * x;
    }

    public static long fail(String why) {
        throw new IllegalStateException(why);
    }
}
