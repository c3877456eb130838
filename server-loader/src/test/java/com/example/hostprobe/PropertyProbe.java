package com.example.hostprobe;

/** Reads a system property: only an allowlist someone widened lets it in. */
public final class PropertyProbe {
    private PropertyProbe() {}

    public static String specification() {
        return System.getProperty("java.specification.version");
    }
}
