package io.wormhole.server.host;

import static io.wormhole.server.host.Sessions.dba;
import static io.wormhole.server.host.Sessions.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.hostprobe.PureProbe;
import io.wormhole.server.testing.InBackend;
import io.wormhole.testing.PostgresCluster;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.util.PSQLException;

/**
 * {@code wormhole.start_vm()}: a pool's connection init statement starts the backend's VM when the connection opens,
 * so the first call of a request does not pay it.
 */
@ExtendWith(PostgresCluster.class)
class StartVmTest {

    @BeforeAll
    static void roles() throws Exception {
        dba("DROP ROLE IF EXISTS sv_run, sv_nobody", "CREATE ROLE sv_run LOGIN IN ROLE wormhole_run",
                "CREATE ROLE sv_nobody LOGIN");
    }

    private static int reservedByThisBackend(Connection c) throws Exception {
        return Integer.parseInt(value(c, "SELECT mine_mb FROM wormhole.memory_budget()"));
    }

    @Test
    void startsTheVmOnceAndTheFirstCallFindsItRunning() throws Throwable {
        try (Connection c = PostgresCluster.connect()) {
            assertThat(reservedByThisBackend(c)).as("no VM before").isZero();
            assertThat(value(c, "SELECT wormhole.start_vm()")).isEqualTo("t");
            assertThat(reservedByThisBackend(c)).as("the VM holds its reservation").isPositive();
            assertThat(value(c, "SELECT wormhole.start_vm()")).as("already running").isEqualTo("f");
            assertThat(InBackend.call(c, PureProbe.class, "add", 20L, 22L)).isEqualTo(42L);
        }
    }

    @Test
    void aRunnerMayStartItsVmAndOthersMayNot() throws Throwable {
        try (Connection c = PostgresCluster.connect("sv_run")) {
            assertThat(value(c, "SELECT wormhole.start_vm()")).isEqualTo("t");
        }
        try (Connection c = PostgresCluster.connect("sv_nobody")) {
            assertThatThrownBy(() -> value(c, "SELECT wormhole.start_vm()"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
        }
    }

    @Test
    void aStartThatFailsNamesTheSettingAndMayBeRetried() throws Throwable {
        try (Connection c = PostgresCluster.connect()) {
            try (Statement st = c.createStatement()) {
                st.execute("SET wormhole.libjvm_path = '/nonexistent/libjvm.so'");
            }
            assertThatThrownBy(() -> value(c, "SELECT wormhole.start_vm()"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(
                            e.getServerErrorMessage().getHint()).contains("wormhole.libjvm_path"));
            try (Statement st = c.createStatement()) {
                st.execute("RESET wormhole.libjvm_path");
            }
            assertThat(value(c, "SELECT wormhole.start_vm()")).isEqualTo("t");
            assertThat(InBackend.call(c, PureProbe.class, "add", 1L, 2L)).isEqualTo(3L);
        }
    }
}
