package io.wormhole.server.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.hostprobe.NestedProbe;
import io.wormhole.server.testing.InBackend;
import io.wormhole.testing.PostgresCluster;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A DBA's tools see the statements a call runs: {@code pg_stat_statements} (with {@code track = all}) counts them,
 * and {@code auto_explain} (with {@code log_nested_statements}) logs their plans with a CONTEXT line naming the Java
 * method, as it names a PL/pgSQL function.
 */
class NestedStatementsTest {
    private static final String LOOKUP = "SELECT next FROM host_chain WHERE id = $1";
    private static PostgresCluster.Instance cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = PostgresCluster.isolated("nested-statements");
        cluster.stop("fast", Duration.ofSeconds(30));
        cluster.start("shared_preload_libraries=wormhole,pg_stat_statements,auto_explain",
                "pg_stat_statements.track=all", "auto_explain.log_min_duration=0",
                "auto_explain.log_nested_statements=on");
        try (Connection c = cluster.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE EXTENSION pg_stat_statements");
            st.execute("CREATE TABLE host_chain (id int PRIMARY KEY, next int NOT NULL)");
            st.execute("INSERT INTO host_chain SELECT i, i % 100 + 1 FROM generate_series(1, 100) i");
        }
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void pgStatStatementsCountsTheStatementsOfACall() throws Throwable {
        try (Connection c = cluster.connect(); Statement st = c.createStatement()) {
            st.execute("SELECT pg_stat_statements_reset()");
            assertThat(InBackend.call(c, NestedProbe.class, "follow", null, 7)).isEqualTo(8);
            try (ResultSet rs = st.executeQuery("SELECT calls, toplevel FROM pg_stat_statements WHERE query = '"
                    + LOOKUP + "'")) {
                assertThat(rs.next()).as("the nested lookup is tracked").isTrue();
                assertThat(rs.getLong(1)).isEqualTo(7);
                assertThat(rs.getBoolean(2)).as("nested, not top level").isFalse();
            }
        }
    }

    @Test
    void autoExplainLogsTheirPlansNamingTheMethod() throws Throwable {
        long offset = cluster.logSize();
        try (Connection c = cluster.connect()) {
            assertThat(InBackend.call(c, NestedProbe.class, "follow", null, 1)).isEqualTo(2);
        }
        String log = cluster.logSince(offset);
        int plan = log.indexOf("Query Text: SELECT next FROM host_chain WHERE id = $1");
        assertThat(plan).as(log).isNotNegative();
        String context = log.substring(plan, log.indexOf("LOG:", plan));
        assertThat(context).as(log).contains("CONTEXT:  SQL statement \"SELECT next FROM host_chain WHERE id = $1\"")
                .contains("\twormhole.invoke: com.example.hostprobe.NestedProbe.follow(java.sql.Connection, int)");
    }
}
