package com.example.hostprobe;

/** A bundle the stale-trust tests narrow the allowlist under: it needs {@code String.repeat}. */
public final class TrustProbe {
    private TrustProbe() {}

    public static String twice(String s) {
        return s.repeat(2);
    }
}
