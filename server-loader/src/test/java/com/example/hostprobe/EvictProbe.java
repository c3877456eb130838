package com.example.hostprobe;

/** A bundle only the eviction tests ship and evict. */
public final class EvictProbe {
    private EvictProbe() {}

    public static long negate(long x) {
        return -x;
    }
}
