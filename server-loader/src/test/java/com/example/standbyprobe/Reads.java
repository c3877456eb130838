package com.example.standbyprobe;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** A read-only call: what a standby serves. Installed on the primary by the standby tests. */
public final class Reads {
    private Reads() {}

    public static long notes(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM notes")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
