package io.wormhole.server.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.hostprobe.PureProbe;
import io.wormhole.server.testing.InBackend;
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
        if (cluster != null) {
            cluster.close();
        }
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
                pids.add(MemoryBudgetTest.pid(c));
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
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            try (Statement st = observer.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Extension' AND state = 'active'")) {
                while (rs.next()) {
                    if (pids.contains(rs.getLong(1))) {
                        return rs.getLong(1);
                    }
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no backend ever waited for its turn to start a Java VM");
    }

    private static int startsWaiting(Connection observer) throws SQLException {
        try (Statement st = observer.createStatement();
                ResultSet rs = st.executeQuery("SELECT waiting FROM wormhole.vm_starts()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
