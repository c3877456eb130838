package com.example.hostprobe;

import java.util.concurrent.ConcurrentHashMap;

/** Shipped code that asks a concurrent map for a bulk operation spread over the common ForkJoinPool. */
public final class ParallelBulkProbe {
    private ParallelBulkProbe() {}

    public static long sumInParallel(int n) {
        ConcurrentHashMap<Integer, Long> map = new ConcurrentHashMap<>();
        for (int i = 0; i < n; i++) {
            map.put(i, (long) i);
        }
        return map.reduceValuesToLong(1, v -> v, 0L, Long::sum);
    }
}
