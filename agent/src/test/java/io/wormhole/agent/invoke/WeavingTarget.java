package io.wormhole.agent.invoke;

import io.wormhole.Remote;

/** A class as an application writes it, for {@link RemoteWeaverTest}: the bodies of its @Remote methods must not run. */
public class WeavingTarget {
    private final String name;

    public WeavingTarget(String name) {
        this.name = name;
    }

    @Remote
    public static int mix(int i, long l, double d, boolean z, char c, byte b, short s, float f, String text,
            int[] ints) {
        throw new AssertionError("ran locally");
    }

    @Remote(retries = 2)
    public String describe(String prefix) {
        throw new AssertionError("ran locally");
    }

    @Remote
    public static void nothing() {
        throw new AssertionError("ran locally");
    }

    @Remote
    public static long[] longs(long first) {
        throw new AssertionError("ran locally");
    }

    @Remote
    public static double half(double x) {
        if (x > 0) {
            for (int i = 0; i < 3; i++) {
                x -= i;
            }
        }
        throw new AssertionError("ran locally");
    }

    @Remote
    public static boolean flag() {
        throw new AssertionError("ran locally");
    }

    /** Runs in local mode: a loop (its frames must survive the move) and the receiver's field. */
    @Remote
    public String repeat(int times, long unused) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < times; i++) {
            out.append(name);
        }
        return out.toString();
    }

    @Remote
    public static double fails(double x) {
        throw new IllegalStateException("failed with " + x);
    }

    public String local(int x) {
        return name + (x + 1);
    }
}
