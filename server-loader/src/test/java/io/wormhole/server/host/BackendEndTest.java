package io.wormhole.server.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.hostprobe.HostProbe;
import com.example.hostprobe.JdkProbe;
import io.wormhole.server.testing.InBackend;
import io.wormhole.testing.Backends;
import io.wormhole.testing.Bystander;
import io.wormhole.testing.PostgresCluster;
import io.wormhole.testing.Stops;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/**
 * How a backend with a started JVM ends: by a real crash after a native fault, by its own FATAL when a call ignores
 * a stop, and promptly when the server shuts down. Each test has a cluster of its own: they crash, stop and restart
 * servers, and a host without a watchdog leaves backends only SIGKILL ends.
 */
class BackendEndTest {
    /** Beyond a bound, how long a test waits before it calls something hung rather than slow. */
    private static final Duration HUNG = Duration.ofSeconds(5);
    private final ExecutorService clients = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "backend-end-client");
        t.setDaemon(true);
        return t;
    });
    private PostgresCluster.Instance cluster;

    /** Starts this test's cluster; a short name keeps its socket path within the system's limit. */
    private void start(String name) {
        cluster = PostgresCluster.isolated("end-" + name);
    }

    @AfterEach
    void stopCluster() {
        clients.shutdownNow();
        if (cluster != null) {
            cluster.close();
        }
    }

    private Connection trusted() throws SQLException {
        Connection c = cluster.connect();
        try (Statement st = c.createStatement()) {
            st.execute("SET wormhole.trusted = on");
        }
        return c;
    }

    /** Starts a call that only the watchdog can end (a JDK loop that never polls). */
    private Future<Object> runaway(Connection c) {
        return clients.submit(() -> {
            try {
                return InBackend.call(c, JdkProbe.class, "sumBelow", Long.MAX_VALUE);
            } catch (Throwable t) {
                return t;
            }
        });
    }

    private static Object outcomeWithin(Future<Object> call, Duration timeout, String what) throws Exception {
        try {
            return call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(what + " did not end within " + timeout, e);
        }
    }

    @Test
    void aNativeFaultIsARealCrashThatThePostmasterRecoversFrom() throws Throwable {
        start("crash");
        int pid;
        long logFrom = cluster.logSize();
        try (Connection c = trusted(); Connection other = cluster.connect()) {
            pid = Backends.pid(c);
            assertThat(InBackend.call(c, HostProbe.class, "add", 1L, 2L)).isEqualTo(3L);
            PostgresCluster.signal(pid, "SEGV");
            assertThat(Stops.awaitExit(pid, Duration.ofSeconds(10))).as("the faulting backend is gone").isTrue();
            cluster.awaitLog(logFrom, "all server processes terminated; reinitializing", Duration.ofSeconds(30));
            String log = cluster.logSince(logFrom);
            assertThat(log).as("the server log after SIGSEGV in a backend with a JVM")
                    // HotSpot reports the fault and aborts: SIGABRT (6), still a crash the postmaster recovers from.
                    .containsPattern("server process \\(PID " + pid + "\\) was terminated by signal (11|6)")
                    .doesNotContain("[" + pid + "] FATAL:");
            assertThat(other.isValid(2)).as("another session, ended by the crash recovery").isFalse();
        }
        try (Connection fresh = cluster.connect(); Statement st = fresh.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_extension WHERE extname = 'wormhole'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
        try (Connection c = trusted()) {
            assertThat(InBackend.call(c, HostProbe.class, "add", 40L, 2L)).as("a call after recovery").isEqualTo(42L);
        }
    }

    @Test
    void pgCtlStopFastCompletesWithinFiveSecondsWithARunawayInFlight() throws Throwable {
        start("stop");
        long logFrom = cluster.logSize();
        try (Connection c = cluster.connect(); Connection observer = cluster.connect()) {
            assertThat(InBackend.call(c, JdkProbe.class, "sumBelow", 10L)).isEqualTo(45L);
            int pid = Backends.pid(c);
            Future<Object> call = runaway(c);
            Stops.awaitCallActive(observer, pid, Duration.ofSeconds(20));
            long start = System.nanoTime();
            cluster.stop("fast", Duration.ofSeconds(15));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("pg_ctl stop -m fast")
                    .isLessThanOrEqualTo(Duration.ofSeconds(5));
            assertThat(cluster.running()).isFalse();
            assertThat(outcomeWithin(call, HUNG, "the runaway call after the server stopped"))
                    .isInstanceOf(SQLException.class);
        }
        assertThat(PostgresCluster.crashSign(cluster.logSince(logFrom))).isNull();
        cluster.start();
        try (Connection c = cluster.connect()) {
            assertThat(InBackend.call(c, JdkProbe.class, "sumBelow", 10L)).as("a call after a restart")
                    .isEqualTo(45L);
        }
    }

    /**
     * A pool that validates before lending (as HikariCP and pgJDBC-based pools do) replaces a connection whose
     * backend ended itself, and the application goes on with a new backend.
     */
    @Test
    void aPooledClientReconnectsAfterItsBackendEndedItself() throws Throwable {
        start("pool");
        long logFrom = cluster.logSize();
        try (Bystander bystander = Bystander.watch(cluster.connect())) {
            Connection pooled = cluster.connect();
            assertThat(InBackend.call(pooled, JdkProbe.class, "sumBelow", 10L)).isEqualTo(45L);
            int first = Backends.pid(pooled);
            try (Statement st = pooled.createStatement()) {
                st.execute("SET statement_timeout = 1000");
            }
            Future<Object> call = runaway(pooled);
            Duration bound = Duration.ofSeconds(1).plus(Stops.GRACE).plus(Stops.SLACK);
            Object outcome = outcomeWithin(call, bound.plus(HUNG), "a runaway under a 1 s statement_timeout");
            assertThat(Stops.assertStopped((Throwable) outcome, "57014", pooled, first,
                    () -> cluster.logSince(logFrom))).isEqualTo(Stops.Ending.BACKEND_ENDED);
            if (!pooled.isValid(1)) {
                pooled.close();
                pooled = cluster.connect();
            }
            try (Connection replaced = pooled) {
                assertThat(Backends.pid(replaced)).isNotEqualTo(first);
                assertThat(InBackend.call(replaced, JdkProbe.class, "sumBelow", 100L)).isEqualTo(4950L);
            }
            bystander.assertUndisturbed();
        }
        assertThat(PostgresCluster.crashSign(cluster.logSince(logFrom))).isNull();
    }

    /** The grace is the superuser's to set: a role could otherwise keep its runaway alive for as long as it liked. */
    @Test
    void theStopGraceIsASuperuserSettingThatTheWatchdogHonours() throws Throwable {
        start("grace");
        try (Connection c = cluster.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE app LOGIN IN ROLE wormhole_run");
            assertThat(InBackend.call(c, JdkProbe.class, "sumBelow", 10L)).isEqualTo(45L);
            try (ResultSet rs = st.executeQuery("SHOW wormhole.stop_grace")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("500ms");
            }
        }
        try (Connection app = cluster.connect("app"); Statement st = app.createStatement()) {
            assertThat(InBackend.call(app, JdkProbe.class, "sumBelow", 10L)).as("the stored bundle runs for app")
                    .isEqualTo(45L);
            assertThatThrownBy(() -> st.execute("SET wormhole.stop_grace = 3600000"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
        }
        long logFrom = cluster.logSize();
        try (Connection c = cluster.connect(); Connection observer = cluster.connect();
                Statement st = c.createStatement()) {
            assertThat(InBackend.call(c, JdkProbe.class, "sumBelow", 10L)).isEqualTo(45L);
            st.execute("SET wormhole.stop_grace = 2000");
            int pid = Backends.pid(c);
            Future<Object> call = runaway(c);
            Stops.awaitCallActive(observer, pid, Duration.ofSeconds(20));
            // Past the host's own work (which stops cleanly at a cancel): inside the JDK loop that does not poll.
            Stops.awaitBusy(pid, Duration.ofMillis(200), Duration.ofSeconds(20), call::isDone);
            long start = System.nanoTime();
            try (Statement cancel = observer.createStatement()) {
                cancel.execute("SELECT pg_cancel_backend(" + pid + ")");
            }
            // A cancel's grace is the call's CPU time, capped at four times that in wall time on a loaded machine.
            Object outcome = outcomeWithin(call, Duration.ofSeconds(9).plus(HUNG),
                    "a runaway cancelled with a 2 s grace");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(Stops.assertStopped((Throwable) outcome, "57014", c, pid, () -> cluster.logSince(logFrom)))
                    .isEqualTo(Stops.Ending.BACKEND_ENDED);
            assertThat(took).as("a 2 s grace").isBetween(Duration.ofMillis(2000), Duration.ofMillis(9000));
        }
    }
}
