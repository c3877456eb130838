package com.example.hostprobe;

/** Shipped code whose result is larger than the server lets a call send back. */
public final class SizeProbe {
    private SizeProbe() {}

    public static String text(int length) {
        return "x".repeat(length);
    }
}
