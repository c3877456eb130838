package com.example.hostprobe;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;

/**
 * Shipped code that calls {@code wormhole.invoke} from inside a call, through its own connection, with frame bytes
 * of its choosing; it uses only JDBC, so it runs for any role.
 */
public final class ReentryProbe {
    private ReentryProbe() {}

    /**
     * Runs {@code sql} (whose one parameter is {@code frame}) and reports how it ended, then, rolled back to a
     * savepoint set before it (a failed statement aborts the call's work, as in any transaction), whether the
     * call's connection still answers.
     */
    public static String reenter(Connection c, String sql, byte[] frame) throws SQLException {
        String seen;
        Savepoint before = c.setSavepoint();
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setBytes(1, frame);
            try (ResultSet rs = st.executeQuery()) {
                seen = rs.next() ? "returned" : "no row";
            }
        } catch (SQLException e) {
            seen = e.getSQLState() + ": " + e.getMessage();
        }
        c.rollback(before);
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 6 * 7")) {
            rs.next();
            return seen + " | then " + rs.getInt(1);
        } catch (SQLException e) {
            return seen + " | then " + e.getSQLState() + ": " + e.getMessage();
        }
    }
}
