package com.example.hostprobe;

/** A bundle only the privilege tests ship, so that no other test has installed it before them. */
public final class InstallProbe {
    private InstallProbe() {}

    public static long twice(long x) {
        return 2 * x;
    }
}
