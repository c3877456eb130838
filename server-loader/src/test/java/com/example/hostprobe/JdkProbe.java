package com.example.hostprobe;

import java.util.stream.LongStream;

/** Shipped code whose time goes inside the JDK, where no poll reaches it; pure, so it runs for any role. */
public final class JdkProbe {
    private JdkProbe() {}

    public static long sumBelow(long end) {
        return LongStream.range(0, end).sum();
    }
}
