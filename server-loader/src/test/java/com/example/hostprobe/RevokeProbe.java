package com.example.hostprobe;

/** A bundle only the revocation tests ship. */
public final class RevokeProbe {
    private RevokeProbe() {}

    public static long square(long x) {
        return x * x;
    }
}
