package com.example.lockprobe;

/** A bundle of its own for one scenario of the hidden-locks tests, so that each starts from a bundle not stored yet. */
public final class RolledBack {
    private RolledBack() {}

    public static long echo(long x) {
        return x;
    }
}
