package com.example.hostprobe;

/** Loops javac writes whose stop depends on polls at handler entries. */
public final class LoopShapes {
    private static final Object LOCK = new Object();

    private LoopShapes() {}

    /**
     * A loop inside {@code synchronized}: javac's handler that releases the monitor covers its own code, so a guard
     * placed in it would catch what it rethrows, forever.
     */
    public static long spinWhileLocked() {
        long n = 0;
        synchronized (LOCK) {
            while (n >= 0) {
                n = (n + 1) % 1_000_000_007L;
            }
        }
        return n;
    }

    public static long countWhileLocked(long limit) {
        long n = 0;
        synchronized (LOCK) {
            while (n < limit) {
                n++;
            }
        }
        return n;
    }
}
