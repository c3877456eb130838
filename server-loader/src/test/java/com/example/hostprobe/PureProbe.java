package com.example.hostprobe;

/** Shipped code that uses nothing beyond the allowlist: it runs for any role, through the verifier and sandbox. */
public final class PureProbe {
    private PureProbe() {}

    public static long add(long a, long b) {
        return a + b;
    }

    public static long spin() {
        long n = 0;
        while (n >= 0) {
            n = (n + 1) % 1_000_000_007L;
        }
        return n;
    }

    public static String swallow() {
        while (true) {
            try {
                spin();
            } catch (Throwable t) {
                // Shipped code may try to swallow the error that stops its call; the budget guard rethrows it.
            }
        }
    }

    public static String print(String text) {
        System.out.println(text);
        return text;
    }
}
