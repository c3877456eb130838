package com.example.hostprobe;

/** A harmless bundle the shadowing tests install and run while the caller's search_path is hostile. */
public final class ShadowProbe {
    private ShadowProbe() {}

    public static long add(long a, long b) {
        return a + b;
    }
}
