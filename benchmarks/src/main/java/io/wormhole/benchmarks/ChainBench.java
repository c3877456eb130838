package io.wormhole.benchmarks;

import com.example.bench.Chain;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * N dependent point lookups: plain pgJDBC (N round trips), @Remote (one), and a PL/pgSQL function (one). The
 * throughput figures run it too, at N = 5 with 1 to 8 threads, each with a {@link Link} (a backend) of its own.
 */
@State(Scope.Thread)
public class ChainBench {
    @Param({"1", "5", "20", "100"})
    public int n;

    @Setup(Level.Trial)
    public void prime(Link link, BenchmarkParams running) throws Exception {
        Priming.prime(this, link, running);
    }

    @Benchmark
    public int plainJdbc(Link link) throws SQLException {
        return Chain.plainChain(link.connection(), 1, n);
    }

    @Benchmark
    public int remote(Link link) throws SQLException {
        return Chain.chain(link.connection(), 1, n);
    }

    @Benchmark
    public int plpgsql(Link link) throws SQLException {
        try (Statement st = link.connection().createStatement();
                ResultSet rs = st.executeQuery("SELECT bench_chain(1, " + n + ")")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
