package io.wormhole.benchmarks;

import com.example.bench.Chain;
import com.example.samples.DelayProxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;
import org.openjdk.jmh.util.ListStatistics;

/**
 * Issue 11's 1 ms targets as the issue states them: dependent lookups through the delaying proxy, each call after
 * other work on its connection (a {@code SELECT 1} through the same link, in a JMH invocation-level setup outside
 * the measured region), so the backend has waited a round trip and more since its last call, as between a real
 * application's requests, instead of calls back to back ({@link ChainBench}).
 *
 * <p>The ways take turns iteration by iteration in one fork, each on its connection through one proxy: @Remote,
 * PL/pgSQL and plain pgJDBC, and {@code SELECT 1} through the proxy and direct, whose difference is the round trip
 * the proxy added in that round. A speed-up is taken within each round; it is also judged at the nominal round trip
 * with the round's own measured excess over 1 ms taken from each round trip ({@link #atNominal}), so that the proxy's
 * overshoot, which varies with the machine, neither flatters nor penalizes the figure.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class InterleavedBench {
    /** The ways, in the order they take turns. */
    static final List<String> WAYS = List.of("remote", "plpgsql", "plainJdbc", "proxiedSelect", "directSelect");
    /** The round trip the targets are stated at, in µs, and what the proxy is set to while measuring. */
    static final double NOMINAL_RTT_MICROS = 1000;

    @Param({"5", "20"})
    public int n;

    private DelayProxy proxy;
    private final Map<String, Connection> connections = new HashMap<>();
    private final Map<String, PreparedStatement> otherWork = new HashMap<>();
    private PreparedStatement plpgsql;
    private PreparedStatement lookup;
    private PreparedStatement proxiedSelect;
    private PreparedStatement directSelect;
    private int warmups;
    private int measurements;
    private String way;

    @Setup(Level.Trial)
    public void open() throws SQLException {
        try {
            proxy = new DelayProxy(Database.port());
        } catch (java.io.IOException e) {
            throw new SQLException("cannot start the delaying proxy", e);
        }
        for (String w : WAYS) {
            Connection conn = Database.connect(w.equals("directSelect") ? Database.port() : proxy.port());
            connections.put(w, conn);
            otherWork.put(w, conn.prepareStatement("SELECT 1"));
        }
        plpgsql = connections.get("plpgsql").prepareStatement("SELECT bench_chain(?, ?)");
        lookup = connections.get("plainJdbc").prepareStatement("SELECT next FROM chain WHERE id = ?");
        proxiedSelect = connections.get("proxiedSelect").prepareStatement("SELECT 1");
        directSelect = connections.get("directSelect").prepareStatement("SELECT 1");
        int expected = Chain.plainChain(connections.get("plainJdbc"), 1, n);
        if (call("remote") != expected || call("plpgsql") != expected) {
            throw new IllegalStateException("a way ends the chain elsewhere than plain JDBC (" + expected + ")");
        }
        // The same priming as every benchmark's, one call of each way in turn, without delay (Priming).
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Priming.MILLIS * WAYS.size());
        while (System.nanoTime() < end) {
            for (String w : WAYS) {
                call(w);
            }
        }
    }

    /** Warm-up without delay, as {@link Link} does; measurement at the nominal setting. */
    @Setup(Level.Iteration)
    public void next(IterationParams iteration) {
        boolean measured = iteration.getType() == IterationType.MEASUREMENT;
        way = turn(measured ? measurements++ : warmups++);
        proxy.rttMillis(measured ? NOMINAL_RTT_MICROS / 1000 : 0);
    }

    /** The other work between two calls: one statement on the same connection, through the same link. */
    @Setup(Level.Invocation)
    public void otherWork() throws SQLException {
        try (ResultSet rs = otherWork.get(way).executeQuery()) {
            rs.next();
        }
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        for (Connection conn : connections.values()) {
            conn.close();
        }
        proxy.close();
    }

    @Benchmark
    public int call() throws SQLException {
        return call(way);
    }

    private int call(String w) throws SQLException {
        return switch (w) {
            case "remote" -> Chain.chain(connections.get("remote"), 1, n);
            case "plpgsql" -> {
                plpgsql.setInt(1, 1);
                plpgsql.setInt(2, n);
                yield first(plpgsql);
            }
            case "plainJdbc" -> {
                int key = 1;
                for (int i = 0; i < n; i++) {
                    lookup.setInt(1, key);
                    key = first(lookup);
                }
                yield key;
            }
            case "proxiedSelect" -> first(proxiedSelect);
            case "directSelect" -> first(directSelect);
            default -> throw new IllegalArgumentException("unknown way: " + w);
        };
    }

    private static int first(PreparedStatement st) throws SQLException {
        try (ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** The way iteration {@code index} (of its kind, warm-up or measurement) measures. */
    static String turn(int index) {
        return WAYS.get(index % WAYS.size());
    }

    /** A run's measurement iterations' median calls, in order, grouped into rounds of turns, by way. */
    static List<Map<String, Double>> rounds(List<Double> medians) {
        List<Map<String, Double>> rounds = new ArrayList<>();
        for (int i = 0; i < medians.size(); i++) {
            if (i % WAYS.size() == 0) {
                rounds.add(new HashMap<>());
            }
            rounds.get(rounds.size() - 1).put(turn(i), medians.get(i));
        }
        rounds.removeIf(round -> round.size() < WAYS.size());
        return rounds;
    }

    /** The round trip the proxy added in each round, in µs: {@code SELECT 1} through it minus direct. */
    static ListStatistics roundTrips(List<Map<String, Double>> rounds) {
        ListStatistics rtts = new ListStatistics();
        rounds.forEach(r -> rtts.addValue(r.get("proxiedSelect") - r.get("directSelect")));
        return rtts;
    }

    /** Plain pgJDBC's time over @Remote's in each round, as measured. */
    static ListStatistics asMeasured(List<Map<String, Double>> rounds) {
        return CallCostFigures.paired(rounds, "plainJdbc", "remote");
    }

    /**
     * Plain pgJDBC's time over @Remote's in each round as it would be at the nominal round trip: the round's excess
     * (its measured round trip minus {@link #NOMINAL_RTT_MICROS}, negative when the link fell short) taken from each
     * round trip, {@code n} times from plain pgJDBC's time and once from @Remote's.
     */
    static ListStatistics atNominal(List<Map<String, Double>> rounds, int n) {
        ListStatistics speedUps = new ListStatistics();
        for (Map<String, Double> r : rounds) {
            double excess = r.get("proxiedSelect") - r.get("directSelect") - NOMINAL_RTT_MICROS;
            speedUps.addValue((r.get("plainJdbc") - n * excess) / (r.get("remote") - excess));
        }
        return speedUps;
    }
}
