package io.wormhole.benchmarks;

import com.example.bench.Chain;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * The N = 5 chain, three ways, for throughput with several concurrent clients (each JMH thread has a {@link Link}
 * of its own, so a connection and a backend of its own).
 */
public class ThroughputBench {
    private static final int N = 5;

    @Benchmark
    public int plainJdbc(Link link) throws SQLException {
        return Chain.plainChain(link.connection(), 1, N);
    }

    @Benchmark
    public int remote(Link link) throws SQLException {
        return Chain.chain(link.connection(), 1, N);
    }

    @Benchmark
    public int plpgsql(Link link) throws SQLException {
        try (Statement st = link.connection().createStatement();
                ResultSet rs = st.executeQuery("SELECT bench_chain(1, " + N + ")")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
