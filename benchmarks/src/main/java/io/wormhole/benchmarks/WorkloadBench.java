package io.wormhole.benchmarks;

import com.example.bench.Chain;
import com.example.samples.Dashboard;
import com.example.samples.InsufficientFundsException;
import com.example.samples.Transfers;
import com.example.samples.UserStats;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The samples' workloads three ways (the aggregation a fourth: the one SQL query a DBA would write), and the bare
 * per-call cost against {@code SELECT 1}, which also calibrates the delaying proxy: {@code SELECT 1} through it minus
 * {@code SELECT 1} direct is the round trip it really adds.
 */
@State(Scope.Thread)
public class WorkloadBench {
    private static final BigDecimal ONE = BigDecimal.ONE;

    /**
     * The longest run of non-decreasing values numbered by the drops before each row, the variance beside it: what
     * {@code Chain.aggregate} computes, as one statement.
     */
    private static final String AGGREGATE = "WITH m AS (SELECT v, count(*) FILTER (WHERE v < prev) OVER (ORDER BY id)"
            + " AS run FROM (SELECT id, v, lag(v) OVER (ORDER BY id) AS prev FROM measures) d)"
            + " SELECT (SELECT var_pop(v::float8) FROM m)::numeric"
            + " + (SELECT max(length) FROM (SELECT count(*) AS length FROM m GROUP BY run) r)";

    @Setup(Level.Trial)
    public void prime(Link link, BenchmarkParams running) throws Exception {
        Priming.prime(this, link, running);
    }

    /** Runs {@code sql} and reads every column of every row, as the Java ways return all they selected. */
    private static Object scalar(Link link, String sql) throws SQLException {
        try (PreparedStatement st = link.connection().prepareStatement(sql); ResultSet rs = st.executeQuery()) {
            int columns = rs.getMetaData().getColumnCount();
            Object last = null;
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    last = rs.getObject(i);
                }
            }
            return last;
        }
    }

    @Benchmark
    public Object selectOne(Link link) throws SQLException {
        return scalar(link, "SELECT 1");
    }

    @Benchmark
    public Object remoteEmptyCall(Link link) throws SQLException {
        return Chain.chain(link.connection(), 1, 0);
    }

    @Benchmark
    public Object userStatsPlainJdbc(Link link) throws SQLException {
        return UserStats.plainUpdateUserStats(link.connection(), 1);
    }

    @Benchmark
    public Object userStatsRemote(Link link) throws SQLException {
        return UserStats.updateUserStats(link.connection(), 1);
    }

    @Benchmark
    public Object userStatsPlpgsql(Link link) throws SQLException {
        return scalar(link, "SELECT * FROM bench_update_user_stats(1)");
    }

    /** In one transaction, as an atomic transfer needs (and as the other ways run it): one more round trip. */
    @Benchmark
    public Object transferPlainJdbc(Link link) throws SQLException, InsufficientFundsException {
        Connection conn = link.connection();
        conn.setAutoCommit(false);
        try {
            Transfers.Receipt receipt = Transfers.plainTransfer(conn, 1, 2, ONE);
            conn.commit();
            return receipt;
        } catch (SQLException | InsufficientFundsException | RuntimeException e) {
            conn.rollback();
            throw e;
        } finally {
            conn.setAutoCommit(true);
        }
    }

    @Benchmark
    public Object transferRemote(Link link) throws SQLException, InsufficientFundsException {
        return Transfers.transfer(link.connection(), 1, 2, ONE);
    }

    @Benchmark
    public Object transferPlpgsql(Link link) throws SQLException {
        return scalar(link, "SELECT * FROM bench_transfer(1, 2, 1)");
    }

    @Benchmark
    public Object dashboardPlainJdbc(Link link) throws SQLException {
        return Dashboard.plainLoad(link.connection(), 1, 20);
    }

    @Benchmark
    public Object dashboardRemote(Link link) throws SQLException {
        return Dashboard.load(link.connection(), 1, 20);
    }

    @Benchmark
    public Object dashboardPlpgsql(Link link) throws SQLException {
        return scalar(link, "SELECT * FROM bench_dashboard(1, 20)");
    }

    @Benchmark
    public Object aggregatePlainJdbc(Link link) throws SQLException {
        return Chain.plainAggregate(link.connection());
    }

    @Benchmark
    public Object aggregateRemote(Link link) throws SQLException {
        return Chain.aggregate(link.connection());
    }

    @Benchmark
    public Object aggregatePlpgsql(Link link) throws SQLException {
        return scalar(link, "SELECT bench_aggregate()");
    }

    @Benchmark
    public Object aggregateSql(Link link) throws SQLException {
        return scalar(link, AGGREGATE);
    }
}
