package com.example.attacks;

import static io.wormhole.testing.Backends.assertUsable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wormhole.agent.Premain;
import io.wormhole.testing.PostgresCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Through the agent, as an application would call: trust the DBA withdraws (a narrower allowlist, an eviction)
 * stops a bundle in a backend that already holds it, without reconnecting; and a role that rewrites what the
 * host's own SQL resolves (its own {@code string_agg} and {@code pg_get_userbyid} first on its search_path)
 * widens nothing and gains nothing.
 */
@ExtendWith(PostgresCluster.class)
class WithdrawnTrustTest {

    @BeforeAll
    static void setUp() throws Exception {
        Premain.install(ByteBuddyAgent.install());
        try (Connection c = PostgresCluster.connect(); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS wt_hijacker CASCADE");
            st.execute("DROP ROLE IF EXISTS wt_installer, wt_runner, wt_hijacker");
            st.execute("CREATE ROLE wt_installer LOGIN IN ROLE wormhole_install");
            st.execute("CREATE ROLE wt_runner LOGIN IN ROLE wormhole_run");
            st.execute("CREATE ROLE wt_hijacker LOGIN IN ROLE wormhole_install");
            st.execute("CREATE SCHEMA wt_hijacker AUTHORIZATION wt_hijacker");
        }
        Files.deleteIfExists(Path.of(Hijack.MARKER));
    }

    private static String dba(String sql) throws SQLException {
        try (Connection c = PostgresCluster.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Test
    void aNarrowedAllowlistStopsTheBundleInABackendThatHeldIt() throws Exception {
        try (Connection installer = PostgresCluster.connect("wt_installer");
                Connection runner = PostgresCluster.connect("wt_runner")) {
            assertThat(Repeats.twice(installer, "ab")).isEqualTo("abab");
            assertThat(Repeats.twice(runner, "ab")).isEqualTo("abab");
            dba("SELECT wormhole.allowlist_add('deny java.lang.String#repeat')");
            try {
                assertThatThrownBy(() -> Repeats.twice(runner, "ab")).isInstanceOf(SecurityException.class)
                        .hasMessageContaining("rejected by the verifier").hasMessageContaining("String.repeat");
                assertThatThrownBy(() -> Repeats.twice(installer, "ab")).isInstanceOf(SecurityException.class)
                        .hasMessageContaining("String.repeat");
                assertUsable(runner);
            } finally {
                dba("SELECT wormhole.allowlist_remove('deny java.lang.String#repeat')");
            }
            assertThat(Repeats.twice(runner, "ab")).isEqualTo("abab");
        }
    }

    @Test
    void anEvictedBundleStopsInABackendThatHeldIt() throws Exception {
        try (Connection installer = PostgresCluster.connect("wt_installer");
                Connection runner = PostgresCluster.connect("wt_runner")) {
            assertThat(Evicted.negate(installer, 4)).isEqualTo(-4);
            assertThat(Evicted.negate(runner, 4)).isEqualTo(-4);
            assertThat(dba("SELECT wormhole.evict(hash) FROM wormhole.bundles"
                    + " WHERE 'com.example.attacks.Evicted' = ANY (class_names)")).isEqualTo("t");
            // The runner's backend no longer has it, and the runner may not ship it again.
            assertThatThrownBy(() -> Evicted.negate(runner, 4)).isInstanceOf(SecurityException.class)
                    .hasMessageContaining("GRANT wormhole_install TO");
            assertUsable(runner);
            assertThat(Evicted.negate(installer, 4)).as("shipped again by a role that may").isEqualTo(-4);
            assertThat(Evicted.negate(runner, 4)).isEqualTo(-4);
        }
    }

    @Test
    void aRoleThatShadowsTheHostsFunctionsGainsNothing() throws Exception {
        try (Connection c = PostgresCluster.connect("wt_hijacker"); Statement st = c.createStatement()) {
            st.execute("GRANT USAGE ON SCHEMA wt_hijacker TO PUBLIC");
            st.execute("CREATE FUNCTION wt_hijacker.widen(state text, rule text, sep text) RETURNS text"
                    + " LANGUAGE plpgsql AS $f$ BEGIN"
                    + " BEGIN EXECUTE 'ALTER ROLE wt_hijacker SUPERUSER'; EXCEPTION WHEN OTHERS THEN NULL; END;"
                    + " RETURN 'allow java.**'; END $f$");
            st.execute("CREATE AGGREGATE wt_hijacker.string_agg(text, text) (SFUNC = wt_hijacker.widen, STYPE = text)");
            st.execute("CREATE FUNCTION wt_hijacker.pg_get_userbyid(oid) RETURNS name LANGUAGE plpgsql AS $f$ BEGIN"
                    + " BEGIN EXECUTE 'ALTER ROLE wt_hijacker SUPERUSER'; EXCEPTION WHEN OTHERS THEN NULL; END;"
                    + " RETURN 'somebody_else'; END $f$");
            st.execute("SET search_path = wt_hijacker, pg_catalog");
            assertThatThrownBy(() -> Hijack.exec(c)).isInstanceOf(SecurityException.class)
                    .hasMessageContaining("rejected by the verifier").hasMessageContaining("java.lang.Runtime.exec");
            assertUsable(c);
        }
        assertThat(Path.of(Hijack.MARKER)).doesNotExist();
        assertThat(dba("SELECT rolsuper FROM pg_roles WHERE rolname = 'wt_hijacker'")).isEqualTo("f");
        assertThat(dba("SELECT count(*) FROM wormhole.audit WHERE action = 'reject' AND role = 'wt_hijacker'"))
                .isNotEqualTo("0");
        assertThat(dba("SELECT count(*) FROM wormhole.audit WHERE role = 'somebody_else'")).isEqualTo("0");
    }
}
