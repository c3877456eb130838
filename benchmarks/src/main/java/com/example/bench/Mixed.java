package com.example.bench;

import io.wormhole.Remote;
import java.sql.Connection;

/**
 * Application code as the agent finds it: a class with a {@code @Remote} method (which the agent transforms) and
 * ordinary methods beside it, and ordinary arithmetic the agent must leave as fast as it was.
 */
public final class Mixed {
    private Mixed() {}

    @Remote
    public static int remote(Connection conn, int x) {
        return ordinary(x);
    }

    /** Not {@code @Remote}: runs locally, in a class the agent has transformed. */
    public static int ordinary(int x) {
        int h = x;
        for (int i = 0; i < 16; i++) {
            h = h * 31 + i ^ (h >>> 7);
        }
        return h;
    }

    /** A JVM that loads this class (and, through it, the agent's work on it) and calls an ordinary method. */
    public static void main(String[] args) {
        System.out.println(ordinary(args.length));
    }
}
