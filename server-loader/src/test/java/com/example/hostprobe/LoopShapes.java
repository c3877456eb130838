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

    /**
     * A loop inside {@code synchronized} that turns through a handler a {@code finally} block covers: what stops the
     * call at the handler's entry goes through the {@code finally} block's entry, then javac's release.
     */
    public static long spinThroughACatchWhileLocked() {
        long n = 0;
        synchronized (LOCK) {
            while (n >= 0) {
                try {
                    n += Long.parseLong(n % 2 == 0 ? "x" : "1");
                } catch (NumberFormatException e) {
                    n = (n + 1) % 1_000_000_007L;
                } finally {
                    n++;
                }
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
