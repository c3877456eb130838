package io.wormhole.benchmarks;

import com.example.bench.Rows;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;
import org.openjdk.jmh.util.ListStatistics;

/**
 * A result of {@code n} small records (int, text, bigint) read from {@code generate_series}, as a list: plain pgJDBC
 * (every row crosses the network as a row) against {@code @Remote} (the list crosses once, encoded). Issue 11's
 * target: a million records within 2× of plain pgJDBC's time. The backend's JVM is given room for such a result:
 * {@code wormhole.max_heap} 1 GB, and the call and result bounds below it.
 *
 * <p>Each iteration is one call, and the two ways take turns iteration by iteration, on one connection, in one fork
 * ({@link #WAYS}): a round of two measures both seconds apart, and the ratio is taken within each round
 * ({@link #ratios}), so that the machine's drift between stretches of minutes does not widen it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
public class RowsBench {
    /** The records of the result issue 11 sets its target for. */
    static final String RECORDS = "1000000";

    /** The ways in the order they take turns, one per iteration, warm-up and measurement each from the first. */
    static final List<String> WAYS = List.of("plainJdbc", "remote");

    @Param({RECORDS})
    public int n;

    private Connection conn;
    private int warmups;
    private int measurements;
    private String way;

    @Setup(Level.Trial)
    public void open() throws SQLException {
        conn = Database.connect(Database.port());
        try (Statement st = conn.createStatement()) {
            st.execute("SET wormhole.max_heap = '1GB'");
            st.execute("SET wormhole.call_memory_limit = '900MB'");
            st.execute("SET wormhole.max_result_size = '1000MB'");
        }
    }

    @Setup(Level.Iteration)
    public void next(IterationParams iteration) {
        way = turn(iteration.getType() == IterationType.MEASUREMENT ? measurements++ : warmups++);
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
        conn.close();
    }

    @Benchmark
    public List<Rows.Row> rows() throws SQLException {
        return way.equals("remote") ? Rows.rows(conn, n) : Rows.plainRows(conn, n);
    }

    /** The way iteration {@code index} (of its kind, warm-up or measurement) measures. */
    static String turn(int index) {
        return WAYS.get(index % WAYS.size());
    }

    /** Each way's times (in {@link #WAYS}' order), from a run's measurement iterations in order. */
    static List<ListStatistics> byWay(List<Double> times) {
        List<ListStatistics> ways = new ArrayList<>();
        WAYS.forEach(w -> ways.add(new ListStatistics()));
        for (int i = 0; i < times.size(); i++) {
            ways.get(WAYS.indexOf(turn(i))).addValue(times.get(i));
        }
        return ways;
    }

    /** @Remote's time over plain pgJDBC's within each round of turns that measured both. */
    static ListStatistics ratios(List<Double> times) {
        List<Map<String, Double>> rounds = new ArrayList<>();
        for (int i = 0; i < times.size(); i++) {
            if (i % WAYS.size() == 0) {
                rounds.add(new HashMap<>());
            }
            rounds.get(rounds.size() - 1).put(turn(i), times.get(i));
        }
        return CallCostFigures.paired(rounds, "remote", "plainJdbc");
    }
}
