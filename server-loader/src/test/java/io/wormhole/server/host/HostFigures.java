package io.wormhole.server.host;

import com.example.hostprobe.HostProbe;
import com.example.hostprobe.LookupProbe;
import io.wormhole.server.testing.InBackend;
import io.wormhole.testing.PostgresCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;

/**
 * The JVM host's figures (issue: cold start, warm overhead, Java-to-SPI statement cost, RSS), for the closing note
 * and the native README. Not a test: run it with
 * {@code mvn -q -pl server-loader test-compile && java -cp ... io.wormhole.server.host.HostFigures [jvm options]}.
 */
public final class HostFigures {
    private HostFigures() {}

    public static void main(String[] args) throws Throwable {
        String options = args.length > 0 ? String.join(" ", args) : null;
        try (Connection setup = PostgresCluster.connect(); Statement st = setup.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS host_chain (id int PRIMARY KEY, next int NOT NULL)");
            st.execute("TRUNCATE host_chain");
            st.execute("INSERT INTO host_chain SELECT i, i % 10000 + 1 FROM generate_series(1, 10000) i");
            st.execute("ANALYZE host_chain");
            st.execute("CREATE OR REPLACE FUNCTION host_lookups(n int) RETURNS bigint LANGUAGE plpgsql AS $$"
                    + " DECLARE k int := 1; t0 timestamptz := clock_timestamp(); BEGIN"
                    + " FOR i IN 1..n LOOP SELECT next INTO k FROM host_chain WHERE id = k; END LOOP;"
                    + " RETURN (extract(epoch FROM clock_timestamp() - t0) * 1e9)::bigint; END $$");
            st.execute("CREATE OR REPLACE FUNCTION host_scan(n int) RETURNS bigint LANGUAGE plpgsql AS $$"
                    + " DECLARE r record; s bigint := 0; t0 timestamptz := clock_timestamp(); BEGIN"
                    + " FOR r IN SELECT id, id + 1 AS nxt, 'row ' || id AS label FROM generate_series(1, n) AS id LOOP"
                    + " s := s + r.id + r.nxt + length(r.label); END LOOP;"
                    + " RETURN (extract(epoch FROM clock_timestamp() - t0) * 1e9)::bigint; END $$");
        }
        System.out.println("options: " + (options == null ? "(defaults)" : options));
        double[] cold = new double[5];
        double[] rss = new double[5];
        for (int i = 0; i < cold.length; i++) {
            try (Connection c = PostgresCluster.connect()) {
                setOptions(c, options);
                int pid = pid(c);
                long before = rssKb(pid);
                long t0 = System.nanoTime();
                InBackend.call(c, HostProbe.class, "add", 1L, 2L);
                cold[i] = (System.nanoTime() - t0) / 1e6;
                rss[i] = (rssKb(pid) - before) / 1024.0;
            }
        }
        System.out.printf("cold first call (JVM start + define + call): median %.1f ms %s%n", median(cold),
                Arrays.toString(cold));
        System.out.printf("backend RSS growth after the first call: median %.1f MB%n", median(rss));
        try (Connection c = PostgresCluster.connect()) {
            setOptions(c, options);
            byte[] warm = InBackend.request(HostProbe.class, "add", 1L, 2L).encode();
            InBackend.invokeRaw(c, warm);
            byte[] hashOnly = InBackend.request(HostProbe.class, "add", 1L, 2L).withoutBundle().encode();
            try (PreparedStatement call = c.prepareStatement("SELECT wormhole.invoke(?)");
                    PreparedStatement one = c.prepareStatement("SELECT 1")) {
                call.setBytes(1, hashOnly);
                for (int round = 0; round < 3; round++) {
                    double[] t = interleaved(call, one, 20_000);
                    System.out.printf("warm call %.1f us, SELECT 1 %.1f us, overhead %.1f us%n", t[0], t[1],
                            t[0] - t[1]);
                }
            }
            for (int round = 0; round < 3; round++) {
                int n = 100_000;
                double java = ((Long) InBackend.call(c, LookupProbe.class, "lookups", n)) / (double) n / 1000.0;
                double plpgsql;
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT host_lookups(" + n
                        + ")")) {
                    rs.next();
                    plpgsql = rs.getLong(1) / (double) n / 1000.0;
                }
                System.out.printf("point lookup: Java->SPI %.2f us, PL/pgSQL %.2f us, ratio %.2f%n", java, plpgsql,
                        java / plpgsql);
            }
            for (int round = 0; round < 3; round++) {
                int n = 100_000;
                double jdbc = ((Long) InBackend.call(c, LookupProbe.class, "jdbcLookups", null, n)) / (double) n
                        / 1000.0;
                double plpgsql;
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT host_lookups(" + n
                        + ")")) {
                    rs.next();
                    plpgsql = rs.getLong(1) / (double) n / 1000.0;
                }
                System.out.printf("point lookup: JDBC over SPI %.2f us, PL/pgSQL %.2f us, ratio %.2f%n", jdbc,
                        plpgsql, jdbc / plpgsql);
            }
            for (int round = 0; round < 3; round++) {
                double jdbcScan = ((Long) InBackend.call(c, LookupProbe.class, "jdbcScan", null, 100_000)) / 1e6;
                double plpgsqlScan;
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT host_scan(100000)")) {
                    rs.next();
                    plpgsqlScan = rs.getLong(1) / 1e6;
                }
                System.out.printf("100,000 rows: JDBC over SPI %.1f ms, PL/pgSQL loop %.1f ms, ratio %.2f%n", jdbcScan,
                        plpgsqlScan, jdbcScan / plpgsqlScan);
            }
            double scan = ((Long) InBackend.call(c, LookupProbe.class, "scan", 100_000)) / 1e6;
            System.out.printf("reading 100,000 rows (3 columns) in one statement: %.1f ms%n", scan);
        }
    }

    /** The probes use the bridge directly, which only trusted (superuser) bundles may. */
    private static void setOptions(Connection c, String options) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET wormhole.trusted = on");
            if (options != null) {
                st.execute("SET wormhole.jvm_options = '" + options.replace("'", "''") + "'");
            }
        }
    }

    /** Mean microseconds of each statement, run alternately so that drift in the machine hits both alike. */
    private static double[] interleaved(PreparedStatement a, PreparedStatement b, int n) throws SQLException {
        long ta = 0;
        long tb = 0;
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            try (ResultSet rs = a.executeQuery()) {
                rs.next();
            }
            long t1 = System.nanoTime();
            try (ResultSet rs = b.executeQuery()) {
                rs.next();
            }
            tb += System.nanoTime() - t1;
            ta += t1 - t0;
        }
        return new double[] {ta / (double) n / 1000.0, tb / (double) n / 1000.0};
    }

    private static int pid(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static long rssKb(int pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return 0;
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
