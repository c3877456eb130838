package io.wormhole.server.host;

import static io.wormhole.server.host.Sessions.value;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.lockprobe.Counted;
import io.wormhole.server.testing.InBackend;
import io.wormhole.testing.PostgresCluster;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Per-bundle call statistics live in shared memory: every call counts at once, whichever backend makes it, without
 * a write in the caller's transaction, and the counts survive a restart (not a crash: as pg_stat_statements', they
 * start again from zero when the postmaster resets shared memory).
 */
class BundleStatsTest {
    private static final int BACKENDS = 3;
    private static final int CALLS = 25;

    private static String stat(PostgresCluster.Instance cluster, String column, byte[] hash) throws SQLException {
        try (Connection c = cluster.connect()) {
            return value(c, "SELECT " + column + " FROM wormhole.bundle_stats WHERE hash = encode(?, 'hex')",
                    (Object) hash);
        }
    }

    private static void callFromSeveralBackendsAtOnce(PostgresCluster.Instance cluster) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(BACKENDS);
        try {
            List<Future<Object>> done = new ArrayList<>();
            for (int b = 0; b < BACKENDS; b++) {
                done.add(pool.submit(() -> {
                    try (Connection c = cluster.connect()) {
                        for (long i = 0; i < CALLS; i++) {
                            assertThat(InBackend.call(c, Counted.class, "echo", i)).isEqualTo(i);
                        }
                    } catch (Throwable t) {
                        throw new AssertionError(t);
                    }
                    return null;
                }));
            }
            for (Future<Object> f : done) {
                f.get(Bounded.SECONDS, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void callsFromSeveralBackendsCountAtOnceAndSurviveARestartButNotACrash() throws Exception {
        byte[] hash = InBackend.bundleOf(Counted.class).hash();
        try (PostgresCluster.Instance cluster = PostgresCluster.isolated("stats")) {
            callFromSeveralBackendsAtOnce(cluster);
            int total = BACKENDS * CALLS;
            assertThat(stat(cluster, "calls", hash)).isEqualTo(Integer.toString(total));
            assertThat(stat(cluster, "classes", hash)).as("joined to the stored bundle").isEqualTo("1");
            assertThat(stat(cluster, "total_time > interval '0' AND mean_time = total_time / calls"
                    + " AND now() - last_used < interval '1 minute'", hash)).isEqualTo("t");
            String totalTime = stat(cluster, "total_time", hash);

            cluster.stop("fast", Duration.ofSeconds(30));
            cluster.start();
            assertThat(stat(cluster, "calls", hash)).isEqualTo(Integer.toString(total));
            assertThat(stat(cluster, "total_time", hash)).isEqualTo(totalTime);
            callFromSeveralBackendsAtOnce(cluster);
            assertThat(stat(cluster, "calls", hash)).isEqualTo(Integer.toString(2 * total));

            try (Connection doomed = cluster.connect()) {
                // A backend that dies by a signal makes the postmaster reset shared memory, as after any crash.
                PostgresCluster.signal(Bounded.pid(doomed), "KILL");
            }
            assertThat(stat(cluster, "calls", hash)).as("counts after a crash start again").isEqualTo("0");
        }
    }
}
