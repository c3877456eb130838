package io.wormhole.server.host;

import static io.wormhole.server.host.Sessions.audited;
import static io.wormhole.server.host.Sessions.dba;
import static io.wormhole.server.host.Sessions.dbaValue;
import static io.wormhole.server.host.Sessions.isSuperuser;
import static io.wormhole.server.host.Sessions.outcome;
import static io.wormhole.server.host.Sessions.value;
import static io.wormhole.testing.Backends.assertUsable;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.hostprobe.ExecProbe;
import com.example.hostprobe.PureProbe;
import com.example.hostprobe.ShadowProbe;
import io.wormhole.server.testing.InBackend;
import io.wormhole.testing.PostgresCluster;
import io.wormhole.wire.Request;
import io.wormhole.wire.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The host's own SQL (bundle store, audit, verifier settings, statistics) and the extension's SQL functions, attacked
 * through the names they resolve: a role plants look-alikes of {@code pg_get_userbyid}, {@code now},
 * {@code make_interval}, {@code string_agg}, the {@code =} operators and {@code pg_settings} in its own schema first
 * on its {@code search_path}, or as temporary objects, and then makes the host run its bookkeeping. Every
 * look-alike records that it ran and tries to make its owner a superuser; none may run.
 */
@ExtendWith(PostgresCluster.class)
class HostSqlShadowingTest {
    private static final String INSTALLER = "hs_install";
    private static final String RUNNER = "hs_run";
    private static final String HOSTILE_PATH = "SET search_path = hs_install, pg_catalog";

    @BeforeAll
    static void roles() throws SQLException {
        dba("DROP SCHEMA IF EXISTS hs_install CASCADE",
                "DROP ROLE IF EXISTS hs_install, hs_run, hs_victim",
                "CREATE ROLE hs_install LOGIN IN ROLE wormhole_install",
                "CREATE ROLE hs_run LOGIN IN ROLE wormhole_run",
                "CREATE ROLE hs_victim LOGIN PASSWORD 'victim-secret'",
                "CREATE SCHEMA hs_install AUTHORIZATION hs_install");
        try (Connection c = PostgresCluster.connect(INSTALLER); Statement st = c.createStatement()) {
            // Open to everyone, so that whoever the host runs as would find and run these if it resolved them.
            st.execute("GRANT USAGE ON SCHEMA hs_install TO PUBLIC");
            st.execute("CREATE TABLE hs_install.hits (what text)");
            st.execute("GRANT INSERT ON hs_install.hits TO PUBLIC");
            st.execute("CREATE FUNCTION hs_install.escalate(what text) RETURNS void LANGUAGE plpgsql AS $f$"
                    + " BEGIN INSERT INTO hs_install.hits VALUES (what);"
                    + " BEGIN EXECUTE 'ALTER ROLE hs_install SUPERUSER'; EXCEPTION WHEN OTHERS THEN NULL; END;"
                    + " END $f$");
            st.execute("CREATE FUNCTION hs_install.pg_get_userbyid(oid) RETURNS name LANGUAGE plpgsql AS $f$"
                    + " BEGIN PERFORM hs_install.escalate('pg_get_userbyid'); RETURN 'nobody'; END $f$");
            st.execute("CREATE FUNCTION hs_install.now() RETURNS timestamptz LANGUAGE plpgsql AS $f$"
                    + " BEGIN PERFORM hs_install.escalate('now'); RETURN '2000-01-01'; END $f$");
            st.execute("CREATE FUNCTION hs_install.make_interval(secs numeric) RETURNS interval LANGUAGE plpgsql"
                    + " AS $f$ BEGIN PERFORM hs_install.escalate('make_interval'); RETURN '1 day'; END $f$");
            st.execute("CREATE FUNCTION hs_install.widen(state text, rule text, sep text) RETURNS text"
                    + " LANGUAGE plpgsql AS $f$ BEGIN PERFORM hs_install.escalate('string_agg');"
                    + " RETURN 'allow java.**'; END $f$");
            st.execute("CREATE AGGREGATE hs_install.string_agg(text, text) (SFUNC = hs_install.widen, STYPE = text)");
            st.execute("CREATE FUNCTION hs_install.bytea_eq(bytea, bytea) RETURNS boolean LANGUAGE plpgsql AS $f$"
                    + " BEGIN PERFORM hs_install.escalate('bytea ='); RETURN true; END $f$");
            st.execute("CREATE OPERATOR hs_install.= (LEFTARG = bytea, RIGHTARG = bytea,"
                    + " FUNCTION = hs_install.bytea_eq)");
            st.execute("CREATE FUNCTION hs_install.text_eq(text, text) RETURNS boolean LANGUAGE plpgsql AS $f$"
                    + " BEGIN PERFORM hs_install.escalate('text ='); RETURN true; END $f$");
            st.execute("CREATE OPERATOR hs_install.= (LEFTARG = text, RIGHTARG = text, FUNCTION = hs_install.text_eq)");
            st.execute("CREATE FUNCTION hs_install.setting(name text) RETURNS text LANGUAGE plpgsql AS $f$"
                    + " BEGIN PERFORM hs_install.escalate('pg_settings'); RETURN '1000000'; END $f$");
            st.execute("CREATE VIEW hs_install.pg_settings AS SELECT s.name, hs_install.setting(s.name) AS setting"
                    + " FROM pg_catalog.pg_settings s");
            st.execute("GRANT SELECT ON hs_install.pg_settings TO PUBLIC");
        }
    }

    @BeforeEach
    void nothingRanYet() throws Exception {
        dba("TRUNCATE hs_install.hits", "ALTER ROLE hs_install NOSUPERUSER");
        Files.deleteIfExists(Path.of(ExecProbe.MARKER));
    }

    /** No look-alike ran, nobody became a superuser, no process was started. */
    private static void assertNothingGained() throws SQLException {
        assertThat(dbaValue("SELECT string_agg(what, ', ') FROM hs_install.hits")).as("look-alikes that ran").isNull();
        assertThat(isSuperuser(INSTALLER)).isFalse();
        assertThat(isSuperuser(RUNNER)).isFalse();
        assertThat(Path.of(ExecProbe.MARKER)).doesNotExist();
    }

    @Test
    void aRejectedInstallAuditsTheRealRoleAndTheVerifierKeepsTheRealAllowlist() throws Exception {
        Request exec = InBackend.request(ExecProbe.class, "touch");
        try (Connection c = PostgresCluster.connect(INSTALLER); Statement st = c.createStatement()) {
            st.execute(HOSTILE_PATH);
            Object answer = outcome(c, exec);
            assertThat(answer).isInstanceOf(SecurityException.class);
            assertThat(((Throwable) answer).getMessage()).contains("rejected by the verifier")
                    .contains("java.lang.Runtime.exec");
            assertUsable(c);
        }
        assertThat(audited(INSTALLER, "reject", exec.bundleHash())).isPositive();
        assertNothingGained();
    }

    @Test
    void anAcceptedInstallRecordsTheRealRole() throws Exception {
        Sessions.evict(ShadowProbe.class);
        Request add = InBackend.request(ShadowProbe.class, "add", 40L, 2L);
        try (Connection c = PostgresCluster.connect(INSTALLER); Statement st = c.createStatement()) {
            st.execute(HOSTILE_PATH);
            assertThat(outcome(c, add)).isEqualTo(42L);
            assertUsable(c);
        }
        assertThat(dbaValue("SELECT installed_by FROM wormhole.bundles WHERE hash = ?", add.bundleHash()))
                .isEqualTo(INSTALLER);
        assertThat(audited(INSTALLER, "install", add.bundleHash())).isEqualTo(1);
        assertNothingGained();
    }

    @Test
    void aShadowedEqualsOperatorFindsNoOtherBundleAndEvictsNothing() throws Exception {
        Request add = InBackend.request(ShadowProbe.class, "add", 1L, 2L);
        try (Connection c = PostgresCluster.connect()) {
            assertThat(outcome(c, add)).isEqualTo(3L);
        }
        byte[] otherHash = add.bundleHash().clone();
        otherHash[0] ^= 1;
        Request unknown = new Request(otherHash, null, add.className(), add.methodName(), add.descriptor(),
                add.arguments(), false);
        try (Connection c = PostgresCluster.connect(INSTALLER); Statement st = c.createStatement()) {
            st.execute(HOSTILE_PATH);
            assertThat(outcome(c, unknown)).isEqualTo(Response.Status.UNKNOWN_BUNDLE);
            assertUsable(c);
        }
        String bundles = dbaValue("SELECT count(*) FROM wormhole.bundles");
        String rules = dbaValue("SELECT count(*) FROM wormhole.allowlist");
        // The DBA's own session with a search_path that reaches a schema a role controls.
        try (Connection dba = PostgresCluster.connect(); Statement st = dba.createStatement()) {
            st.execute(HOSTILE_PATH);
            assertThat(value(dba, "SELECT wormhole.evict(?)", (Object) otherHash)).isEqualTo("f");
            assertThat(value(dba, "SELECT wormhole.allowlist_remove('allow no.such.rule')")).isEqualTo("f");
            // The view's own names were bound when it was created; this query's are spelled out.
            assertThat(value(dba, "SELECT pg_catalog.count(*) FROM wormhole.bundle_stats s"
                    + " WHERE s.hash OPERATOR(pg_catalog.=) pg_catalog.encode(?, 'hex')", (Object) add.bundleHash()))
                    .isEqualTo("1");
        }
        assertThat(dbaValue("SELECT count(*) FROM wormhole.bundles")).isEqualTo(bundles);
        assertThat(dbaValue("SELECT count(*) FROM wormhole.allowlist")).isEqualTo(rules);
        assertNothingGained();
    }

    @Test
    void aShadowedStringAggDoesNotWidenTheAllowlistTheDbaVerifiesWith() throws Exception {
        try (Connection dba = PostgresCluster.connect(); Statement st = dba.createStatement()) {
            st.execute(HOSTILE_PATH);
            assertThat(value(dba, "SELECT wormhole.verify(?)", (Object) InBackend.bundleOf(ExecProbe.class).toBytes()))
                    .startsWith("rejected: ").contains("java.lang.Runtime.exec");
            assertThat(value(dba, "SELECT count(*) FROM wormhole.allowlist_list() AS r(rule)"
                    + " WHERE r.rule OPERATOR(pg_catalog.=) 'allow java.**'")).isEqualTo("0");
        }
        assertNothingGained();
    }

    /** Counting a call runs no SQL at all (shared memory), so a role's look-alikes of {@code now} cannot skew it. */
    @Test
    void callsAreCountedWithoutAnythingTheRoleCouldShadow() throws Exception {
        Request add = InBackend.request(ShadowProbe.class, "add", 2L, 2L);
        try (Connection c = PostgresCluster.connect()) {
            assertThat(outcome(c, add)).isEqualTo(4L);
        }
        String calls = "SELECT calls FROM wormhole.bundle_stats WHERE hash = encode(?, 'hex')";
        long before = Long.parseLong(dbaValue(calls, (Object) add.bundleHash()));
        try (Connection c = PostgresCluster.connect(INSTALLER); Statement st = c.createStatement()) {
            st.execute(HOSTILE_PATH);
            for (int i = 0; i < 3; i++) {
                assertThat(Sessions.byHash(c, add)).isEqualTo(4L);
            }
            assertUsable(c);
        }
        assertThat(Long.parseLong(dbaValue(calls, (Object) add.bundleHash()))).isEqualTo(before + 3);
        assertThat(dbaValue("SELECT pg_catalog.now() - last_used < interval '1 minute'"
                + " AND total_time < interval '1 hour' FROM wormhole.bundle_stats WHERE hash = encode(?, 'hex')",
                (Object) add.bundleHash())).isEqualTo("t");
        assertNothingGained();
    }

    @Test
    void aRoleWithoutCreateRightsCannotShadowThroughTemporaryObjects() throws Exception {
        Request stored = InBackend.request(PureProbe.class, "add", 20L, 22L);
        try (Connection c = PostgresCluster.connect()) {
            assertThat(outcome(c, stored)).isEqualTo(42L);
        }
        try (Connection c = PostgresCluster.connect(RUNNER); Statement st = c.createStatement()) {
            // What leaks if the host reads these: every password hash and a server file, through an error message.
            st.execute("CREATE FUNCTION pg_temp.leak() RETURNS text LANGUAGE plpgsql AS $f$ BEGIN"
                    + " RAISE EXCEPTION 'leak: % %', (SELECT string_agg(rolname || ':' || rolpassword, ',')"
                    + " FROM pg_authid WHERE rolpassword IS NOT NULL), pg_read_file('/etc/passwd'); END $f$");
            st.execute("CREATE TEMP VIEW pg_settings AS SELECT s.name,"
                    + " CASE WHEN s.name LIKE 'wormhole.%' THEN pg_temp.leak() ELSE s.setting END AS setting"
                    + " FROM pg_catalog.pg_settings s");
            st.execute("CREATE FUNCTION pg_temp.pg_get_userbyid(oid) RETURNS name LANGUAGE sql"
                    + " AS $f$ SELECT pg_temp.leak()::name $f$");
            st.execute("SET search_path = pg_temp, pg_catalog");
            // A stored bundle this backend has not defined yet: the host reads the verifier's settings for its sandbox.
            assertThat(outcome(c, stored.withoutBundle())).isEqualTo(42L);
            // A bundle this role may not install: the host audits the refusal under the role's name.
            Object refused = outcome(c, InBackend.request(ExecProbe.class, "touch"));
            assertThat(refused).isInstanceOf(SecurityException.class);
            assertThat(((Throwable) refused).getMessage()).contains("GRANT wormhole_install TO")
                    .doesNotContain("SCRAM").doesNotContain("root:");
            assertThat(value(c, "SELECT count(*) > 0 FROM pg_settings WHERE name NOT LIKE 'wormhole.%'")).as("the role's own view still works")
                    .isEqualTo("t");
            assertUsable(c);
        }
        assertThat(audited(RUNNER, "reject", InBackend.bundleOf(ExecProbe.class).hash())).isPositive();
        assertThat(Files.readString(PostgresCluster.logFile())).as("the server log").doesNotContain("leak: ");
        assertNothingGained();
    }
}
