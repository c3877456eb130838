package io.wormhole.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Another session of the same cluster, watched while a test ends or crashes a backend: it must keep its backend
 * and the postmaster must not have restarted (a restart would give it a new start time and end every session).
 */
public final class Bystander implements AutoCloseable {
    private final Connection connection;
    private final int pid;
    private final String postmasterStarted;

    private Bystander(Connection connection) throws SQLException {
        this.connection = connection;
        this.pid = Backends.pid(connection);
        this.postmasterStarted = postmasterStart(connection);
    }

    /** Watches the session of {@code connection}, which it closes at the end. */
    public static Bystander watch(Connection connection) throws SQLException {
        return new Bystander(connection);
    }

    public Connection connection() {
        return connection;
    }

    public void assertUndisturbed() throws SQLException {
        assertThat(Backends.pid(connection)).as("the bystander's backend").isEqualTo(pid);
        assertThat(postmasterStart(connection)).as("pg_postmaster_start_time()").isEqualTo(postmasterStarted);
    }

    private static String postmasterStart(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT pg_postmaster_start_time()::text")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
