package com.example.attacks;

import io.wormhole.Remote;
import java.sql.Connection;

/** A harmless bundle the DBA will evict after backends came to hold it. */
public final class Evicted {
    private Evicted() {}

    @Remote public static long negate(Connection c, long x) {
        return -x;
    }
}
