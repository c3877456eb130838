package com.example.clients;

import io.wormhole.Remote;
import io.wormhole.Wormhole;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The backend serving the default connection: a method without a {@code Connection} parameter. A class of its own, so
 * that the test class's discovery does not load it before the agent is installed.
 */
public final class DefaultBackend {
    private DefaultBackend() {}

    @Remote
    public static int pid() throws SQLException {
        try (Statement st = Wormhole.connection().createStatement();
                ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
