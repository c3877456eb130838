package com.example.samples;

import io.wormhole.Remote;
import io.wormhole.Wormhole;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Where a call runs, and what it sees: handy when porting code, and what the tests check. */
public final class Diagnostics {
    private Diagnostics() {}

    /** The process id of the backend the call ran in. */
    @Remote
    public static int backendPid(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** The server's version, through the default connection: no Connection parameter. */
    @Remote
    public static String serverVersion() throws SQLException {
        try (Statement st = Wormhole.connection().createStatement();
                ResultSet rs = st.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Fails with a serialization failure until its sequence has moved past {@code failures}; then says how often. */
    @Remote(retries = 3)
    public static long flaky(Connection conn, int failures) throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT nextval('flaky_calls')")) {
            rs.next();
            long call = rs.getLong(1);
            if (call <= failures) {
                throw new SQLException("could not serialize access (simulated, call " + call + ")", "40001");
            }
            return call;
        }
    }
}
