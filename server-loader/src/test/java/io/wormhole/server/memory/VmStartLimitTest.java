package io.wormhole.server.memory;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.hostprobe.PureProbe;
import io.wormhole.server.testing.InBackend;
import io.wormhole.testing.Backends;
import io.wormhole.testing.PostgresCluster;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/**
 * At most {@code wormhole.max_starting_vms} backends start their Java VM at once: the others wait their turn,
 * visibly (wait_event_type Extension) and cancellably.
 */
class VmStartLimitTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private final ExecutorService clients = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "start-client");
        t.setDaemon(true);
        return t;
    });
    private PostgresCluster.Instance cluster;

    @AfterEach
    void stop() {
        clients.shutdownNow();
        PostgresCluster.closeCheckingLogs(cluster);
    }

    @Test
    void startsTakeTurnsVisiblyAndAWaitingStartCanBeCancelled() throws Throwable {
        cluster = PostgresCluster.isolated("mem-starts");
        cluster.stop("fast", Duration.ofSeconds(30));
        cluster.start("wormhole.max_starting_vms=1");
        int backends = 4;
        List<Connection> connections = new ArrayList<>();
        List<Long> pids = new ArrayList<>();
        try (Connection observer = cluster.connect()) {
            for (int i = 0; i < backends; i++) {
                Connection c = cluster.connect();
                connections.add(c);
                pids.add((long) Backends.pid(c));
            }
            List<Future<Object>> calls = new ArrayList<>();
            for (Connection c : connections) {
                calls.add(clients.submit(
                        () -> MemoryBudgetTest.unchecked(() -> InBackend.call(c, PureProbe.class, "add", 20L, 22L))));
            }
            long waiter = awaitWaiter(observer, pids);
            assertThat(startsWaiting(observer)).isGreaterThanOrEqualTo(1);
            try (Statement st = observer.createStatement()) {
                st.execute("SELECT pg_cancel_backend(" + waiter + ")");
            }
            int cancelled = 0;
            for (int i = 0; i < backends; i++) {
                Future<Object> call = calls.get(i);
                if (pids.get(i) == waiter) {
                    Throwable failure = catchFailure(call);
                    assertThat(failure).isInstanceOfSatisfying(PSQLException.class,
                            e -> assertThat(e.getSQLState()).isEqualTo("57014"));
                    cancelled++;
                } else {
                    assertThat(call.get(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(42L);
                }
            }
            assertThat(cancelled).isEqualTo(1);
            // The cancelled session starts its VM on its next call; no turn is left held or counted as waiting.
            Connection again = connections.get(pids.indexOf(waiter));
            assertThat(InBackend.call(again, PureProbe.class, "add", 1L, 2L)).isEqualTo(3L);
            try (Statement st = observer.createStatement();
                    ResultSet rs = st.executeQuery("SELECT starting, waiting FROM wormhole.vm_starts()")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
                assertThat(rs.getInt(2)).isZero();
            }
        } finally {
            for (Connection c : connections) {
                c.close();
            }
        }
    }

    /**
     * {@code wormhole.start_vm()} cut short anywhere (waiting for its turn, creating the VM, running the warm-up
     * call) by {@code statement_timeout} or {@code pg_cancel_backend}: a clean 57014, the backend's next call works,
     * and no start turn stays held. With one turn in all, a turn kept by an interrupted start would leave every later
     * start waiting.
     */
    @Test
    void aStartCutShortByATimeoutOrACancelKeepsNoTurnAndLeavesTheBackendUsable() throws Throwable {
        cluster = PostgresCluster.isolated("mem-start-cut");
        cluster.stop("fast", Duration.ofSeconds(30));
        cluster.start("wormhole.max_starting_vms=1");
        int cut = 0;
        try (Connection observer = cluster.connect()) {
            for (int timeoutMs : new int[] {1, 10, 40, 80, 120, 180, 250, 400}) {
                try (Connection c = cluster.connect()) {
                    try (Statement st = c.createStatement()) {
                        st.execute("SET statement_timeout = " + timeoutMs);
                    }
                    cut += startVm(c) ? 0 : 1;
                    try (Statement st = c.createStatement()) {
                        st.execute("RESET statement_timeout");
                    }
                    assertThat(InBackend.call(c, PureProbe.class, "add", 20L, 22L)).isEqualTo(42L);
                }
                assertNoTurnHeld(observer);
            }
            for (int round = 0; round < 3; round++) {
                try (Connection c = cluster.connect()) {
                    long pid = Backends.pid(c);
                    Future<Boolean> start = clients.submit(() -> startVm(c));
                    awaitStartRunning(observer, pid);
                    try (Statement st = observer.createStatement()) {
                        st.execute("SELECT pg_cancel_backend(" + pid + ")");
                    }
                    cut += start.get(DEADLINE.toSeconds(), TimeUnit.SECONDS) ? 0 : 1;
                    assertThat(InBackend.call(c, PureProbe.class, "add", 1L, 2L)).isEqualTo(3L);
                }
                assertNoTurnHeld(observer);
            }
        }
        assertThat(cut).as("starts that ended with 57014").isPositive();
    }

    /** True when {@code start_vm()} completed; false when it ended with 57014 (any other error fails the test). */
    private static boolean startVm(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT wormhole.start_vm()")) {
            rs.next();
            return true;
        } catch (PSQLException e) {
            assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("57014");
            return false;
        }
    }

    private static void assertNoTurnHeld(Connection observer) throws SQLException {
        try (Statement st = observer.createStatement();
                ResultSet rs = st.executeQuery("SELECT starting, waiting FROM wormhole.vm_starts()")) {
            rs.next();
            assertThat(rs.getInt(1)).as("starting").isZero();
            assertThat(rs.getInt(2)).as("waiting").isZero();
        }
    }

    private static Throwable catchFailure(Future<Object> call) throws Exception {
        try {
            call.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        }
    }

    /** Polls pg_stat_activity until one of the backends waits on the Extension wait event; returns its pid. */
    private static long awaitWaiter(Connection observer, List<Long> pids) throws SQLException {
        return awaitActive(observer, "wait_event_type = 'Extension'", pids,
                "no backend ever waited for its turn to start a Java VM");
    }

    private static void awaitStartRunning(Connection observer, long pid) throws SQLException {
        awaitActive(observer, "query LIKE '%start_vm%'", List.of(pid),
                "start_vm() never showed as running in pg_stat_activity");
    }

    /** Polls pg_stat_activity until one of {@code pids} is active and matches {@code where}; returns its pid. */
    private static long awaitActive(Connection observer, String where, List<Long> pids, String never)
            throws SQLException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            try (Statement st = observer.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT pid FROM pg_stat_activity WHERE state = 'active' AND " + where)) {
                while (rs.next()) {
                    if (pids.contains(rs.getLong(1))) {
                        return rs.getLong(1);
                    }
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError(never);
    }

    private static int startsWaiting(Connection observer) throws SQLException {
        try (Statement st = observer.createStatement();
                ResultSet rs = st.executeQuery("SELECT waiting FROM wormhole.vm_starts()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
