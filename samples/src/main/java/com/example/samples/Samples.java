package com.example.samples;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Where the samples' own connections come from: the same settings the agent reads for its default connection. */
final class Samples {
    private Samples() {}

    static Connection connect() throws SQLException {
        String url = setting("wormhole.url", "WORMHOLE_URL");
        if (url == null) {
            throw new IllegalStateException("set WORMHOLE_URL (and WORMHOLE_USER, WORMHOLE_PASSWORD) or"
                    + " -Dwormhole.url to a database with the wormhole extension");
        }
        return DriverManager.getConnection(url, setting("wormhole.user", "WORMHOLE_USER"),
                setting("wormhole.password", "WORMHOLE_PASSWORD"));
    }

    private static String setting(String property, String variable) {
        String value = System.getProperty(property);
        return value != null ? value : System.getenv(variable);
    }
}
