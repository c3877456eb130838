package io.wormhole.benchmarks;

import com.example.bench.Chain;
import com.example.bench.Fresh;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * First calls, each sample in a backend of its own (JMH single-shot mode, no delay): the first statement of a fresh
 * backend (the baseline), the first call in a fresh backend (JVM start, bundle defined, call), and the first call of
 * a bundle the server does not hold, in a backend whose JVM already runs (an "unknown bundle" answer, then the bundle
 * sent, verified, stored and defined).
 */
public class StartupBench {
    /** A fresh backend for every sample. */
    @State(Scope.Thread)
    public static class FreshBackend {
        Connection conn;

        @Setup(Level.Invocation)
        public void open() throws SQLException {
            conn = Database.connect(Database.port());
        }

        @TearDown(Level.Invocation)
        public void close() throws SQLException {
            conn.close();
        }
    }

    /** A fresh backend whose JVM runs, without {@link Fresh}'s bundle, which no backend holds either. */
    @State(Scope.Thread)
    public static class RunningJvm {
        Connection conn;

        @Setup(Level.Invocation)
        public void open() throws SQLException {
            conn = Database.connect(Database.port());
            Chain.chain(conn, 1, 0);
            try (Statement st = conn.createStatement()) {
                st.execute("SELECT wormhole.evict(hash) FROM wormhole.bundles"
                        + " WHERE 'com.example.bench.Fresh' = ANY (class_names)");
            }
        }

        @TearDown(Level.Invocation)
        public void close() throws SQLException {
            conn.close();
        }
    }

    @Benchmark
    public int firstStatement(FreshBackend backend) throws SQLException {
        try (Statement st = backend.conn.createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Benchmark
    public int firstCall(FreshBackend backend) throws SQLException {
        return Chain.chain(backend.conn, 1, 0);
    }

    @Benchmark
    public int firstCallOfNewBundle(RunningJvm backend) {
        return Fresh.answer(backend.conn);
    }
}
