package com.example.bench;

import io.wormhole.Remote;
import java.sql.Connection;

/** A bundle of its own, evicted before each sample of the first call of a new bundle. */
public final class Fresh {
    private Fresh() {}

    @Remote
    public static int answer(Connection conn) {
        return 42;
    }
}
