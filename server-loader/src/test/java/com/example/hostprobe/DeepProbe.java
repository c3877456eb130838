package com.example.hostprobe;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Shipped code that works where its Java frames leave PostgreSQL too little stack to run a statement. */
public final class DeepProbe {
    private DeepProbe() {}

    /**
     * Recurses until a statement no longer fits below the Java frames (54001), then {@code further} levels more
     * (below where the host's own calls into PostgreSQL fit), and spins there for {@code millis}: returns how many
     * levels down the first statement failed.
     */
    public static int spinBelowWhereNoStatementFits(Connection c, int depth, int further, long millis)
            throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SELECT 1");
        } catch (SQLException e) {
            if (!"54001".equals(e.getSQLState())) {
                throw e;
            }
            return spin(further, millis) ? depth : -depth;
        }
        return spinBelowWhereNoStatementFits(c, depth + 1, further, millis);
    }

    private static boolean spin(int further, long millis) {
        if (further > 0) {
            return spin(further - 1, millis);
        }
        long end = System.nanoTime() + millis * 1_000_000L;
        long spins = 0;
        while (System.nanoTime() < end) {
            spins++;
        }
        return spins > 0;
    }
}
