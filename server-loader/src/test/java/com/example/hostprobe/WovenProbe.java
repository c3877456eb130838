package com.example.hostprobe;

/** A bundle whose stored woven classes the tests rewrite: its answer names the code that ran; it needs String.repeat. */
public final class WovenProbe {
    private WovenProbe() {}

    public static String word(String s) {
        return "as shipped: " + s.repeat(2);
    }
}
