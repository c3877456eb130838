package com.example.calls;

import io.wormhole.Remote;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** A lookup in the database that serves the call, and what the server says while it runs. */
public final class Lookups {
    private Lookups() {}

    /** The backend's pid and {@code x} squared by SQL, after a NOTICE naming {@code x}. */
    @Remote
    public static String square(Connection c, int x) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("DO $$ BEGIN RAISE NOTICE 'squaring " + x + "'; END $$");
        }
        try (PreparedStatement st = c.prepareStatement("SELECT pg_backend_pid(), ? * ?")) {
            st.setInt(1, x);
            st.setInt(2, x);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1) + ":" + rs.getInt(2);
            }
        }
    }

    /** Sleeps in SQL for {@code seconds}. */
    @Remote
    public static void sleep(Connection c, int seconds) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SELECT pg_sleep(" + seconds + ")");
        }
    }
}
