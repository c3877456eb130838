package com.example.hostprobe;

import java.util.ArrayList;
import java.util.List;

/** Shipped code whose result, or whose appetite, is larger than the server lets a call have. */
public final class SizeProbe {
    private SizeProbe() {}

    public static String text(int length) {
        return "x".repeat(length);
    }

    /** Keeps every array it allocates, until the heap is full. */
    public static int hoard() {
        List<long[]> kept = new ArrayList<>();
        while (true) {
            kept.add(new long[1 << 20]);
        }
    }
}
