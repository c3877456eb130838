package com.example.hostprobe;

/** Two methods of one bundle, one of which always fails, for the per-method statistics. */
public final class StatsProbe {
    private StatsProbe() {}

    public static long twice(long x) {
        return 2 * x;
    }

    /** Reads {@code n} rows in one statement. */
    public static int rows(java.sql.Connection c, int n) throws java.sql.SQLException {
        int read = 0;
        try (java.sql.PreparedStatement st = c.prepareStatement("SELECT generate_series(1, ?)")) {
            st.setInt(1, n);
            try (java.sql.ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    read++;
                }
            }
        }
        return read;
    }

    public static long fail(String why) {
        throw new IllegalStateException(why);
    }
}
