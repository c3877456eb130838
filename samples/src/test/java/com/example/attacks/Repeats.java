package com.example.attacks;

import io.wormhole.Remote;
import java.sql.Connection;

/** A harmless bundle that needs {@code String.repeat}, which the DBA will deny after backends came to hold it. */
public final class Repeats {
    private Repeats() {}

    @Remote public static String twice(Connection c, String s) {
        return s.repeat(2);
    }
}
