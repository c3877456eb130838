package com.example.bench;

import io.wormhole.Remote;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The benchmark workloads that the samples do not already provide, as plain JDBC and as @Remote methods. */
public final class Chain {
    private Chain() {}

    /** N point lookups, each key taken from the previous row. */
    @Remote
    public static int chain(Connection conn, int start, int n) throws SQLException {
        return plainChain(conn, start, n);
    }

    public static int plainChain(Connection conn, int start, int n) throws SQLException {
        int key = start;
        try (PreparedStatement st = conn.prepareStatement("SELECT next FROM chain WHERE id = ?")) {
            for (int i = 0; i < n; i++) {
                st.setInt(1, key);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    key = rs.getInt(1);
                }
            }
        }
        return key;
    }

    /** A compute-heavy aggregation over 100,000 rows read in the method: a sum, a variance and a maximum run. */
    @Remote
    public static BigDecimal aggregate(Connection conn) throws SQLException {
        return plainAggregate(conn);
    }

    public static BigDecimal plainAggregate(Connection conn) throws SQLException {
        double sum = 0;
        double sumSq = 0;
        long n = 0;
        int run = 0;
        int bestRun = 0;
        int last = Integer.MIN_VALUE;
        try (PreparedStatement st = conn.prepareStatement("SELECT v FROM measures ORDER BY id")) {
            st.setFetchSize(10_000);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    int v = rs.getInt(1);
                    sum += v;
                    sumSq += (double) v * v;
                    n++;
                    run = v >= last ? run + 1 : 1;
                    bestRun = Math.max(bestRun, run);
                    last = v;
                }
            }
        }
        double mean = sum / n;
        return BigDecimal.valueOf(sumSq / n - mean * mean).add(BigDecimal.valueOf(bestRun));
    }
}
