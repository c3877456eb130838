package com.example.deploy;

import static io.wormhole.testing.Backends.pid;
import static org.assertj.core.api.Assertions.assertThat;

import io.wormhole.agent.Premain;
import io.wormhole.testing.PgBouncer;
import io.wormhole.testing.PostgresCluster;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls through the agent and a real PgBouncer (Debian's 1.18) in transaction pooling mode, where each transaction
 * of a client may run on another server connection: calls, calls inside the application's transaction and first
 * calls of new bundles work. They need no {@code prepareThreshold=0} (which the application's own statements need
 * there): a connection's first call is a statement, and those after it are function-call messages, so pgJDBC never
 * prepares a call's statement on the server, where it would meet another client's of the same name.
 */
class PgBouncerCallsTest {
    /** What PgBouncer before 1.21 (no prepared statement support) needs of pgJDBC. */
    private static final String NO_SERVER_PREPARE = "prepareThreshold=0";

    @TempDir
    static Path releases;
    private static PostgresCluster.Instance server;
    private static PgBouncer bouncer;

    @BeforeAll
    static void serverAndBouncer() throws SQLException {
        Premain.install(ByteBuddyAgent.install());
        server = PostgresCluster.isolated("bouncer-server");
        try (Connection c = server.connect()) {
            NotesApp.createTable(c);
        }
        bouncer = PgBouncer.inFrontOf(server, "calls");
    }

    @AfterAll
    static void stop() {
        try {
            if (server != null) {
                assertThat(PostgresCluster.crashSign(server.logSince(0))).as("crash in " + server.logFile()).isNull();
            }
        } finally {
            if (bouncer != null) {
                bouncer.close();
            }
            if (server != null) {
                server.close();
            }
        }
    }

    private static Connection through(String database, String settings) throws SQLException {
        return DriverManager.getConnection(bouncer.url(database, PostgresCluster.superuser(), settings));
    }

    @Test
    void aCallInsideTheApplicationsTransactionRunsInItsServerConnectionAndANewBundleReachesOtherBackendsByHash()
            throws Throwable {
        NotesApp app = NotesApp.release(releases, "pooled");
        try (Connection inTransaction = through("postgres", NO_SERVER_PREPARE);
                Connection other = through("postgres", NO_SERVER_PREPARE)) {
            String before = app.where(other);
            inTransaction.setAutoCommit(false);
            try (Statement st = inTransaction.createStatement()) {
                st.execute("INSERT INTO notes (note) VALUES ('not committed')");
            }
            int pinned = pid(inTransaction);
            // The open transaction holds its server connection: this first call of the bundle runs on another.
            assertThat(app.backend(other)).isNotEqualTo(pinned);
            // Sent by hash now (the client shipped it once to this server), to a backend that never saw the bytes.
            assertThat(app.backend(inTransaction)).as("the call joins the transaction's backend").isEqualTo(pinned);
            long count = Long.parseLong(before.substring("primary ".length()));
            assertThat(app.where(inTransaction)).as("it sees the transaction's own insert")
                    .isEqualTo("primary " + (count + 1));
            inTransaction.rollback();
            assertThat(app.where(inTransaction)).isEqualTo("primary " + count);
        }
    }

    @Test
    void manyClientsShareTheServerConnectionsAndEveryCallGetsThrough() throws Throwable {
        NotesApp app = NotesApp.release(releases, "busy");
        ExecutorService clients = Executors.newFixedThreadPool(2 * PgBouncer.POOL_SIZE);
        try {
            List<Future<Set<Integer>>> done = new ArrayList<>();
            for (int t = 0; t < 2 * PgBouncer.POOL_SIZE; t++) {
                done.add(clients.submit(() -> {
                    Set<Integer> backends = new HashSet<>();
                    try (Connection c = through("postgres", NO_SERVER_PREPARE)) {
                        for (int i = 0; i < 40; i++) {
                            backends.add(app.backend(c));
                            assertThat(app.where(c)).startsWith("primary ");
                        }
                    } catch (Throwable e) {
                        throw new AssertionError(e);
                    }
                    return backends;
                }));
            }
            Set<Integer> backends = new HashSet<>();
            for (Future<Set<Integer>> f : done) {
                backends.addAll(f.get());
            }
            assertThat(backends.size()).as("server connections used").isBetween(1, PgBouncer.POOL_SIZE);
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void twoClientsOfOneServerConnectionCallWithoutPrepareThresholdZero() throws Throwable {
        NotesApp app = NotesApp.release(releases, "collide");
        // pgJDBC prepares a statement on the server at its fifth run, naming it S_1 on every connection: were calls
        // statements, a's and b's would collide on the one server connection (42P05, 26000).
        try (Connection a = through("postgres_single", ""); Connection b = through("postgres_single", "")) {
            for (int i = 0; i < 6; i++) {
                assertThat(app.where(a)).startsWith("primary ");
                assertThat(app.where(b)).startsWith("primary ");
            }
        }
    }
}
