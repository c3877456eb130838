package io.wormhole.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** What tests ask of the backend behind a connection: which process it is, and whether it still answers. */
public final class Backends {
    private Backends() {}

    /** The process id of the connection's backend. */
    public static int pid(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Checks that the connection answers plain SQL: its backend and its transaction are usable. */
    public static void assertUsable(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 6 * 7")) {
            assertThat(rs.next()).as("a row of plain SQL on a connection that should be usable").isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
        }
    }
}
