package io.wormhole.server.host;

import static io.wormhole.server.host.Sessions.byHash;
import static io.wormhole.server.host.Sessions.dba;
import static io.wormhole.server.host.Sessions.dbaValue;
import static io.wormhole.server.host.Sessions.outcome;
import static io.wormhole.testing.Backends.assertUsable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.hostprobe.EvictProbe;
import com.example.hostprobe.PropertyProbe;
import com.example.hostprobe.RevokeProbe;
import com.example.hostprobe.TrustProbe;
import io.wormhole.server.testing.InBackend;
import io.wormhole.testing.PostgresCluster;
import io.wormhole.wire.Request;
import io.wormhole.wire.Response;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.util.PSQLException;

/**
 * Trust the DBA withdraws reaches backends that already hold a bundle, before their next call: a narrowed
 * allowlist, an eviction, a revoked grant. Each backend here defined the bundle first, then another session
 * changes the rules, then the first backend calls again without reconnecting.
 */
@ExtendWith(PostgresCluster.class)
class StaleTrustTest {
    private static final String DENY_REPEAT = "deny java.lang.String#repeat";

    @BeforeAll
    static void roles() throws SQLException {
        dba("DROP ROLE IF EXISTS st_install, st_run, st_revoke_run, st_revoke_install, st_both",
                "CREATE ROLE st_install LOGIN IN ROLE wormhole_install",
                "CREATE ROLE st_run LOGIN IN ROLE wormhole_run",
                "CREATE ROLE st_revoke_run LOGIN IN ROLE wormhole_run",
                "CREATE ROLE st_revoke_install LOGIN IN ROLE wormhole_install",
                "CREATE ROLE st_both LOGIN IN ROLE wormhole_run, wormhole_install");
    }

    private static void assertRejected(Object answer, String because) {
        assertThat(answer).isInstanceOf(SecurityException.class);
        assertThat(((Throwable) answer).getMessage()).contains(because);
    }

    @Test
    void aNarrowedAllowlistStopsABundleInEveryBackendThatHoldsIt() throws Exception {
        Request twice = InBackend.request(TrustProbe.class, "twice", "ab");
        byte[] hash = twice.bundleHash();
        Sessions.evict(TrustProbe.class);
        try (Connection installer = PostgresCluster.connect("st_install");
                Connection runner = PostgresCluster.connect("st_run")) {
            assertThat(outcome(installer, twice)).isEqualTo("abab");
            assertThat(byHash(runner, twice)).isEqualTo("abab");
            try {
                dba("SELECT wormhole.allowlist_add('" + DENY_REPEAT + "')");
                try (Connection readOnly = PostgresCluster.connect("st_run");
                        Statement st = readOnly.createStatement()) {
                    // As on a hot standby: the verdict cannot be recorded, and holds all the same.
                    st.execute("SET default_transaction_read_only = on");
                    assertRejected(byHash(readOnly, twice), "java.lang.String.repeat");
                    assertUsable(readOnly);
                }
                assertRejected(byHash(runner, twice), "rejected by the verifier");
                assertRejected(outcome(installer, twice), "java.lang.String.repeat");
                try (Connection fresh = PostgresCluster.connect("st_run")) {
                    assertRejected(byHash(fresh, twice), "java.lang.String.repeat");
                }
                assertThat(Long.parseLong(dbaValue("SELECT count(*) FROM wormhole.audit WHERE action = 'reject'"
                        + " AND hash = ? AND detail LIKE '%java.lang.String.repeat%'", hash))).isPositive();
                assertThat(dbaValue("SELECT rejection FROM wormhole.bundles WHERE hash = ?", hash))
                        .contains("java.lang.String.repeat");
                assertThat(dbaValue("SELECT allowlist_version = (SELECT version FROM wormhole.allowlist_version)"
                        + " FROM wormhole.bundles WHERE hash = ?", hash)).isEqualTo("t");
            } finally {
                dba("SELECT wormhole.allowlist_remove('" + DENY_REPEAT + "')");
            }
            assertThat(byHash(runner, twice)).as("verified again under the restored rules").isEqualTo("abab");
            assertThat(dbaValue("SELECT rejection FROM wormhole.bundles WHERE hash = ?", hash)).isNull();
            assertUsable(runner);
            assertUsable(installer);
        }
    }

    @Test
    void aRepeatableReadTransactionThatLookedDuringTheChangeLooksAgainInItsNextTransaction() throws Exception {
        Request twice = InBackend.request(TrustProbe.class, "twice", "cd");
        Sessions.evict(TrustProbe.class);
        try (Connection installer = PostgresCluster.connect("st_install");
                Connection runner = PostgresCluster.connect("st_run");
                Statement st = runner.createStatement()) {
            assertThat(outcome(installer, twice)).isEqualTo("cdcd");
            runner.setAutoCommit(false);
            runner.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            assertThat(byHash(runner, twice)).isEqualTo("cdcd");
            try {
                dba("SELECT wormhole.allowlist_add('" + DENY_REPEAT + "')");
                // Locking a relation not locked yet in this transaction makes the backend take in the change now,
                // while its snapshot still shows the old rules.
                st.execute("SELECT count(*) FROM pg_catalog.pg_am");
                assertThat(byHash(runner, twice)).as("as that snapshot shows, like any SQL in the transaction")
                        .isEqualTo("cdcd");
                runner.commit();
                assertRejected(byHash(runner, twice), "java.lang.String.repeat");
                runner.commit();
            } finally {
                dba("SELECT wormhole.allowlist_remove('" + DENY_REPEAT + "')");
            }
            assertUsable(runner);
        }
    }

    @Test
    void aBundleStoredUnderAHijackedAllowlistStopsOnceTheDefaultIsRestored() throws Exception {
        Request property = InBackend.request(PropertyProbe.class, "specification");
        String specification = System.getProperty("java.specification.version");
        Sessions.evict(PropertyProbe.class);
        try (Connection installer = PostgresCluster.connect("st_install");
                Connection runner = PostgresCluster.connect("st_run")) {
            try {
                dba("SELECT wormhole.allowlist_add('allow java.lang.System#getProperty')");
                assertThat(outcome(installer, property)).isEqualTo(specification);
                assertThat(byHash(runner, property)).isEqualTo(specification);
            } finally {
                dba("SELECT wormhole.allowlist_reset()");
            }
            assertRejected(byHash(runner, property), "java.lang.System.getProperty");
            assertRejected(byHash(installer, property), "java.lang.System.getProperty");
            assertRejected(outcome(installer, property), "java.lang.System.getProperty");
            assertUsable(runner);
        }
    }

    @Test
    void anEvictedBundleStopsInEveryBackendThatHoldsIt() throws Exception {
        Request negate = InBackend.request(EvictProbe.class, "negate", 5L);
        try (Connection installer = PostgresCluster.connect("st_install");
                Connection runner = PostgresCluster.connect("st_run")) {
            assertThat(outcome(installer, negate)).isEqualTo(-5L);
            assertThat(byHash(runner, negate)).isEqualTo(-5L);
            assertThat(dbaValue("SELECT wormhole.evict(?)", (Object) negate.bundleHash())).isEqualTo("t");
            assertThat(byHash(runner, negate)).isEqualTo(Response.Status.UNKNOWN_BUNDLE);
            assertThat(byHash(installer, negate)).isEqualTo(Response.Status.UNKNOWN_BUNDLE);
            assertRejected(outcome(runner, negate), "GRANT wormhole_install TO");
            assertThat(outcome(installer, negate)).as("installed again").isEqualTo(-5L);
            assertThat(byHash(runner, negate)).isEqualTo(-5L);
            // The DBA deleting the row by hand reaches the holders just the same.
            dbaValue("DELETE FROM wormhole.bundles WHERE hash = ? RETURNING true", negate.bundleHash());
            assertThat(byHash(runner, negate)).isEqualTo(Response.Status.UNKNOWN_BUNDLE);
            assertUsable(runner);
        }
    }

    @Test
    void revokingTheRunGrantStopsABackendThatHoldsTheBundle() throws Exception {
        Request square = InBackend.request(RevokeProbe.class, "square", 7L);
        try (Connection dba = PostgresCluster.connect()) {
            assertThat(outcome(dba, square)).isEqualTo(49L);
        }
        try (Connection runner = PostgresCluster.connect("st_revoke_run")) {
            assertThat(byHash(runner, square)).isEqualTo(49L);
            dba("REVOKE wormhole_run FROM st_revoke_run");
            try {
                assertThatThrownBy(() -> byHash(runner, square)).isInstanceOfSatisfying(PSQLException.class,
                        e -> assertThat(e.getSQLState()).isEqualTo("42501"));
                assertUsable(runner);
            } finally {
                dba("GRANT wormhole_run TO st_revoke_run");
            }
            assertThat(byHash(runner, square)).isEqualTo(49L);
        }
    }

    @Test
    void revokingTheInstallGrantStopsInstallsInABackendThatAlreadyInstalled() throws Exception {
        Request square = InBackend.request(RevokeProbe.class, "square", 3L);
        try (Connection onlyInstall = PostgresCluster.connect("st_revoke_install");
                Connection both = PostgresCluster.connect("st_both")) {
            assertThat(outcome(onlyInstall, square)).isEqualTo(9L);
            assertThat(outcome(both, square)).isEqualTo(9L);
            dba("REVOKE wormhole_install FROM st_revoke_install, st_both");
            Sessions.evict(RevokeProbe.class);
            try {
                // Without wormhole_install this role has no wormhole_run either: it may not call at all.
                assertThatThrownBy(() -> byHash(onlyInstall, square)).isInstanceOfSatisfying(PSQLException.class,
                        e -> assertThat(e.getSQLState()).isEqualTo("42501"));
                assertUsable(onlyInstall);
                // Still a runner, no longer an installer: the bundle it defined before is gone, and it may not ship it.
                assertThat(byHash(both, square)).isEqualTo(Response.Status.UNKNOWN_BUNDLE);
                assertRejected(outcome(both, square), "GRANT wormhole_install TO");
                assertUsable(both);
            } finally {
                dba("GRANT wormhole_install TO st_revoke_install, st_both");
            }
        }
    }
}
