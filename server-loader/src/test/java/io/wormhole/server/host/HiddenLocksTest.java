package io.wormhole.server.host;

import static io.wormhole.server.host.Bounded.within;
import static io.wormhole.server.host.Sessions.dba;
import static io.wormhole.server.host.Sessions.dbaValue;
import static io.wormhole.testing.Backends.pid;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.lockprobe.FirstCall;
import com.example.lockprobe.Ledger;
import com.example.lockprobe.OtherBundle;
import com.example.lockprobe.Repeated;
import io.wormhole.server.testing.InBackend;
import io.wormhole.testing.PostgresCluster;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A call takes no lock the caller's own statements would not take (issue 15, finding 1). After calls, the
 * caller's transaction has written nothing of the host's (no transaction id, nothing but AccessShareLocks), so a
 * session left idle in a transaction blocks no other session's call, and an application that updates its rows
 * around calls cannot deadlock on a row of the host's it never saw.
 */
@ExtendWith(PostgresCluster.class)
class HiddenLocksTest {
    /** Longer than the second after which backends used to flush their statistics in the caller's transaction. */
    private static final Duration PAST_A_FLUSH = Duration.ofMillis(1500);

    @BeforeAll
    static void setUp() throws SQLException {
        dba("DROP ROLE IF EXISTS hl_app", "CREATE ROLE hl_app LOGIN IN ROLE wormhole_install",
                "DROP TABLE IF EXISTS hl_accounts", "CREATE TABLE hl_accounts (id bigint PRIMARY KEY, balance bigint)",
                "GRANT SELECT, UPDATE ON hl_accounts TO hl_app");
    }

    /** What the transaction of the backend behind {@code c} holds: it wrote nothing and locks nothing but reads. */
    private static void assertHoldsNothingOfTheHosts(Connection c) throws SQLException {
        int pid = pid(c);
        assertThat(dbaValue("SELECT state FROM pg_stat_activity WHERE pid = ?", pid)).isEqualTo("idle in transaction");
        assertThat(dbaValue("SELECT backend_xid FROM pg_stat_activity WHERE pid = ?", pid))
                .as("the transaction id of a transaction that only called").isNull();
        assertThat(dbaValue("SELECT string_agg(l.locktype || ' ' || coalesce(l.relation::regclass::text, '') || ' '"
                + " || l.mode, ', ') FROM pg_locks l WHERE l.pid = ? AND l.locktype <> 'virtualxid'"
                + " AND NOT (l.locktype = 'relation' AND l.mode = 'AccessShareLock')", pid))
                .as("locks beyond those of reads").isNull();
    }

    /** Calls {@code declaring.echo} on {@code c} again and again until {@code d} has passed; how many times. */
    private static long callFor(Connection c, Class<?> declaring, Duration d) throws Throwable {
        long end = System.nanoTime() + d.toNanos();
        long n = 0;
        do {
            assertThat(InBackend.call(c, declaring, "echo", n)).isEqualTo(n);
            n++;
        } while (System.nanoTime() < end);
        return n;
    }

    private static long creditFor(Connection c, long account, Duration d) throws Throwable {
        long end = System.nanoTime() + d.toNanos();
        long n = 0;
        do {
            InBackend.call(c, Ledger.class, "credit", null, account, 1L);
            n++;
        } while (System.nanoTime() < end);
        return n;
    }

    @Test
    void aSessionIdleInTransactionAfterTheFirstCallOfABundleBlocksNoOtherCall() throws Throwable {
        Sessions.evict(FirstCall.class);
        Sessions.evict(OtherBundle.class);
        try (Connection idle = PostgresCluster.connect("hl_app");
                Connection other = PostgresCluster.connect("hl_app")) {
            idle.setAutoCommit(false);
            assertThat(InBackend.call(idle, FirstCall.class, "echo", 1L)).isEqualTo(1L);
            assertThat(within(other, () -> InBackend.call(other, FirstCall.class, "echo", 2L))).isEqualTo(2L);
            assertThat(within(other, () -> InBackend.call(other, OtherBundle.class, "echo", 3L))).isEqualTo(3L);
            assertHoldsNothingOfTheHosts(idle);
            idle.rollback();
        }
    }

    @Test
    void aSessionIdleInTransactionAfterCallsLastingPastAStatisticsFlushBlocksNoOtherCall() throws Throwable {
        try (Connection idle = PostgresCluster.connect("hl_app");
                Connection other = PostgresCluster.connect("hl_app")) {
            assertThat(InBackend.call(idle, Repeated.class, "echo", 0L)).isEqualTo(0L);
            idle.setAutoCommit(false);
            callFor(idle, Repeated.class, PAST_A_FLUSH);
            assertThat(within(other, () -> callFor(other, Repeated.class, PAST_A_FLUSH))).isPositive();
            assertThat(within(other, () -> callFor(other, OtherBundle.class, PAST_A_FLUSH))).isPositive();
            assertHoldsNothingOfTheHosts(idle);
            idle.rollback();
        }
    }

    /**
     * Issue 15's deadlock: A calls (crediting account 1) and stays in its transaction; B credits account 2 through
     * calls; A then credits account 2 and waits for B, as any application would. B's calls must not need anything
     * of A's, so B commits and A goes on.
     */
    @Test
    void callsAndTheApplicationsOwnUpdatesDoNotDeadlock() throws Throwable {
        dba("TRUNCATE hl_accounts", "INSERT INTO hl_accounts VALUES (1, 0), (2, 0)");
        try (Connection a = PostgresCluster.connect("hl_app"); Connection b = PostgresCluster.connect("hl_app")) {
            InBackend.call(a, Ledger.class, "credit", null, 1L, 0L);
            InBackend.call(b, Ledger.class, "credit", null, 2L, 0L);
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            long creditsOfA = creditFor(a, 1, PAST_A_FLUSH);
            assertThat(within(b, () -> InBackend.call(b, Ledger.class, "credit", null, 2L, 1L))).isEqualTo(1L);
            Bounded.Running<Long> bGoesOn = Bounded.start(b, () -> {
                long n = creditFor(b, 2, PAST_A_FLUSH);
                b.commit();
                return n;
            });
            Bounded.Running<Object> aWaitsForB = Bounded.start(a, () -> {
                Object balance = InBackend.call(a, Ledger.class, "credit", null, 2L, 100L);
                a.commit();
                return balance;
            });
            long creditsOfB = 1 + bGoesOn.result();
            assertThat(aWaitsForB.result()).isEqualTo(creditsOfB + 100);
            assertThat(dbaValue("SELECT balance FROM hl_accounts WHERE id = 1")).isEqualTo(Long.toString(creditsOfA));
        }
    }
}
