package io.wormhole.benchmarks;

import com.example.samples.DelayProxy;
import java.sql.Connection;
import java.sql.SQLException;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * A connection to the benchmark database through a link with the given round-trip time. Warm-up iterations run
 * without the delay: both JVMs (the client's and the backend's) then reach steady state in the seconds JMH gives
 * them, as in a long-running application, instead of measuring interpreted code at high latencies, where few calls
 * fit in an iteration. Before the warm-up, each benchmark primes its own way on the link ({@link Priming}).
 */
@State(Scope.Thread)
public class Link {
    @Param({"0", "1", "5"})
    public double rttMillis;

    Connection conn;
    private DelayProxy proxy;

    @Setup(Level.Trial)
    public void open() throws Exception {
        if (rttMillis > 0) {
            proxy = new DelayProxy(Database.port());
            conn = Database.connect(proxy.port());
        } else {
            conn = Database.connect(Database.port());
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
