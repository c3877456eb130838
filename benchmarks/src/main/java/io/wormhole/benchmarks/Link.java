package io.wormhole.benchmarks;

import com.example.bench.Chain;
import com.example.samples.DelayProxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * A connection to the benchmark database through a link with the given round-trip time. Warm-up iterations run
 * without the delay: both JVMs (the client's and the backend's) then reach steady state in the seconds JMH gives
 * them, as in a long-running application, instead of measuring interpreted code at high latencies, where few calls
 * fit in an iteration.
 */
@State(Scope.Thread)
public class Link {
    @Param({"0", "1", "5"})
    public double rttMillis;

    private static final long PRIME_MILLIS = 1500;

    Connection conn;
    private DelayProxy proxy;

    @Setup(Level.Trial)
    public void open(BenchmarkParams benchmark) throws Exception {
        if (rttMillis > 0) {
            proxy = new DelayProxy(Database.port());
            conn = Database.connect(proxy.port());
        } else {
            conn = Database.connect(Database.port());
        }
        prime(benchmark.getBenchmark().toLowerCase(Locale.ROOT));
    }

    /**
     * Runs the benchmark's own way of doing lookups without delay for a while before JMH's warm-up, the same time for
     * every way: a fresh backend's first @Remote call (JVM start, bundle shipped and verified) takes about a second,
     * and its JVM compiles with C1 on one thread, so short warm-up iterations alone measured code that was still
     * being compiled; the plain and PL/pgSQL ways get the same head start, so that no side is favoured.
     */
    private void prime(String benchmark) throws SQLException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PRIME_MILLIS);
        try (PreparedStatement plpgsql = conn.prepareStatement("SELECT bench_chain(1, 20)")) {
            while (System.nanoTime() < end) {
                if (benchmark.contains("remote")) {
                    Chain.chain(conn, 1, 20);
                } else if (benchmark.contains("plpgsql")) {
                    plpgsql.executeQuery().close();
                } else {
                    Chain.plainChain(conn, 1, 20);
                }
            }
        }
    }

    @Setup(Level.Iteration)
    public void delay(IterationParams iteration) {
        if (proxy != null) {
            proxy.rttMillis(iteration.getType() == IterationType.WARMUP ? 0 : rttMillis);
        }
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        conn.close();
        if (proxy != null) {
            proxy.close();
        }
    }

    Connection connection() throws SQLException {
        return conn;
    }
}
