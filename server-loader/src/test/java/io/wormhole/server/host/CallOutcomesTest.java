package io.wormhole.server.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.hostprobe.LedgerProbe;
import com.example.hostprobe.LedgerTwin;
import io.wormhole.server.testing.InBackend;
import io.wormhole.testing.Backends;
import io.wormhole.testing.PostgresCluster;
import io.wormhole.testing.Stops;
import io.wormhole.wire.CallIds;
import io.wormhole.wire.Request;
import io.wormhole.wire.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Call ids and {@code wormhole.call_outcome}: frames carrying ids as a client (or an attacker) sends them, and what
 * the server answers about each call from another session. A cluster of its own: the retention is changed.
 */
class CallOutcomesTest {
    /** Beyond any bound, how long the test waits before it calls something hung rather than slow. */
    private static final Duration HUNG = Duration.ofSeconds(30);
    private static final ExecutorService CLIENTS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "outcome-client");
        t.setDaemon(true);
        return t;
    });
    private static PostgresCluster.Instance cluster;

    @BeforeAll
    static void start() throws SQLException {
        cluster = PostgresCluster.isolated("outcomes");
        try (Connection c = cluster.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE ledger (id bigserial PRIMARY KEY, note text NOT NULL)");
            st.execute("CREATE ROLE outsider LOGIN");
        }
    }

    @AfterAll
    static void stop() {
        CLIENTS.shutdownNow();
        cluster.close();
    }

    @BeforeEach
    void defaultRetention() throws Exception {
        setRetention("DEFAULT", "15min");
    }

    private static Request call(String method, UUID id, Object... args) {
        return InBackend.request(LedgerProbe.class, method, args).withCallId(id);
    }

    private static String outcome(UUID id) throws SQLException {
        try (Connection c = cluster.connect()) {
            return outcome(c, id);
        }
    }

    private static String outcome(Connection c, UUID id) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT wormhole.call_outcome(?::uuid)")) {
            st.setString(1, id.toString());
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static long committedLines(String note) throws SQLException {
        try (Connection c = cluster.connect();
                PreparedStatement st = c.prepareStatement("SELECT count(*) FROM ledger WHERE note = ?")) {
            st.setString(1, note);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Sets the retention for the server and waits until new sessions see {@code shown}. */
    private static void setRetention(String value, String shown) throws Exception {
        try (Connection c = cluster.connect(); Statement st = c.createStatement()) {
            st.execute("ALTER SYSTEM SET wormhole.call_outcome_retention = " + value);
            st.execute("SELECT pg_reload_conf()");
        }
        // pg_reload_conf only signals the postmaster, which rereads the file when it gets to it.
        long deadline = System.nanoTime() + HUNG.toNanos();
        while (true) {
            try (Connection c = cluster.connect(); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SHOW wormhole.call_outcome_retention")) {
                rs.next();
                if (rs.getString(1).equals(shown)) {
                    return;
                }
            }
            assertThat(System.nanoTime()).as("the retention setting took effect").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void aWritingCallThatReturnedIsCommitted() throws SQLException {
        UUID id = CallIds.next();
        try (Connection c = cluster.connect()) {
            assertThat(outcome(c, id)).as("before the call").isEqualTo("not committed");
            assertThat(InBackend.send(c, call("append", id, null, "committed")).status())
                    .isEqualTo(Response.Status.RETURNED);
        }
        assertThat(outcome(id)).isEqualTo("committed");
        assertThat(committedLines("committed")).isEqualTo(1);
    }

    @Test
    void aCallInAnOpenTransactionIsInProgressUntilItEnds() throws SQLException {
        UUID kept = CallIds.next();
        UUID dropped = CallIds.next();
        try (Connection c = cluster.connect()) {
            c.setAutoCommit(false);
            InBackend.send(c, call("append", kept, null, "kept"));
            assertThat(outcome(kept)).as("written, transaction open").isEqualTo("in progress");
            c.commit();
            assertThat(outcome(kept)).isEqualTo("committed");

            InBackend.send(c, call("append", dropped, null, "dropped"));
            assertThat(outcome(dropped)).as("written, transaction open").isEqualTo("in progress");
            c.rollback();
            assertThat(outcome(dropped)).isEqualTo("not committed");
        }
        assertThat(committedLines("kept")).isEqualTo(1);
        assertThat(committedLines("dropped")).isZero();
    }

    @Test
    void aRunningCallIsInProgress() throws Exception {
        UUID id = CallIds.next();
        try (Connection c = cluster.connect(); Connection observer = cluster.connect()) {
            // A first call defines the bundle, so the second is busy in the method when the test looks.
            InBackend.send(c, call("appendThenSpin", CallIds.next(), null, "warm-up", 0L));
            int pid = Backends.pid(c);
            Future<Response> running = CLIENTS.submit(
                    () -> InBackend.send(c, call("appendThenSpin", id, null, "spinning", 3_000L)));
            Stops.awaitCallActive(observer, pid, HUNG);
            assertThat(outcome(observer, id)).as("while the method runs").isEqualTo("in progress");
            assertThat(running.get(HUNG.toSeconds(), TimeUnit.SECONDS).status()).isEqualTo(Response.Status.RETURNED);
            assertThat(outcome(observer, id)).isEqualTo("committed");
        }
    }

    @Test
    void callsThatThrowOrOnlyReadAreNotCommitted() throws SQLException {
        UUID threw = CallIds.next();
        UUID read = CallIds.next();
        try (Connection c = cluster.connect()) {
            assertThat(InBackend.send(c, call("appendThenFail", threw, null, "thrown away")).status())
                    .isEqualTo(Response.Status.THREW);
            assertThat(InBackend.send(c, call("count", read, (Object) null)).status())
                    .isEqualTo(Response.Status.RETURNED);
        }
        assertThat(outcome(threw)).isEqualTo("not committed");
        assertThat(outcome(read)).isEqualTo("not committed");
        assertThat(committedLines("thrown away")).isZero();
    }

    @Test
    void anIdOlderThanTheRetentionIsUnknown() throws SQLException {
        UUID hourOld = withMillis(CallIds.next(), System.currentTimeMillis() - 3_600_000);
        assertThat(outcome(hourOld)).as("default retention, 15 minutes").isEqualTo("unknown");
        assertThat(outcome(CallIds.next())).as("an id made now").isEqualTo("not committed");
    }

    @Test
    void expiredRecordsAreRemovedAndReadAsUnknownNeverAsNotCommitted() throws Exception {
        setRetention("'1s'", "1s");
        UUID old = CallIds.next();
        try (Connection c = cluster.connect()) {
            InBackend.send(c, call("append", old, null, "expiring"));
        }
        assertThat(outcome(old)).as("a kept record answers whatever its age").isEqualTo("committed");
        // An id made after the call's, never used: once it reads "unknown", so would the call's without its record.
        awaitOutcome(CallIds.next(), "unknown");
        // A new backend removes expired records at its first record.
        try (Connection c = cluster.connect()) {
            InBackend.send(c, call("append", CallIds.next(), null, "remover"));
        }
        assertThat(recordExists(old)).as("the expired record").isFalse();
        assertThat(outcome(old)).isEqualTo("unknown");
        setRetention("DEFAULT", "15min");
        assertThat(outcome(old)).as("after the retention was raised again").isEqualTo("unknown");
    }

    /**
     * A session left idle in its transaction after a writing call (which recorded its id and removed expired records,
     * locking them) does not hold up another session's writing call, which records and removes too.
     */
    @Test
    void anIdleTransactionAfterACallBlocksNoOtherCall() throws Exception {
        UUID idle = CallIds.next();
        UUID other = CallIds.next();
        Request twin = InBackend.request(LedgerTwin.class, "append", null, "next").withCallId(other);
        // Both bundles stored first: storing a new bundle still happens in the caller's transaction.
        try (Connection c = cluster.connect()) {
            InBackend.send(c, call("append", CallIds.next(), null, "warm-up"));
            InBackend.send(c, twin.withCallId(CallIds.next()));
        }
        try (Connection c = cluster.connect(); Statement st = c.createStatement()) {
            for (int i = 0; i < 20; i++) {
                UUID hourOld = withMillis(CallIds.next(), System.currentTimeMillis() - 3_600_000);
                st.execute("INSERT INTO wormhole.call_outcomes (id) VALUES ('" + hourOld + "')");
            }
        }
        try (Connection idler = cluster.connect(); Connection second = cluster.connect()) {
            idler.setAutoCommit(false);
            InBackend.send(idler, call("append", idle, null, "idle in transaction"));
            assertThat(recordsLockedByAnOpenTransaction()).as("records the idle session removed, uncommitted")
                    .isGreaterThanOrEqualTo(20);
            Future<Response> next = CLIENTS.submit(() -> InBackend.send(second, twin));
            assertThat(next.get(HUNG.toSeconds(), TimeUnit.SECONDS).status()).isEqualTo(Response.Status.RETURNED);
            assertThat(outcome(other)).isEqualTo("committed");
            assertThat(outcome(idle)).isEqualTo("in progress");
            idler.commit();
        }
        assertThat(outcome(idle)).isEqualTo("committed");
    }

    @Test
    void aFrameWhoseCallIdIsNotVersion7IsRefused() throws SQLException {
        byte[] frame = call("append", CallIds.next(), null, "bad id").encode();
        frame[38 + 6] = (byte) 0x4f; // version 4
        try (Connection c = cluster.connect()) {
            assertThatThrownBy(() -> InBackend.invokeRaw(c, frame)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("is not a version 7 UUID")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08P01"));
            assertThat(Backends.pid(c)).as("the session goes on").isPositive();
        }
        assertThat(committedLines("bad id")).isZero();
    }

    @Test
    void lookupsRefuseWhatIsNotACallIdAndRolesWithoutWormholeRun() throws SQLException {
        try (Connection c = cluster.connect()) {
            assertThatThrownBy(() -> outcome(c, UUID.randomUUID())).isInstanceOf(SQLException.class)
                    .hasMessageContaining("is not a Wormhole call id")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22023"));
        }
        try (Connection c = cluster.connect("outsider")) {
            assertThatThrownBy(() -> outcome(c, CallIds.next())).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
        }
    }

    private static UUID withMillis(UUID id, long millis) {
        return new UUID((millis << 16) | (id.getMostSignificantBits() & 0xFFFF), id.getLeastSignificantBits());
    }

    private static void awaitOutcome(UUID id, String expected) throws Exception {
        long deadline = System.nanoTime() + HUNG.toNanos();
        String now;
        while (!(now = outcome(id)).equals(expected)) {
            assertThat(System.nanoTime()).as("outcome of %s still %s", id, now).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static boolean recordExists(UUID id) throws SQLException {
        try (Connection c = cluster.connect();
                PreparedStatement st = c.prepareStatement(
                        "SELECT count(*) FROM wormhole.call_outcomes WHERE id = ?::uuid")) {
            st.setString(1, id.toString());
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    /**
     * Records that an open transaction deleted (the host's statements run in subtransactions, so their xmax is a
     * subtransaction's id, not the session's backend_xid; the caller makes sure one transaction is open).
     */
    private static long recordsLockedByAnOpenTransaction() throws SQLException {
        try (Connection c = cluster.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM wormhole.call_outcomes o"
                        + " WHERE o.xmax::text <> '0'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
