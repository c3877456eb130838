package io.wormhole.server.host;

import static io.wormhole.server.host.Sessions.dba;
import static io.wormhole.server.host.Sessions.dbaValue;
import static io.wormhole.testing.Backends.assertUsable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wormhole.testing.PostgresCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.util.PSQLException;

/**
 * The role the host's own statements run as: it owns the server's tables and nothing else, nobody can log in as
 * it or reach it through membership, and installing the extension (in another database of the cluster, where
 * the role exists already) refuses one that somebody could act as.
 */
@ExtendWith(PostgresCluster.class)
class HostRoleTest {

    @Test
    void theHostRoleOwnsTheServersTablesAndNothingElse() throws SQLException {
        assertThat(dbaValue("SELECT rolsuper OR rolcanlogin OR rolcreaterole OR rolcreatedb OR rolreplication"
                + " OR rolbypassrls FROM pg_roles WHERE rolname = 'wormhole_host'")).isEqualTo("f");
        assertThat(dbaValue("SELECT count(*) FROM pg_auth_members WHERE 'wormhole_host'::regrole IN (roleid, member)"))
                .isEqualTo("0");
        assertThat(dbaValue("SELECT string_agg(c.relname, ',' ORDER BY c.relname) FROM pg_class c"
                + " WHERE c.relowner = 'wormhole_host'::regrole AND c.relkind IN ('r', 'v', 'S')"))
                .isEqualTo("allowlist,allowlist_position_seq,allowlist_version,audit,audit_id_seq,bundles,"
                        + "call_outcomes");
        assertThat(dbaValue("SELECT string_agg(p.proname, ',') FROM pg_proc p"
                + " WHERE p.proowner = 'wormhole_host'::regrole")).isEqualTo("allowlist_changed");
        assertThat(dbaValue("SELECT prosecdef FROM pg_proc WHERE oid = 'wormhole.invoke(bytea)'::regprocedure"))
                .as("invoke runs as its caller").isEqualTo("f");
    }

    @Test
    void everySqlFunctionOfTheExtensionFixesItsSearchPath() throws SQLException {
        assertThat(dbaValue("SELECT string_agg(p.proname, ',') FROM pg_proc p"
                + " WHERE p.pronamespace = 'wormhole'::regnamespace AND p.prolang IN (SELECT oid FROM pg_language WHERE lanname IN ('sql', 'plpgsql'))"
                + " AND NOT coalesce('search_path=pg_catalog, pg_temp' = ANY (p.proconfig), false)"))
                .as("functions that resolve names through their caller's search_path").isNull();
        assertThat(dbaValue("SELECT count(*) FROM pg_proc p WHERE p.pronamespace = 'wormhole'::regnamespace"
                + " AND p.prolang IN (SELECT oid FROM pg_language WHERE lanname IN ('sql', 'plpgsql'))"))
                .isEqualTo("6");
    }

    @Test
    void installingRefusesAHostRoleSomebodyCouldActAs() throws SQLException {
        dba("DROP DATABASE IF EXISTS hr_other", "DROP ROLE IF EXISTS hr_member, hr_group",
                "CREATE ROLE hr_member LOGIN", "CREATE ROLE hr_group NOLOGIN", "CREATE DATABASE hr_other");
        try {
            String[][] weakenings = {
                {"ALTER ROLE wormhole_host LOGIN", "ALTER ROLE wormhole_host NOLOGIN"},
                {"ALTER ROLE wormhole_host SUPERUSER", "ALTER ROLE wormhole_host NOSUPERUSER"},
                {"ALTER ROLE wormhole_host CREATEROLE", "ALTER ROLE wormhole_host NOCREATEROLE"},
                {"GRANT wormhole_host TO hr_member", "REVOKE wormhole_host FROM hr_member"},
                {"GRANT hr_group TO wormhole_host", "REVOKE hr_group FROM wormhole_host"},
            };
            for (String[] w : weakenings) {
                dba(w[0]);
                try (Connection other = other(); Statement st = other.createStatement()) {
                    assertThatThrownBy(() -> st.execute("CREATE EXTENSION wormhole")).as(w[0])
                            .isInstanceOfSatisfying(PSQLException.class, e -> {
                                assertThat(e.getSQLState()).isEqualTo("55000");
                                assertThat(e.getMessage()).contains("wormhole_host exists and can be acted as");
                            });
                    assertUsable(other);
                } finally {
                    dba(w[1]);
                }
            }
            try (Connection other = other(); Statement st = other.createStatement()) {
                st.execute("CREATE EXTENSION wormhole");
                assertThat(Sessions.value(other, "SELECT tableowner FROM pg_tables WHERE schemaname = 'wormhole'"
                        + " AND tablename = 'bundles'")).isEqualTo("wormhole_host");
            }
        } finally {
            dba("DROP DATABASE IF EXISTS hr_other", "DROP ROLE IF EXISTS hr_member, hr_group");
        }
    }

    private static Connection other() throws SQLException {
        return DriverManager.getConnection(PostgresCluster.url().replace("/postgres?", "/hr_other?"));
    }
}
