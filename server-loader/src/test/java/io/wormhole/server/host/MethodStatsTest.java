package io.wormhole.server.host;

import static io.wormhole.server.host.Sessions.byHash;
import static io.wormhole.server.host.Sessions.dba;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.hostprobe.HostProbe;
import com.example.hostprobe.StatsProbe;
import io.wormhole.server.testing.InBackend;
import io.wormhole.testing.PostgresCluster;
import io.wormhole.wire.Request;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.util.PSQLException;

/**
 * {@code wormhole.method_stats}: a DBA sees each Java method's calls, errors, rows and time, by role and bundle, counted
 * in shared memory at once, so nothing is lost when the backend that made the calls exits.
 */
@ExtendWith(PostgresCluster.class)
class MethodStatsTest {
    private static final String PREFIX = "com.example.hostprobe.StatsProbe.";

    @BeforeAll
    static void roles() throws Exception {
        dba("DROP ROLE IF EXISTS ms_caller, ms_refused", "CREATE ROLE ms_caller LOGIN IN ROLE wormhole_run",
                "CREATE ROLE ms_refused LOGIN IN ROLE wormhole_run, wormhole_install");
    }

    @Test
    void eachMethodCountsItsCallsErrorsAndTimeByRoleAcrossBackendExits() throws Throwable {
        try (Connection dba = PostgresCluster.connect()) {
            assertThat(InBackend.call(dba, StatsProbe.class, "twice", 1L)).as("stores the bundle").isEqualTo(2L);
        }
        for (int backend = 0; backend < 3; backend++) {
            try (Connection c = PostgresCluster.connect("ms_caller")) {
                assertThat(byHash(c, InBackend.request(StatsProbe.class, "twice", 20L))).isEqualTo(40L);
                assertThat(byHash(c, InBackend.request(StatsProbe.class, "twice", 21L))).isEqualTo(42L);
                assertThat(byHash(c, InBackend.request(StatsProbe.class, "fail", "no")))
                        .isInstanceOf(IllegalStateException.class);
                assertThat(byHash(c, InBackend.request(StatsProbe.class, "rows", null, 5))).isEqualTo(5);
            }
        }
        List<String> rows = new ArrayList<>();
        try (Connection dba = PostgresCluster.connect(); Statement st = dba.createStatement();
                ResultSet rs = st.executeQuery("SELECT method, calls, errors, rows, total_time > interval '0',"
                        + " mean_time = total_time / calls"
                        + " FROM wormhole.method_stats WHERE role = 'ms_caller' ORDER BY method")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + " calls=" + rs.getLong(2) + " errors=" + rs.getLong(3) + " rows="
                        + rs.getLong(4) + " timed=" + rs.getBoolean(5) + " mean=" + rs.getBoolean(6));
            }
        }
        assertThat(rows).containsExactly(
                PREFIX + "fail(java.lang.String) calls=3 errors=3 rows=0 timed=true mean=true",
                PREFIX + "rows(java.sql.Connection, int) calls=3 errors=0 rows=15 timed=true mean=true",
                PREFIX + "twice(long) calls=6 errors=0 rows=0 timed=true mean=true");
    }

    /**
     * A call the verifier refuses and a call of a method its bundle lacks are errors of the method they asked for, in
     * the caller's role, as a DBA looking for failing calls expects.
     */
    @Test
    void refusedCallsAndMissingMethodsCountAsErrorsOfTheMethodAsked() throws Throwable {
        try (Connection c = PostgresCluster.connect("ms_refused")) {
            assertThatThrownBy(() -> InBackend.call(c, HostProbe.class, "add", 1L, 2L))
                    .isInstanceOf(SecurityException.class);
        }
        try (Connection dba = PostgresCluster.connect()) {
            assertThat(InBackend.call(dba, StatsProbe.class, "twice", 1L)).isEqualTo(2L);
        }
        try (Connection c = PostgresCluster.connect("ms_refused")) {
            Request twice = InBackend.request(StatsProbe.class, "twice", 1L);
            Request missing = Request.withBundle(InBackend.bundleOf(StatsProbe.class), twice.className(), "thrice",
                    "(J)J", twice.arguments()).withoutBundle();
            assertThatThrownBy(() -> byHash(c, missing)).isInstanceOfSatisfying(PSQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("42883"));
        }
        List<String> rows = new ArrayList<>();
        try (Connection dba = PostgresCluster.connect(); Statement st = dba.createStatement();
                ResultSet rs = st.executeQuery("SELECT method, calls, errors"
                        + " FROM wormhole.method_stats WHERE role = 'ms_refused' ORDER BY method")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + " calls=" + rs.getLong(2) + " errors=" + rs.getLong(3));
            }
        }
        assertThat(rows).containsExactly("com.example.hostprobe.HostProbe.add(long, long) calls=1 errors=1",
                PREFIX + "thrice(long) calls=1 errors=1");
    }
}
