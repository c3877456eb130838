package com.example.jdbcprobe;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Reads the backend's memory, as SQL sees it, while one call runs many statements. */
public final class StatementMemoryProbe {
    private StatementMemoryProbe() {}

    /**
     * The backend's memory in use (bytes, all its memory contexts) in one call: after a tenth of {@code n} point
     * lookups and after all of them, then after a tenth of {@code n} rows streamed through a cursor in fetches of 100
     * and after all of them, then after a tenth of {@code n / 5} statements of texts never seen before (each
     * prepared anew, past the plan cache) and after all of them.
     */
    public static long[] statementMemory(Connection c, int n) throws SQLException {
        long[] used = new long[6];
        try (PreparedStatement memory = c.prepareStatement("SELECT sum(used_bytes) FROM pg_backend_memory_contexts");
                PreparedStatement lookup = c.prepareStatement("SELECT ? + 1")) {
            int key = 0;
            for (int i = 1; i <= n; i++) {
                lookup.setInt(1, key);
                try (ResultSet rs = lookup.executeQuery()) {
                    rs.next();
                    key = rs.getInt(1);
                }
                if (i == n / 10 || i == n) {
                    used[i == n ? 1 : 0] = used(memory);
                }
            }
            try (PreparedStatement rows = c.prepareStatement(
                    "SELECT i, repeat('x', 100) FROM generate_series(1, ?) AS i")) {
                rows.setInt(1, n);
                rows.setFetchSize(100);
                try (ResultSet rs = rows.executeQuery()) {
                    for (int i = 1; rs.next(); i++) {
                        if (i == n / 10 || i == n) {
                            used[i == n ? 3 : 2] = used(memory);
                        }
                    }
                }
            }
            int texts = n / 5;
            for (int i = 1; i <= texts; i++) {
                try (PreparedStatement st = c.prepareStatement("SELECT ? + " + i)) {
                    st.setInt(1, i);
                    st.executeQuery().close();
                }
                if (i == texts / 10 || i == texts) {
                    used[i == texts ? 5 : 4] = used(memory);
                }
            }
        }
        return used;
    }

    /**
     * Prepares, runs and closes a statement {@code n} times in one call, as a loop written for pgJDBC does, with a
     * plain statement every third time; returns the sum of what they returned.
     */
    public static long preparedInALoop(Connection c, int n) throws SQLException {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            try (PreparedStatement st = c.prepareStatement("SELECT ? + 1")) {
                st.setInt(1, i);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    sum += rs.getInt(1);
                }
            }
            if (i % 3 == 0) {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
                    rs.next();
                    sum += rs.getInt(1);
                }
            }
        }
        return sum;
    }

    private static long used(PreparedStatement memory) throws SQLException {
        try (ResultSet rs = memory.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
