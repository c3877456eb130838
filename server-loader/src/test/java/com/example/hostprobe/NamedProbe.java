package com.example.hostprobe;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** A method that raises a WARNING, whose name a test rewrites in the class file to carry text of its choosing. */
public final class NamedProbe {
    private NamedProbe() {}

    public static long probe(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("DO $$BEGIN RAISE WARNING 'named probe'; END$$");
        }
        return 42L;
    }
}
