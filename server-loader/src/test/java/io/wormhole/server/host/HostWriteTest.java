package io.wormhole.server.host;

import static io.wormhole.server.host.Bounded.within;
import static io.wormhole.server.host.Sessions.audited;
import static io.wormhole.server.host.Sessions.dba;
import static io.wormhole.server.host.Sessions.dbaValue;
import static io.wormhole.server.host.Sessions.value;
import static io.wormhole.testing.Backends.assertUsable;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.lockprobe.Locked;
import com.example.lockprobe.NoSlot;
import com.example.lockprobe.OwnLock;
import com.example.lockprobe.RolledBack;
import io.wormhole.server.testing.InBackend;
import io.wormhole.testing.PostgresCluster;
import io.wormhole.wire.Request;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The host's writes (installing a bundle, the audit) run in a background worker's transaction of their own: they
 * outlive the caller's rollback, a lock on the store delays a call by at most wormhole.store_lock_timeout, and a
 * call whose bundle could not be stored still runs (the bundle is stored at a later call).
 */
@ExtendWith(PostgresCluster.class)
class HostWriteTest {

    @BeforeAll
    static void roles() throws SQLException {
        dba("DROP ROLE IF EXISTS hw_install, hw_run", "CREATE ROLE hw_install LOGIN IN ROLE wormhole_install",
                "CREATE ROLE hw_run LOGIN IN ROLE wormhole_run");
    }

    private static String installedBy(byte[] hash) throws SQLException {
        return dbaValue("SELECT installed_by FROM wormhole.bundles WHERE hash = ?", (Object) hash);
    }

    /** Calls on {@code c} until the bundle is stored, a minute at most: the retry comes at a later call. */
    private static void callUntilStored(Connection c, Class<?> probe) throws Throwable {
        byte[] hash = InBackend.bundleOf(probe).hash();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (installedBy(hash) == null && System.nanoTime() < deadline) {
            assertThat(InBackend.call(c, probe, "echo", 9L)).isEqualTo(9L);
        }
    }

    @Test
    void anInstallationAndARefusalOutliveTheCallersRollback() throws Throwable {
        Request echo = InBackend.request(RolledBack.class, "echo", 5L);
        byte[] hash = echo.bundleHash();
        Sessions.evict(RolledBack.class);
        long refused = audited("hw_run", "reject", hash);
        try (Connection runner = PostgresCluster.connect("hw_run")) {
            runner.setAutoCommit(false);
            assertThat(Sessions.outcome(runner, echo)).isInstanceOf(SecurityException.class);
            runner.rollback();
        }
        assertThat(audited("hw_run", "reject", hash)).isEqualTo(refused + 1);

        long installs = audited("hw_install", "install", hash);
        try (Connection installer = PostgresCluster.connect("hw_install")) {
            installer.setAutoCommit(false);
            assertThat(Sessions.outcome(installer, echo)).isEqualTo(5L);
            installer.rollback();
        }
        assertThat(installedBy(hash)).isEqualTo("hw_install");
        assertThat(audited("hw_install", "install", hash)).isEqualTo(installs + 1);
        try (Connection runner = PostgresCluster.connect("hw_run")) {
            assertThat(Sessions.byHash(runner, echo)).as("stored for every role").isEqualTo(5L);
        }
    }

    @Test
    void aLockHeldOnTheStoreByAnotherSessionDelaysACallOnlyBrieflyAndTheBundleIsStoredLater() throws Throwable {
        byte[] hash = InBackend.bundleOf(Locked.class).hash();
        Sessions.evict(Locked.class);
        try (Connection dba = PostgresCluster.connect(); Connection installer = PostgresCluster.connect("hw_install");
                Statement st = dba.createStatement()) {
            dba.setAutoCommit(false);
            st.execute("LOCK TABLE wormhole.bundles IN SHARE MODE");
            assertThat(within(installer, () -> InBackend.call(installer, Locked.class, "echo", 7L))).isEqualTo(7L);
            assertThat(within(installer, () -> InBackend.call(installer, Locked.class, "echo", 8L))).isEqualTo(8L);
            assertThat(installedBy(hash)).as("not stored while the lock is held").isNull();
            dba.commit();
            callUntilStored(installer, Locked.class);
            assertThat(installedBy(hash)).isEqualTo("hw_install");
            assertThat(audited("hw_install", "install", hash)).isEqualTo(1);
        }
    }

    @Test
    void aCallerThatLockedTheStoreItselfDoesNotWaitForItsOwnLock() throws Throwable {
        byte[] hash = InBackend.bundleOf(OwnLock.class).hash();
        Sessions.evict(OwnLock.class);
        try (Connection dba = PostgresCluster.connect(); Statement st = dba.createStatement()) {
            dba.setAutoCommit(false);
            st.execute("LOCK TABLE wormhole.bundles IN SHARE MODE");
            assertThat(within(dba, () -> InBackend.call(dba, OwnLock.class, "echo", 6L))).isEqualTo(6L);
            assertThat(value(dba, "SELECT count(*) FROM wormhole.bundles WHERE hash = ?", (Object) hash))
                    .isEqualTo("0");
            dba.commit();
            dba.setAutoCommit(true);
            callUntilStored(dba, OwnLock.class);
            assertThat(installedBy(hash)).isEqualTo(PostgresCluster.superuser());
        }
    }

    @Test
    void withoutAFreeWorkerSlotTheCallRunsAndTheBundleIsStoredOnceThereIsOne() throws Throwable {
        byte[] hash = InBackend.bundleOf(NoSlot.class).hash();
        try (PostgresCluster.Instance cluster = PostgresCluster.isolated("no-worker-slot")) {
            cluster.stop("fast", Duration.ofSeconds(30));
            cluster.start("max_worker_processes=0");
            try (Connection c = cluster.connect()) {
                assertThat(InBackend.call(c, NoSlot.class, "echo", 1L)).isEqualTo(1L);
                assertThat(InBackend.call(c, NoSlot.class, "echo", 2L)).isEqualTo(2L);
                assertThat(value(c, "SELECT count(*) FROM wormhole.bundles WHERE hash = ?", (Object) hash))
                        .isEqualTo("0");
                assertUsable(c);
            }
            cluster.stop("fast", Duration.ofSeconds(30));
            cluster.start();
            try (Connection c = cluster.connect()) {
                assertThat(InBackend.call(c, NoSlot.class, "echo", 3L)).isEqualTo(3L);
                assertThat(value(c, "SELECT installed_by FROM wormhole.bundles WHERE hash = ?", (Object) hash))
                        .isEqualTo(PostgresCluster.superuser());
            }
        }
    }
}
