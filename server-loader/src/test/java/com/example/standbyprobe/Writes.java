package com.example.standbyprobe;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** A writing call: PostgreSQL refuses its INSERT on a standby. */
public final class Writes {
    private Writes() {}

    public static int add(Connection conn, String note) throws SQLException {
        try (PreparedStatement st = conn.prepareStatement("INSERT INTO notes (note) VALUES (?)")) {
            st.setString(1, note);
            return st.executeUpdate();
        }
    }
}
