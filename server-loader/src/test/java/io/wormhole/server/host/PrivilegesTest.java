package io.wormhole.server.host;

import static io.wormhole.server.host.Sessions.audited;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.hostprobe.InstallProbe;
import com.example.hostprobe.PureProbe;
import io.wormhole.server.testing.InBackend;
import io.wormhole.testing.PostgresCluster;
import io.wormhole.wire.Request;
import io.wormhole.wire.Response;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.util.PSQLException;

@ExtendWith(PostgresCluster.class)
class PrivilegesTest {

    @BeforeAll
    static void roles() throws SQLException {
        try (Connection c = PostgresCluster.connect(); Statement st = c.createStatement()) {
            st.execute("DROP ROLE IF EXISTS priv_none, priv_run, priv_install");
            st.execute("CREATE ROLE priv_none LOGIN");
            st.execute("CREATE ROLE priv_run LOGIN IN ROLE wormhole_run");
            st.execute("CREATE ROLE priv_install LOGIN IN ROLE wormhole_install");
        }
    }

    @Test
    void aRoleWithoutTheRunGrantCannotCall() throws SQLException {
        try (Connection c = PostgresCluster.connect("priv_none")) {
            assertThatThrownBy(() -> InBackend.call(c, PureProbe.class, "add", 1L, 2L))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
        }
    }

    @Test
    void theRunGrantRunsHeldBundlesButInstallsNone() throws Throwable {
        Request request = InBackend.request(InstallProbe.class, "twice", 21L);
        try (Connection runner = PostgresCluster.connect("priv_run")) {
            assertThatThrownBy(() -> InBackend.call(runner, InstallProbe.class, "twice", 21L))
                    .isInstanceOf(SecurityException.class)
                    .hasMessageContaining("GRANT wormhole_install TO");
            assertThat(audited("priv_run", "reject")).isPositive();
            assertThat(InBackend.send(runner, request.withoutBundle()).status())
                    .isEqualTo(Response.Status.UNKNOWN_BUNDLE);
        }
        try (Connection installer = PostgresCluster.connect("priv_install")) {
            assertThat(InBackend.call(installer, InstallProbe.class, "twice", 21L)).isEqualTo(42L);
            assertThat(audited("priv_install", "install")).isPositive();
        }
        try (Connection runner = PostgresCluster.connect("priv_run")) {
            assertThat(InBackend.send(runner, request.withoutBundle()).status()).isEqualTo(Response.Status.RETURNED);
            assertThat(InBackend.call(runner, InstallProbe.class, "twice", 21L)).isEqualTo(42L);
        }
    }

    @Test
    void theServerTablesStayClosedToApplicationRoles() throws SQLException {
        try (Connection c = PostgresCluster.connect("priv_install"); Statement st = c.createStatement()) {
            for (String sql : new String[] {"SELECT * FROM wormhole.bundles", "SELECT * FROM wormhole.audit",
                "DELETE FROM wormhole.allowlist", "SELECT wormhole.evict('\\x00')"}) {
                assertThatThrownBy(() -> st.execute(sql)).as(sql)
                        .isInstanceOfSatisfying(PSQLException.class,
                                e -> assertThat(e.getSQLState()).isEqualTo("42501"));
            }
        }
    }

    @Test
    void allowlistChangesApplyToBundlesVerifiedAfterwardsAndTheDefaultCanBeRestored() throws Throwable {
        try (Connection c = PostgresCluster.connect(); Statement st = c.createStatement()) {
            byte[] classes = InBackend.bundleOf(PureProbe.class).toBytes();
            try (var verify = c.prepareStatement("SELECT wormhole.verify(?)")) {
                verify.setBytes(1, classes);
                st.execute("SELECT wormhole.allowlist_add('deny java.lang.String#repeat')");
                try (ResultSet rs = verify.executeQuery()) {
                    rs.next();
                    assertThat(rs.getString(1)).startsWith("rejected: ").contains("java.lang.String.repeat");
                }
                try (ResultSet rs = st.executeQuery("SELECT wormhole.allowlist_remove('deny java.lang.String#repeat')")) {
                    rs.next();
                    assertThat(rs.getBoolean(1)).isTrue();
                }
                try (ResultSet rs = verify.executeQuery()) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo("accepted");
                }
                st.execute("DELETE FROM wormhole.allowlist");
                try (ResultSet rs = verify.executeQuery()) {
                    rs.next();
                    assertThat(rs.getString(1)).as("an empty allowlist allows nothing").startsWith("rejected: ");
                }
                st.execute("SELECT wormhole.allowlist_reset()");
                try (ResultSet rs = verify.executeQuery()) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo("accepted");
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM wormhole.allowlist_list()")) {
                rs.next();
                assertThat(rs.getInt(1)).isGreaterThan(50);
            }
        }
    }

    @Test
    void theDbaCanVerifyAndEvictBundles() throws Throwable {
        try (Connection c = PostgresCluster.connect()) {
            InBackend.call(c, PureProbe.class, "add", 1L, 1L);
            byte[] hash = InBackend.bundleOf(PureProbe.class).hash();
            try (var st = c.prepareStatement("SELECT wormhole.verify(?)")) {
                st.setBytes(1, InBackend.bundleOf(PureProbe.class).toBytes());
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo("accepted");
                }
                st.setBytes(1, InBackend.bundleOf(com.example.hostprobe.HostProbe.class).toBytes());
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    assertThat(rs.getString(1)).startsWith("rejected: ").contains("io.wormhole.server.pg");
                }
            }
            try (var st = c.prepareStatement("SELECT wormhole.evict(?)")) {
                st.setBytes(1, hash);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    assertThat(rs.getBoolean(1)).isTrue();
                }
            }
            assertThat(audited(PostgresCluster.superuser(), "evict")).isPositive();
        }
    }
}
