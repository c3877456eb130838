package io.wormhole.benchmarks;

import com.example.bench.Chain;
import com.example.samples.Dashboard;
import com.example.samples.InsufficientFundsException;
import com.example.samples.Transfers;
import com.example.samples.UserStats;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.openjdk.jmh.annotations.Benchmark;

/** The samples' workloads three ways, and the bare per-call cost against SELECT 1. */
public class WorkloadBench {
    private static final BigDecimal ONE = BigDecimal.ONE;

    private static Object scalar(Link link, String sql) throws SQLException {
        try (PreparedStatement st = link.connection().prepareStatement(sql); ResultSet rs = st.executeQuery()) {
            Object last = null;
            while (rs.next()) {
                last = rs.getObject(1);
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
        return scalar(link, "SELECT bench_update_user_stats(1)");
    }

    @Benchmark
    public Object transferPlainJdbc(Link link) throws SQLException, InsufficientFundsException {
        return Transfers.plainTransfer(link.connection(), 1, 2, ONE);
    }

    @Benchmark
    public Object transferRemote(Link link) throws SQLException, InsufficientFundsException {
        return Transfers.transfer(link.connection(), 1, 2, ONE);
    }

    @Benchmark
    public Object transferPlpgsql(Link link) throws SQLException {
        return scalar(link, "SELECT bench_transfer(1, 2, 1)");
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
        return scalar(link, "SELECT title FROM bench_dashboard(1, 20)");
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
}
