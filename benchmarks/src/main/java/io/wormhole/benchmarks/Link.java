package io.wormhole.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** A connection to the benchmark database through a link with the given round-trip time. */
@State(Scope.Thread)
public class Link {
    @Param({"0", "1", "5"})
    public double rttMillis;

    Connection conn;
    private DelayProxy proxy;

    @Setup(Level.Trial)
    public void open() throws Exception {
        if (rttMillis > 0) {
            proxy = new DelayProxy(Database.port(), rttMillis);
            conn = Database.connect(proxy.port());
        } else {
            conn = Database.connect(Database.port());
        }
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        conn.close();
        if (proxy != null) {
            proxy.close();
        }
    }

    Connection connection() throws SQLException {
        return conn;
    }
}
