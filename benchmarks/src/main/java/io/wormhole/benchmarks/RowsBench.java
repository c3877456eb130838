package io.wormhole.benchmarks;

import com.example.bench.Rows;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A result of {@code n} small records (int, text, bigint) read from {@code generate_series}, as a list: plain pgJDBC
 * (every row crosses the network as a row) against {@code @Remote} (the list crosses once, encoded). Issue 11's
 * target: a million records within 2× of plain pgJDBC's time. The backend's JVM is given room for such a result:
 * {@code wormhole.max_heap} 1 GB, and the call and result bounds below it.
 */
@State(Scope.Thread)
public class RowsBench {
    /** The records of the result issue 11 sets its target for. */
    static final String RECORDS = "1000000";

    @Param({RECORDS})
    public int n;

    private Connection conn;

    @Setup(Level.Trial)
    public void open() throws SQLException {
        conn = Database.connect(Database.port());
        try (Statement st = conn.createStatement()) {
            st.execute("SET wormhole.max_heap = '1GB'");
            st.execute("SET wormhole.call_memory_limit = '900MB'");
            st.execute("SET wormhole.max_result_size = '1000MB'");
        }
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
        conn.close();
    }

    @Benchmark
    public List<Rows.Row> plainJdbc() throws SQLException {
        return Rows.plainRows(conn, n);
    }

    @Benchmark
    public List<Rows.Row> remote() throws SQLException {
        return Rows.rows(conn, n);
    }
}
