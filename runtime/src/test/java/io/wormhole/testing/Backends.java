package io.wormhole.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    /**
     * Whether backend {@code pid} runs a JVM. Its libraries are no sign (the postmaster maps them for every backend),
     * but its threads are: a backend is one thread until its JVM starts its own.
     */
    public static boolean runsJvm(int pid) {
        try (var tasks = Files.list(Path.of("/proc", Integer.toString(pid), "task"))) {
            return tasks.count() > 1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void assertUsable(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 6 * 7")) {
            assertThat(rs.next()).as("a row of plain SQL on a connection that should be usable").isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
        }
    }
}
