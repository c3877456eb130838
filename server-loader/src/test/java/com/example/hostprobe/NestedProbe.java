package com.example.hostprobe;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Point lookups through JDBC over SPI, for the tools that watch a call's nested statements. */
public final class NestedProbe {
    private NestedProbe() {}

    /** Follows {@code n} links of {@code host_chain} from row 1; returns the key reached. */
    public static int follow(Connection c, int n) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT next FROM host_chain WHERE id = ?")) {
            int key = 1;
            for (int i = 0; i < n; i++) {
                st.setInt(1, key);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    key = rs.getInt(1);
                }
            }
            return key;
        }
    }
}
