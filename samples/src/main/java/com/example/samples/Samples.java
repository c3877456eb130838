package com.example.samples;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Where the samples' own connections come from: the same settings the agent reads for its default connection. */
final class Samples {
    private Samples() {}

    static Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), setting("wormhole.user", "WORMHOLE_USER"),
                setting("wormhole.password", "WORMHOLE_PASSWORD"));
    }

    /** The same database through {@code proxy} on this machine (the URL's host and port replaced). */
    static Connection connectThrough(DelayProxy proxy) throws SQLException {
        String url = url().replaceFirst("//[^/]*/", "//127.0.0.1:" + proxy.port() + "/");
        return DriverManager.getConnection(url, setting("wormhole.user", "WORMHOLE_USER"),
                setting("wormhole.password", "WORMHOLE_PASSWORD"));
    }

    /** The port of the URL's server (5432 when it names none). */
    static int port() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("//[^/:]*(?::(\\d+))?/").matcher(url());
        return m.find() && m.group(1) != null ? Integer.parseInt(m.group(1)) : 5432;
    }

    private static String url() {
        String url = setting("wormhole.url", "WORMHOLE_URL");
        if (url == null) {
            throw new IllegalStateException("set WORMHOLE_URL (and WORMHOLE_USER, WORMHOLE_PASSWORD) or"
                    + " -Dwormhole.url to a database with the wormhole extension");
        }
        return url;
    }

    private static String setting(String property, String variable) {
        String value = System.getProperty(property);
        return value != null ? value : System.getenv(variable);
    }
}
