package io.wormhole.server.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.hostprobe.DeepProbe;
import com.example.hostprobe.HostProbe;
import com.example.hostprobe.PureProbe;
import com.example.hostprobe.StackProbe;
import io.wormhole.server.testing.InBackend;
import io.wormhole.testing.Backends;
import io.wormhole.testing.Bystander;
import io.wormhole.testing.PostgresCluster;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.util.PSQLException;

/**
 * PostgreSQL keeps the stack it believes it has once a backend started its JVM: its own deepest recursions stay a
 * clean "stack depth limit exceeded" (54001), Java recursion is a clean error, and a statement issued from deep in
 * Java recursion runs or fails cleanly; the backend survives each, and no other session notices (the shared
 * cluster's log is checked for crashes after the class).
 */
@ExtendWith(PostgresCluster.class)
class StackDepthTest {
    private static final String PLPGSQL_RECURSION = "CREATE FUNCTION pg_temp.down(n int) RETURNS int LANGUAGE plpgsql"
            + " AS $$ BEGIN RETURN pg_temp.down(n + 1) + 1; END $$";
    private static final String NESTED_JSONB = "SELECT (repeat('[', 20000) || repeat(']', 20000))::jsonb";

    /** A backend whose JVM has started, with the host probes allowed. */
    private static Connection withJvm() throws Throwable {
        Connection c = PostgresCluster.connect();
        try (Statement st = c.createStatement()) {
            st.execute("SET wormhole.trusted = on");
        }
        assertThat(InBackend.call(c, HostProbe.class, "add", 1L, 2L)).isEqualTo(3L);
        assertThat(Backends.runsJvm(Backends.pid(c))).isTrue();
        return c;
    }

    private static void assertStackDepthExceeded(Connection c, String sql) throws SQLException {
        int pid = Backends.pid(c);
        try (Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.execute(sql)).as(sql.length() > 80 ? sql.substring(0, 80) + "…" : sql)
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("54001");
                        assertThat(e.getMessage()).contains("stack depth limit exceeded");
                    });
        }
        assertThat(Backends.pid(c)).as("the backend after " + sql.substring(0, Math.min(40, sql.length())))
                .isEqualTo(pid);
    }

    private static String plusChain(int terms) {
        return "SELECT " + String.join("+", Collections.nCopies(terms, "1"));
    }

    @Test
    void plpgsqlRecursionToTheLimitIsACleanErrorAfterTheJvmStarted() throws Throwable {
        try (Bystander bystander = Bystander.watch(PostgresCluster.connect()); Connection c = withJvm();
                Statement st = c.createStatement()) {
            st.execute(PLPGSQL_RECURSION);
            assertStackDepthExceeded(c, "SELECT pg_temp.down(0)");
            assertStackDepthExceeded(c, "SELECT pg_temp.down(0)");
            assertThat(InBackend.call(c, HostProbe.class, "add", 2L, 3L)).as("a call afterwards").isEqualTo(5L);
            bystander.assertUndisturbed();
        }
    }

    @Test
    void deeplyNestedJsonbIsACleanErrorAfterTheJvmStarted() throws Throwable {
        try (Bystander bystander = Bystander.watch(PostgresCluster.connect()); Connection c = withJvm()) {
            assertStackDepthExceeded(c, NESTED_JSONB);
            assertThat(InBackend.call(c, HostProbe.class, "add", 2L, 3L)).as("a call afterwards").isEqualTo(5L);
            bystander.assertUndisturbed();
        }
    }

    @Test
    void aDeepExpressionTreeIsACleanErrorAfterTheJvmStarted() throws Throwable {
        try (Bystander bystander = Bystander.watch(PostgresCluster.connect()); Connection c = withJvm()) {
            assertStackDepthExceeded(c, plusChain(100_000));
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(plusChain(1000))) {
                rs.next();
                assertThat(rs.getInt(1)).as("a chain PostgreSQL can take").isEqualTo(1000);
            }
            bystander.assertUndisturbed();
        }
    }

    @Test
    void javaRecursionEndsTheCallCleanlyAndPostgresRecursionStillFailsCleanly() throws Throwable {
        try (Bystander bystander = Bystander.watch(PostgresCluster.connect()); Connection c = withJvm();
                Statement st = c.createStatement()) {
            int pid = Backends.pid(c);
            st.execute(PLPGSQL_RECURSION);
            for (int round = 0; round < 2; round++) {
                assertThatThrownBy(() -> InBackend.call(c, HostProbe.class, "recurse", 0))
                        .satisfiesAnyOf(e -> assertThat(e).isInstanceOf(StackOverflowError.class),
                                e -> assertThat(e).isInstanceOfSatisfying(SQLException.class,
                                        s -> assertThat(s.getSQLState()).isEqualTo("54001")));
                assertThat(Backends.pid(c)).isEqualTo(pid);
                assertStackDepthExceeded(c, "SELECT pg_temp.down(0)");
                assertStackDepthExceeded(c, NESTED_JSONB);
            }
            assertThat(InBackend.call(c, HostProbe.class, "sum", 100)).isEqualTo(5050);
            bystander.assertUndisturbed();
        }
    }

    /**
     * From every depth of Java recursion up to the overflow, a statement that itself recurses in PostgreSQL either
     * runs or fails with 54001 (or the recursion overflows in Java first): the host checks the stack left before
     * PostgreSQL runs, whatever Java used.
     */
    @Test
    void aStatementFromDeepJavaRecursionRunsOrIsACleanError() throws Throwable {
        String statement = "SELECT ((repeat('[', 3000) || repeat(']', 3000))::jsonb IS NOT NULL)::text";
        try (Bystander bystander = Bystander.watch(PostgresCluster.connect()); Connection c = withJvm()) {
            int pid = Backends.pid(c);
            assertThatThrownBy(() -> InBackend.call(c, StackProbe.class, "overflow"))
                    .isInstanceOf(StackOverflowError.class);
            int deepest = (Integer) InBackend.call(c, StackProbe.class, "reached");
            assertThat(deepest).as("levels of Java recursion that fit").isGreaterThan(1000);
            int ran = 0;
            for (double fraction : new double[] {0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.98, 0.99, 0.995,
                0.999, 1.0}) {
                int depth = (int) (deepest * fraction);
                Object outcome;
                try {
                    outcome = InBackend.call(c, StackProbe.class, "queryAt", depth, statement);
                } catch (StackOverflowError | SQLException e) {
                    outcome = e;
                }
                assertThat(outcome).as("a statement from %d levels of Java recursion", depth).satisfiesAnyOf(
                        o -> assertThat(o).isEqualTo("true"),
                        o -> assertThat(o).isInstanceOf(StackOverflowError.class),
                        o -> assertThat(o).isInstanceOfSatisfying(SQLException.class,
                                e -> assertThat(e.getSQLState()).isIn("54001")));
                if ("true".equals(outcome)) {
                    ran++;
                }
                assertThat(Backends.pid(c)).as("the backend after a statement from depth %d", depth).isEqualTo(pid);
            }
            assertThat(ran).as("statements that ran from a shallow depth").isGreaterThanOrEqualTo(2);
            bystander.assertUndisturbed();
        }
    }

    /**
     * An interrupt that stops nothing (a DBA's {@code pg_log_backend_memory_contexts} here; PostgreSQL's own stats
     * flush, 10 s after a busy moment, is another) reaching a call whose Java frames leave PostgreSQL too little stack
     * to process it waits until the call has unwound: the host stopped such calls ("the call was asked to stop").
     */
    @Test
    void anInterruptThatStopsNothingWaitsWhileJavaRunsTooDeepForPostgres() throws Throwable {
        try (Connection c = PostgresCluster.connect()) {
            int pid = Backends.pid(c);
            long logFrom = PostgresCluster.shared().logSize();
            Bounded.Running<Object> call = Bounded.start(c,
                    () -> InBackend.call(c, DeepProbe.class, "spinBelowWhereNoStatementFits", null, 0, 500, 2_000L));
            Object depth = null;
            int sent = 0;
            while (depth == null) {
                Sessions.dbaValue("SELECT pg_log_backend_memory_contexts(?)", pid);
                sent++;
                try {
                    depth = call.future().get(100, TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillRunning) {
                    // Another interrupt, sent while the call spins deep.
                }
            }
            assertThat((Integer) depth).as("levels of Java recursion below which no statement fits")
                    .isGreaterThan(1000);
            assertThat(sent).as("interrupts sent while the call ran").isGreaterThan(5);
            PostgresCluster.shared().awaitLog(logFrom, "logging memory contexts of PID " + pid, Duration.ofSeconds(30));
            assertThat(InBackend.call(c, PureProbe.class, "add", 1L, 2L)).as("a later call").isEqualTo(3L);
            assertThat(Backends.pid(c)).isEqualTo(pid);
        }
    }

    /**
     * What does stop a call still stops it down there: a statement_timeout that fires while the call spins too deep
     * for PostgreSQL (it gets there in well under a second, and would spin for a minute) ends it with 57014, and the
     * backend goes on.
     */
    @Test
    void aTimeoutStillStopsACallThatRunsTooDeepForPostgres() throws Throwable {
        try (Connection c = PostgresCluster.connect(); Statement st = c.createStatement()) {
            int pid = Backends.pid(c);
            st.execute("SET statement_timeout = '3s'");
            assertThatThrownBy(() -> Bounded.within(c, () -> InBackend.call(c, DeepProbe.class,
                    "spinBelowWhereNoStatementFits", null, 0, 500, 60_000L)))
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("57014");
                        assertThat(e.getMessage()).contains("statement timeout");
                    });
            st.execute("SET statement_timeout = 0");
            assertThat(InBackend.call(c, PureProbe.class, "add", 1L, 2L)).as("a later call").isEqualTo(3L);
            assertThat(Backends.pid(c)).isEqualTo(pid);
        }
    }
}
