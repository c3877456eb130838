package com.example.hostprobe;

import io.wormhole.server.pg.Params;
import io.wormhole.server.pg.Plan;
import java.sql.SQLException;

/** Point lookups through the bridge, timed inside the backend, for the host's figures. */
public final class LookupProbe {
    private LookupProbe() {}

    /** Runs {@code n} dependent point lookups and returns the nanoseconds they took. */
    public static long lookups(int n) throws SQLException {
        try (Plan plan = Plan.prepare("SELECT next FROM host_chain WHERE id = $1", 23)) {
            int key = 1;
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                key = Integer.parseInt(plan.execute(Params.of(Integer.toString(key)), 0).text(0, 0));
            }
            return System.nanoTime() - start;
        }
    }

    /** {@code n} dependent point lookups through JDBC over SPI; returns the nanoseconds they took. */
    public static long jdbcLookups(java.sql.Connection c, int n) throws SQLException {
        try (java.sql.PreparedStatement st = c.prepareStatement("SELECT next FROM host_chain WHERE id = ?")) {
            int key = 1;
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                st.setInt(1, key);
                try (java.sql.ResultSet rs = st.executeQuery()) {
                    rs.next();
                    key = rs.getInt(1);
                }
            }
            return System.nanoTime() - start;
        }
    }

    /** Reads {@code n} rows of three columns through JDBC over SPI; returns the nanoseconds it took. */
    public static long jdbcScan(java.sql.Connection c, int n) throws SQLException {
        try (java.sql.PreparedStatement st = c.prepareStatement("SELECT id, id + 1, 'row ' || id"
                + " FROM generate_series(1, ?) AS id")) {
            st.setInt(1, n);
            long start = System.nanoTime();
            long sum = 0;
            try (java.sql.ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    sum += rs.getInt(1) + rs.getInt(2) + rs.getString(3).length();
                }
            }
            if (sum == 0) {
                throw new IllegalStateException("no rows");
            }
            return System.nanoTime() - start;
        }
    }

    /** Reads {@code n} rows in one statement and returns the nanoseconds it took. */
    public static long scan(int n) throws SQLException {
        try (Plan plan = Plan.prepare("SELECT id, next, 'row ' || id FROM generate_series(1, $1) AS id, "
                + "LATERAL (SELECT id + 1 AS next) AS x", 23)) {
            long start = System.nanoTime();
            int rows = plan.execute(Params.of(Integer.toString(n)), 0).rowCount();
            if (rows != n) {
                throw new IllegalStateException(rows + " rows");
            }
            return System.nanoTime() - start;
        }
    }
}
