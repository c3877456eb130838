package com.example.hostprobe;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * {@link LedgerProbe#append} in a bundle of its own (the test harness ships one class and its nested ones): a test
 * whose two sessions each call one touches no bundle row the other's call might lock (bundle statistics are still
 * written in the caller's transaction).
 */
public final class LedgerTwin {
    private LedgerTwin() {}

    public static int append(Connection c, String note) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO ledger (note) VALUES (?)")) {
            st.setString(1, note);
            return st.executeUpdate();
        }
    }
}
