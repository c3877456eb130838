package io.wormhole.server.host;

import static io.wormhole.server.host.Sessions.value;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.lockprobe.Counted;
import io.wormhole.server.testing.InBackend;
import io.wormhole.testing.Backends;
import io.wormhole.testing.PostgresCluster;
import io.wormhole.wire.Bundle;
import io.wormhole.wire.Request;
import io.wormhole.wire.Values;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.SimpleRemapper;

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

            long logFrom = cluster.logSize();
            try (Connection doomed = cluster.connect()) {
                // A backend that dies by a signal makes the postmaster reset shared memory, as after any crash.
                PostgresCluster.signal(Backends.pid(doomed), "KILL");
            }
            cluster.awaitLog(logFrom, "all server processes terminated; reinitializing", Duration.ofSeconds(30));
            assertThat(stat(cluster, "calls", hash)).as("counts after a crash start again").isEqualTo("0");
        }
    }

    /** {@code Counted} renamed {@code Counted<n>}: a bundle of its own for every {@code n}. */
    private static Request echoInBundle(int n) {
        String name = Type.getInternalName(Counted.class);
        ClassWriter w = new ClassWriter(0);
        new ClassReader(InBackend.bundleOf(Counted.class).classes().get(Counted.class.getName()))
                .accept(new ClassRemapper(w, new SimpleRemapper(Opcodes.ASM9, name, name + n)), 0);
        return Request.withBundle(new Bundle(Map.of(Counted.class.getName() + n, w.toByteArray())),
                Counted.class.getName() + n, "echo", "(J)J",
                Values.writeArguments(new Object[] {1L}, BundleStatsTest.class.getClassLoader()));
    }

    private static String callsOf(Connection c, int n) throws SQLException {
        return value(c, "SELECT s.calls FROM wormhole.call_stats() s WHERE s.hash = ?", (Object) echoInBundle(n)
                .bundleHash());
    }

    @Test
    void whenTheBoundIsReachedTheLeastRecentlyUsedTenthMakesRoom() throws Exception {
        try (PostgresCluster.Instance cluster = PostgresCluster.isolated("stats-bound")) {
            cluster.stop("fast", Duration.ofSeconds(30));
            cluster.start("wormhole.max_bundle_stats=100");
            try (Connection c = cluster.connect()) {
                for (int n = 0; n < 100; n++) {
                    assertThat(Sessions.outcome(c, echoInBundle(n))).isEqualTo(1L);
                }
                assertThat(value(c, "SELECT count(*) FROM wormhole.call_stats()")).isEqualTo("100");
                assertThat(Sessions.outcome(c, echoInBundle(0))).isEqualTo(1L);
                assertThat(Sessions.outcome(c, echoInBundle(100))).isEqualTo(1L);
                assertThat(value(c, "SELECT count(*) FROM wormhole.call_stats()")).isEqualTo("91");
                assertThat(callsOf(c, 0)).as("used again last but one").isEqualTo("2");
                for (int n = 1; n <= 10; n++) {
                    assertThat(callsOf(c, n)).as("bundle %d, among the least recently used", n).isNull();
                }
                for (int n = 11; n <= 100; n++) {
                    assertThat(callsOf(c, n)).as("bundle %d", n).isEqualTo("1");
                }
            }
        }
    }
}
