package com.example.attacks;

import io.wormhole.Remote;
import java.sql.Connection;

/** Starts a process: passes only if the verifier read an allowlist the caller rewrote through its search_path. */
public final class Hijack {
    private Hijack() {}

    public static final String MARKER = "/tmp/wormhole-hijack-marker";

    @Remote public static Object exec(Connection c) throws Exception {
        return Runtime.getRuntime().exec(new String[] {"touch", MARKER});
    }
}
