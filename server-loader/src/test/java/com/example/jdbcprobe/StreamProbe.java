package com.example.jdbcprobe;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads the JVM's heap while it streams, which only trusted code may do (the verifier refuses Runtime). */
public final class StreamProbe {
    private StreamProbe() {}

    /** Streams {@code rows} rows with a fetch size and returns {rows seen, sum, largest heap in use seen (MB)}. */
    public static long[] stream(Connection c, long rows) throws SQLException {
        long seen = 0;
        long sum = 0;
        long maxUsed = 0;
        try (PreparedStatement st = c.prepareStatement("SELECT i FROM generate_series(1, ?) AS i")) {
            st.setLong(1, rows);
            st.setFetchSize(1000);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    sum += rs.getLong(1);
                    if (++seen % 100_000 == 0) {
                        Runtime r = Runtime.getRuntime();
                        maxUsed = Math.max(maxUsed, r.totalMemory() - r.freeMemory());
                    }
                }
            }
        }
        return new long[] {seen, sum, maxUsed >> 20};
    }
}
