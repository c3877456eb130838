package com.example.hostprobe;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Shipped code that writes a line to {@code ledger}, and then returns, fails, or keeps busy a while. */
public final class LedgerProbe {
    private LedgerProbe() {}

    public static int append(Connection c, String note) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO ledger (note) VALUES (?)")) {
            st.setString(1, note);
            return st.executeUpdate();
        }
    }

    public static int appendThenFail(Connection c, String note) throws SQLException {
        append(c, note);
        throw new IllegalStateException("failed after writing " + note);
    }

    /** Writes, then polls for {@code millis}: a call that is still running when the test looks. */
    public static int appendThenSpin(Connection c, String note, long millis) throws SQLException {
        int n = append(c, note);
        long until = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < until) {
            n += 0;
        }
        return n;
    }

    public static long count(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT count(*) FROM ledger");
                var rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
