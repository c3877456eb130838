package io.wormhole.server.host;

import static io.wormhole.testing.Backends.assertUsable;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.standbyprobe.Exits;
import com.example.standbyprobe.NewOnStandby;
import com.example.standbyprobe.NotForRunners;
import com.example.standbyprobe.Reads;
import com.example.standbyprobe.Writes;
import io.wormhole.server.testing.InBackend;
import io.wormhole.testing.PostgresCluster;
import io.wormhole.wire.CallIds;
import io.wormhole.wire.Request;
import io.wormhole.wire.Response;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Calls on a hot standby (a real streaming replica of a cluster of this class's own), sent as the agent sends them:
 * the bundle inline on a client's first call to a server. A bundle installed on the primary runs there from the
 * first call, for roles that may only run bundles too; the standby writes nothing (no bundle, audit, verdict nor call
 * record); a bundle new to it is verified and kept in the calling backend's memory, with a line in the server log
 * in place of the audit; a writing call fails with PostgreSQL's own read-only error (25006).
 */
class StandbyTest {
    private static PostgresCluster.Instance primary;
    private static PostgresCluster.Instance standby;

    @BeforeAll
    static void primaryAndStandby() throws Throwable {
        primary = PostgresCluster.isolated("standby-primary");
        try (Connection c = primary.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE notes (id bigserial PRIMARY KEY, note text NOT NULL)");
            st.execute("INSERT INTO notes (note) VALUES ('a'), ('b'), ('c')");
            st.execute("CREATE ROLE sb_install LOGIN IN ROLE wormhole_install");
            st.execute("CREATE ROLE sb_run LOGIN IN ROLE wormhole_run");
            st.execute("GRANT SELECT, INSERT ON notes TO sb_install, sb_run");
            st.execute("GRANT USAGE ON SEQUENCE notes_id_seq TO sb_install, sb_run");
        }
        standby = primary.startStandby("standby-replica");
    }

    @AfterAll
    static void stop() {
        PostgresCluster.closeCheckingLogs(standby, primary);
    }

    private static Object outcome(Connection c, Request request) throws SQLException {
        return Sessions.outcome(c, request);
    }

    private static String value(PostgresCluster.Instance server, String sql, Object... params) throws SQLException {
        try (Connection c = server.connect()) {
            return Sessions.value(c, sql, params);
        }
    }

    private static String hex12(Class<?> probe) {
        return InBackend.bundleOf(probe).hashHex().substring(0, 12);
    }

    @Test
    void aBundleInstalledOnThePrimaryRunsOnTheStandbyFromTheFirstCallShippedInlineAndWritesNothing()
            throws Throwable {
        Request notes = InBackend.request(Reads.class, "notes", (Object) null);
        try (Connection installer = primary.connect("sb_install")) {
            assertThat(outcome(installer, notes)).isEqualTo(3L);
        }
        standby.awaitReplay();
        long logFrom = standby.logSize();
        String audited = value(primary, "SELECT count(*) FROM wormhole.audit");
        UUID callId = CallIds.next();
        // Run-only roles may not install: the standby must find the bundle by its hash, not take the inline bytes.
        try (Connection runner = standby.connect("sb_run")) {
            assertThat(outcome(runner, notes.withCallId(callId))).isEqualTo(3L);
            assertThat(Sessions.value(runner, "SELECT wormhole.call_outcome(?::uuid)", callId.toString()))
                    .as("a read-only call leaves no record to find").isEqualTo("not committed");
        }
        try (Connection installer = standby.connect("sb_install")) {
            assertThat(outcome(installer, notes)).isEqualTo(3L);
            assertThat(Sessions.byHash(installer, notes)).isEqualTo(3L);
        }
        String log = standby.logSince(logFrom);
        assertThat(log).doesNotContain("ERROR").doesNotContain("kept in this backend's memory");
        assertThat(value(primary, "SELECT count(*) FROM wormhole.audit")).isEqualTo(audited);
        assertThat(value(standby, "SELECT calls FROM wormhole.bundle_stats WHERE hash = encode(?, 'hex')",
                (Object) notes.bundleHash())).as("the standby's own count, in its shared memory").isEqualTo("3");
    }

    @Test
    void aWritingCallFailsWithPostgresqlsReadOnlyErrorAndTheSessionGoesOn() throws Throwable {
        Request add = InBackend.request(Writes.class, "add", null, "on the standby");
        try (Connection installer = primary.connect("sb_install")) {
            assertThat(outcome(installer, InBackend.request(Writes.class, "add", null, "on the primary")))
                    .isEqualTo(1);
        }
        standby.awaitReplay();
        try (Connection installer = standby.connect("sb_install")) {
            installer.setAutoCommit(false);
            Object thrown = outcome(installer, add.withCallId(CallIds.next()));
            assertThat(thrown).isInstanceOf(SQLException.class);
            assertThat(((SQLException) thrown).getSQLState()).isEqualTo("25006");
            assertThat(((SQLException) thrown).getMessage()).contains("cannot execute INSERT in a read-only"
                    + " transaction");
            assertUsable(installer); // the caller's transaction goes on
            installer.commit();
        }
    }

    @Test
    void aBundleNewToTheStandbyIsVerifiedAndKeptInThatBackendsMemoryWithALogLineInPlaceOfTheAudit()
            throws Throwable {
        Request twice = InBackend.request(NewOnStandby.class, "twice", 21L);
        byte[] hash = twice.bundleHash();
        long logFrom = standby.logSize();
        try (Connection first = standby.connect("sb_install"); Connection second = standby.connect("sb_install")) {
            assertThat(outcome(first, twice)).isEqualTo(42L);
            assertThat(Sessions.byHash(first, twice)).as("held by the backend that verified it").isEqualTo(42L);
            assertThat(Sessions.byHash(second, twice)).as("not stored: another backend asks for the bytes")
                    .isEqualTo(Response.Status.UNKNOWN_BUNDLE);
            assertThat(outcome(second, twice)).isEqualTo(42L);
        }
        assertThat(standby.logSince(logFrom)).contains("wormhole: bundle " + hex12(NewOnStandby.class)
                + " (1 class) was verified for role ").contains("on a hot standby and is kept in this backend's"
                + " memory only").doesNotContain("ERROR");
        assertThat(value(primary, "SELECT count(*) FROM wormhole.bundles WHERE hash = ?", (Object) hash))
                .isEqualTo("0");
        assertThat(value(primary, "SELECT count(*) FROM wormhole.audit WHERE hash = ?", (Object) hash))
                .isEqualTo("0");

        // Its first call on the primary stores it, and the standby then serves it by hash from any backend.
        try (Connection installer = primary.connect("sb_install")) {
            assertThat(outcome(installer, twice)).isEqualTo(42L);
        }
        standby.awaitReplay();
        try (Connection third = standby.connect("sb_run")) {
            assertThat(Sessions.byHash(third, twice)).isEqualTo(42L);
        }
    }

    @Test
    void refusalsOnTheStandbyRefuseAsOnThePrimaryAndAreLoggedThereInPlaceOfTheAudit() throws Throwable {
        long logFrom = standby.logSize();
        try (Connection runner = standby.connect("sb_run"); Connection installer = standby.connect("sb_install")) {
            Object notInstalled = outcome(runner, InBackend.request(NotForRunners.class, "echo", 1L));
            assertThat(notInstalled).isInstanceOf(SecurityException.class);
            assertThat(((Throwable) notInstalled).getMessage()).contains("role may not install new bundles");
            Object rejected = outcome(installer, InBackend.request(Exits.class, "echo", 1L));
            assertThat(rejected).isInstanceOf(SecurityException.class);
            assertThat(((Throwable) rejected).getMessage()).contains("rejected by the verifier")
                    .contains("System.exit");
            assertUsable(runner);
            assertUsable(installer);
        }
        String log = standby.logSince(logFrom);
        assertThat(log).contains("wormhole: the refusal of bundle " + hex12(NotForRunners.class) + " to role ")
                .contains("wormhole: the refusal of bundle " + hex12(Exits.class) + " to role ")
                .contains("is not audited: the server is a hot standby").doesNotContain("ERROR");
        assertThat(value(primary, "SELECT count(*) FROM wormhole.audit WHERE hash = ANY (ARRAY[?, ?]::bytea[])",
                InBackend.bundleOf(NotForRunners.class).hash(), InBackend.bundleOf(Exits.class).hash()))
                .isEqualTo("0");
    }
}
