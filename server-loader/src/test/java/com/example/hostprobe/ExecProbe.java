package com.example.hostprobe;

import java.io.IOException;

/** Shipped code that starts a process: only an allowlist hijacked into {@code allow java.**} would let it run. */
public final class ExecProbe {
    public static final String MARKER = "/tmp/wormhole-hostsql-exec-marker";

    private ExecProbe() {}

    public static String touch() throws IOException {
        Runtime.getRuntime().exec(new String[] {"touch", MARKER});
        return "ran";
    }
}
