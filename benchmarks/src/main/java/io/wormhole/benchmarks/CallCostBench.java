package io.wormhole.benchmarks;

import com.example.bench.Chain;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
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
 * to back at three chain lengths, whose difference is the cost of the statements in between. The ways (and, back to
 * back, the chain lengths) take turns iteration by iteration in one fork ({@link #turn}), so every round of turns
 * measures all of them within seconds of each other and a ratio is taken within a round: what the rest of the machine
 * does at one moment then weighs on both sides of it. Each measurement iteration also records the CPU time both sides
 * spent ({@link CallCpu}). {@link CallCostFigures} turns the samples into ratios.
 */
public class CallCostBench {
    /** The ways, in the order they take turns. */
    static final String[] WAYS = {"remote", "plpgsql", "plainJdbc"};
    /**
     * The long chain back to back: a hundred statements more than one lookup, so that each further statement's cost
     * (their difference over a hundred) is not lost in the noise of two calls' medians, as twenty more statements'
     * was (1.47x, 0.99-1.95, in twelve rounds).
     */
    static final int LONG_CHAIN = 101;
    /** The chain lengths back to back: one lookup, the shortest chain one round trip may win, and the long chain. */
    static final int[] BACK_TO_BACK = {1, 2, LONG_CHAIN};
    /** The chain length after an idle gap. */
    static final int AFTER_IDLE = 5;

    private CallCostBench() {}

    /** One way at one chain length: what one iteration measures. */
    record Turn(String way, int n) {}

    /**
     * What the {@code index}-th iteration (warm-up and measurement counted apart, from 0) of a benchmark measures:
     * every way at every chain length in turn, the ways innermost, so that a round of {@link #turns} iterations
     * holds each once.
     */
    static Turn turn(boolean backToBack, int index) {
        int ways = WAYS.length;
        int round = index % turns(backToBack);
        return new Turn(WAYS[round % ways], backToBack ? BACK_TO_BACK[round / ways] : AFTER_IDLE);
    }

    /** The iterations of one round. */
    static int turns(boolean backToBack) {
        return WAYS.length * (backToBack ? BACK_TO_BACK.length : 1);
    }

    /** The two benchmarks, by the names JMH gives them. */
    static final List<String> BENCHMARKS = List.of(CallCostBench.class.getName() + ".BackToBack.call",
            CallCostBench.class.getName() + ".AfterIdle.call");

    /** Whether the benchmark named so (as JMH names it) measures calls back to back. */
    static boolean backToBack(String benchmark) {
        return benchmark.equals(BENCHMARKS.get(0));
    }

    /** A chain of N lookups from a fixed key, as one way of running it implements it. */
    @FunctionalInterface
    interface Way {
        int chain(int start, int n) throws SQLException;
    }

    /** One way on a connection (a backend) of its own, with the CPU both sides spend on its calls. */
    private record Side(Connection conn, Way chain, CallCpu cpu) {}

    /**
     * The three ways, each on its own connection (a backend of its own): {@code remote} (the {@code @Remote}
     * method), {@code plpgsql} (the same lookups in a PL/pgSQL function, called through a prepared statement) and
     * {@code plainJdbc} (one round trip per lookup, one prepared statement reused, as a careful pgJDBC author writes
     * it); and which of them, at which chain length, the current iteration measures.
     */
    @State(Scope.Thread)
    public static class Lookups {
        private final Side[] sides = new Side[WAYS.length];
        private int warmups;
        private int measurements;
        private Side current;
        private Turn turn;

        @Setup(Level.Trial)
        public void open() throws SQLException {
            for (int i = 0; i < WAYS.length; i++) {
                Connection conn = Database.connect(Database.port());
                Way chain = switch (WAYS[i]) {
                    case "remote" -> (start, n) -> Chain.chain(conn, start, n);
                    case "plpgsql" -> plpgsql(conn.prepareStatement("SELECT bench_chain(?, ?)"));
                    case "plainJdbc" -> plainJdbc(conn.prepareStatement("SELECT next FROM chain WHERE id = ?"));
                    default -> throw new IllegalArgumentException("unknown way to run the chain: " + WAYS[i]);
                };
                // A baseline that looked up something else would not be a baseline.
                int expected = Chain.plainChain(conn, 1, 21);
                if (chain.chain(1, 21) != expected) {
                    throw new IllegalStateException(WAYS[i] + " ends the chain elsewhere than plain JDBC ("
                            + expected + ")");
                }
                sides[i] = new Side(conn, chain, new CallCpu(Database.backendPid(conn)));
            }
            // Every way is primed alike, one call each in turn, for as long as each would be primed alone
            // (Priming): a backend's first @Remote call starts its JVM, and both JVMs then compile for seconds.
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Priming.MILLIS * WAYS.length);
            while (System.nanoTime() < end) {
                for (Side side : sides) {
                    side.chain().chain(1, AFTER_IDLE);
                }
            }
        }

        @Setup(Level.Iteration)
        public void next(BenchmarkParams benchmark, IterationParams iteration) {
            boolean measured = iteration.getType() == IterationType.MEASUREMENT;
            turn = turn(backToBack(benchmark.getBenchmark()), measured ? measurements++ : warmups++);
            for (int i = 0; i < WAYS.length; i++) {
                if (WAYS[i].equals(turn.way())) {
                    current = sides[i];
                }
            }
            current.cpu().start();
        }

        @TearDown(Level.Iteration)
        public void cpuAfter(BenchmarkParams benchmark, IterationParams iteration) {
            if (iteration.getType() == IterationType.MEASUREMENT) {
                current.cpu().finish(CallCostFigures.key(benchmark, turn));
            }
        }

        @TearDown(Level.Trial)
        public void close() throws SQLException {
            for (Side side : sides) {
                side.conn().close();
            }
        }

        int chain() throws SQLException {
            current.cpu().count();
            return current.chain().chain(1, turn.n());
        }

        CallCpu cpu() {
            return current.cpu();
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
        @Param({"0.5", "2", "10"})
        public double idleMillis;

        /** The wait's own CPU (waking up from the park) is not the call's: {@link CallCpu} leaves it out. */
        @Setup(Level.Invocation)
        public void idle(Lookups lookups) {
            long cpuBefore = lookups.cpu().clientNanos();
            // parkNanos may return early (spuriously, or on an unpark): wait out the whole gap.
            long end = System.nanoTime() + (long) (idleMillis * 1_000_000);
            for (long left; (left = end - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(left);
            }
            lookups.cpu().exclude(lookups.cpu().clientNanos() - cpuBefore);
        }

        @Benchmark
        public int call(Lookups lookups) throws SQLException {
            return lookups.chain();
        }
    }

    /**
     * Calls back to back: N = 1 is one lookup's cost, N = 2 the shortest chain where one round trip may beat two;
     * {@link #LONG_CHAIN} minus N = 1 is a hundred more statements'.
     */
    @State(Scope.Thread)
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public static class BackToBack {
        @Benchmark
        public int call(Lookups lookups) throws SQLException {
            return lookups.chain();
        }
    }
}
