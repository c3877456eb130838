package com.example.c2frames;

/**
 * Loops and recursions for {@code CompiledC2StopsTest}: warmed up until C2 compiles them (whole and by on-stack
 * replacement), then run without end under {@code statement_timeout}. C2 must keep the polls the weaving put at
 * their backward branches and entries: it may not hoist the flag's read, strip-mine the poll out, vectorize it away,
 * or turn a counted loop into its closed form.
 */
public final class C2Loops {
    private C2Loops() {}

    /** A counted {@code long} loop. */
    public static long longLoop(long n) {
        long s = 0;
        for (long i = 0; i < n; i++) {
            s += i ^ (s >>> 3);
        }
        return s;
    }

    /** Nested counted {@code int} loops, the inner one a sum C2 could compute in closed form without its poll. */
    public static long nestedSums(int rounds) {
        long s = 0;
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < 1_000_000; i++) {
                s += i;
            }
        }
        return s;
    }

    /** An array loop C2 would vectorize and unroll. */
    public static long arrayLoop(int rounds) {
        int[] a = new int[4096];
        long s = 0;
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < a.length; i++) {
                a[i] += i * r;
            }
            s += a[r & 4095];
        }
        return s;
    }

    /** An empty counted loop: only the poll is left in its body. */
    public static int emptyLoop(int n) {
        int k = 0;
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < n; i++) {
                // nothing
            }
            k++;
        }
        return k;
    }

    /** Recursion without a loop: only the entries poll. */
    public static long fib(int n) {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }

    /** A loop whose only work is a call C2 inlines (a shipped getter-like leaf). */
    public static long leafCalls(long n) {
        long s = 0;
        for (long i = 0; i < n; i++) {
            s += mix(i, s);
        }
        return s;
    }

    private static long mix(long i, long s) {
        return (i * 31) ^ (s >>> 7);
    }
}
