package io.wormhole.benchmarks;

import com.example.bench.Chain;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * What one call costs on one connection at 0 ms, the same dependent point lookups three ways ({@link Lookups}),
 * each call timed on its own (sample mode, so medians and tails are known): after idle gaps of three lengths, and back
 * to back at three chain lengths, whose difference is the cost of the statements in between. Each measurement
 * iteration also records the CPU time both sides spent ({@link CallCpu}). {@link CallCostFigures} turns the samples
 * into ratios.
 */
public class CallCostBench {
    private CallCostBench() {}

    /** A chain of N lookups from a fixed key, as one way of running it implements it. */
    @FunctionalInterface
    interface Way {
        int chain(int start, int n) throws SQLException;
    }

    /**
     * A connection (a backend of its own) and one way of running the chain on it: {@code remote} (the
     * {@code @Remote} method), {@code plpgsql} (the same lookups in a PL/pgSQL function, called through a prepared
     * statement) or {@code plainJdbc} (one round trip per lookup, one prepared statement reused, as a careful
     * pgJDBC author writes it).
     */
    @State(Scope.Thread)
    public static class Lookups {
        /**
         * Every way is primed alike: a backend's first {@code @Remote} call starts its JVM, which compiles with C1
         * on one thread, and JMH's short warm-up iterations alone would measure code still being compiled; the
         * SQL ways get the same time so that nothing but the way differs.
         */
        private static final long PRIME_MILLIS = 1500;

        @Param({"remote", "plpgsql", "plainJdbc"})
        public String way;

        private Connection conn;
        private Way chain;
        private CallCpu cpu;

        @Setup(Level.Trial)
        public void open() throws SQLException {
            conn = Database.connect(Database.port());
            chain = switch (way) {
                case "remote" -> (start, n) -> Chain.chain(conn, start, n);
                case "plpgsql" -> plpgsql(conn.prepareStatement("SELECT bench_chain(?, ?)"));
                case "plainJdbc" -> plainJdbc(conn.prepareStatement("SELECT next FROM chain WHERE id = ?"));
                default -> throw new IllegalArgumentException("unknown way to run the chain: " + way);
            };
            // A baseline that looked up something else would not be a baseline.
            int expected = Chain.plainChain(conn, 1, 21);
            if (chain.chain(1, 21) != expected) {
                throw new IllegalStateException(way + " ends the chain elsewhere than plain JDBC (" + expected + ")");
            }
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PRIME_MILLIS);
            while (System.nanoTime() < end) {
                chain.chain(1, 5);
            }
            cpu = new CallCpu(Database.backendPid(conn));
        }

        @Setup(Level.Iteration)
        public void cpuBefore() {
            cpu.start();
        }

        @TearDown(Level.Iteration)
        public void cpuAfter(BenchmarkParams benchmark, IterationParams iteration) {
            if (iteration.getType() == IterationType.MEASUREMENT) {
                cpu.finish(CallCostFigures.key(benchmark));
            }
        }

        @TearDown(Level.Trial)
        public void close() throws SQLException {
            conn.close();
        }

        int chain(int n) throws SQLException {
            cpu.count();
            return chain.chain(1, n);
        }

        private static Way plpgsql(PreparedStatement call) {
            return (start, n) -> {
                call.setInt(1, start);
                call.setInt(2, n);
                try (ResultSet rs = call.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            };
        }

        private static Way plainJdbc(PreparedStatement lookup) {
            return (start, n) -> {
                int key = start;
                for (int i = 0; i < n; i++) {
                    lookup.setInt(1, key);
                    try (ResultSet rs = lookup.executeQuery()) {
                        rs.next();
                        key = rs.getInt(1);
                    }
                }
                return key;
            };
        }
    }

    /**
     * Each call after the client has waited {@code idleMillis} without a word to the server, which therefore waits
     * for the socket as a backend between a real application's requests does. The wait is a JMH invocation-level
     * setup, outside the measured region: each sample is the call alone.
     */
    @State(Scope.Thread)
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public static class AfterIdle {
        @Param("5")
        public int n;

        @Param({"0.5", "2", "10"})
        public double idleMillis;

        /** The wait's own CPU (waking up from the park) is not the call's: {@link CallCpu} leaves it out. */
        @Setup(Level.Invocation)
        public void idle(Lookups lookups) {
            long cpuBefore = lookups.cpu.clientNanos();
            // parkNanos may return early (spuriously, or on an unpark): wait out the whole gap.
            long end = System.nanoTime() + (long) (idleMillis * 1_000_000);
            for (long left; (left = end - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(left);
            }
            lookups.cpu.exclude(lookups.cpu.clientNanos() - cpuBefore);
        }

        @Benchmark
        public int call(Lookups lookups) throws SQLException {
            return lookups.chain(n);
        }
    }

    /**
     * Calls back to back: N = 1 is one lookup's cost, N = 2 the shortest chain where one round trip may beat two;
     * N = 21 minus N = 1 is twenty more statements'.
     */
    @State(Scope.Thread)
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public static class BackToBack {
        @Param({"1", "2", "21"})
        public int n;

        @Benchmark
        public int call(Lookups lookups) throws SQLException {
            return lookups.chain(n);
        }
    }
}
