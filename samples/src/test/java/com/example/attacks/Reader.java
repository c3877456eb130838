package com.example.attacks;

import io.wormhole.Remote;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Shipped code that reads whatever table it is told to: grants and row-level security must still hold. */
public final class Reader {
    private Reader() {}

    @Remote public static long count(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
