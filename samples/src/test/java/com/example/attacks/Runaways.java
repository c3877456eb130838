package com.example.attacks;

import io.wormhole.Remote;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

/** Code that would never stop, or exhaust the backend, unless the budget and the JVM's limits stop it. */
public final class Runaways {
    private Runaways() {}

    /** Starts the backend's JVM, so that a timeout after it can only catch the runaway. */
    @Remote public static int ready(Connection c) {
        return 1;
    }

    @Remote public static long spin(Connection c) {
        long n = 0;
        while (n >= 0) {
            n = (n * 31 + 7) & 0x7fffffff;
        }
        return n;
    }

    @Remote public static long swallowEverything(Connection c) {
        long n = 0;
        while (true) {
            try {
                n = spin(c) + n;
            } catch (Throwable t) {
                n++;
            }
        }
    }

    @Remote public static boolean catastrophicRegex(Connection c) {
        return "a".repeat(40).matches("(.*a){12}x");
    }

    @Remote public static int recurse(Connection c, int depth) {
        return recurse(c, depth + 1) + 1;
    }

    @Remote public static int allocate(Connection c) {
        List<long[]> hog = new ArrayList<>();
        while (true) {
            hog.add(new long[1 << 20]);
        }
    }
}
