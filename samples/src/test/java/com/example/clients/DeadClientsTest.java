package com.example.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.wormhole.CallOutcome;
import io.wormhole.Wormhole;
import io.wormhole.WormholeConnectionLostException;
import io.wormhole.agent.Premain;
import io.wormhole.testing.Backends;
import io.wormhole.testing.Bystander;
import io.wormhole.testing.PostgresCluster;
import io.wormhole.testing.Stops;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Calls whose client goes away, through the agent and a real connection, with PostgreSQL's defaults (no
 * {@code client_connection_check_interval}): a client process killed, the network cut while the call works in Java
 * or waits for a lock, and the reply to a call that finished lost on the way. A call still under way stops and
 * rolls back, its backend ends as PostgreSQL ends one whose client left, and {@link Wormhole#outcome} tells the
 * client what happened; after each fault the balances still add up and every transfer is in them exactly once.
 */
class DeadClientsTest {
    /**
     * How long a backend may take to notice its client left and end. The host looks every 200 ms, but the machine
     * the tests run on may be loaded: the bound only tells a call that stopped from one that ran on, and the calls
     * cut off would run for a minute (or, waiting for a lock, for as long as the test holds it).
     */
    private static final Duration NOTICED = Duration.ofSeconds(20);
    /** Beyond any bound, how long the test waits before it calls something hung rather than slow. */
    private static final Duration HUNG = Duration.ofSeconds(30);
    private static final long MINUTE = 60_000;
    private static final ExecutorService CLIENTS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "dead-client");
        t.setDaemon(true);
        return t;
    });
    private static PostgresCluster.Instance cluster;

    @BeforeAll
    static void start() {
        Premain.install(ByteBuddyAgent.install());
        cluster = PostgresCluster.isolated("clients");
    }

    @AfterAll
    static void stop() {
        CLIENTS.shutdownNow();
        cluster.close();
    }

    @BeforeEach
    void accounts() throws SQLException {
        try (Connection c = cluster.connect()) {
            SlowTransfers.setUp(c);
            // The bundle is stored before any test cuts a call off (a first call stores it in its transaction).
            SlowTransfers.transfer(c, 3, 3, 0);
        }
    }

    @Test
    void aKilledClientProcessLeavesNothingCommittedAndItsBackendEnds() throws Exception {
        long logFrom = cluster.logSize();
        Process client = new ProcessBuilder(javaCommand(DyingClient.class.getName(), cluster.url()))
                .redirectErrorStream(true).start();
        try (Bystander bystander = Bystander.watch(cluster.connect())) {
            BufferedReader out = new BufferedReader(new InputStreamReader(client.getInputStream(),
                    StandardCharsets.UTF_8));
            int pid = Integer.parseInt(firstNumber(out));
            awaitWorking(bystander.connection(), pid);
            client.destroyForcibly();
            assertThat(client.waitFor(HUNG.toSeconds(), TimeUnit.SECONDS)).as("the client process ended").isTrue();

            assertThat(Stops.awaitExit(pid, NOTICED)).as("backend %d ended after its client was killed", pid)
                    .isTrue();
            assertGoneFromActivity(bystander.connection(), pid);
            assertLostClientLogged(logFrom, pid);
            assertLedgerHolds(bystander.connection(), 1);
            bystander.assertUndisturbed();
        } finally {
            client.destroyForcibly();
        }
    }

    @Test
    void aCallWorkingInJavaWhenTheNetworkIsCutRollsBackAndSaysSo() throws Exception {
        try (CutProxy proxy = new CutProxy(cluster.port()); Bystander bystander = Bystander.watch(cluster.connect());
                Connection c = DriverManager.getConnection(proxy.url())) {
            long logFrom = cluster.logSize();
            int pid = Backends.pid(c);
            Future<Long> call = CLIENTS.submit(() -> SlowTransfers.transferThenWork(c, 1, 2, 10, MINUTE));
            awaitWorking(bystander.connection(), pid);
            proxy.cut();

            UUID id = lostCallId(call);
            assertThat(Stops.awaitExit(pid, NOTICED)).as("backend %d ended after the cut", pid).isTrue();
            assertGoneFromActivity(bystander.connection(), pid);
            assertLostClientLogged(logFrom, pid);
            assertThat(settledOutcome(id)).isEqualTo(CallOutcome.NOT_COMMITTED);
            assertLedgerHolds(bystander.connection(), 1);
            bystander.assertUndisturbed();
        }
    }

    @Test
    void aCallWaitingForALockWhenTheNetworkIsCutRollsBackAndSaysSo() throws Exception {
        try (CutProxy proxy = new CutProxy(cluster.port()); Bystander bystander = Bystander.watch(cluster.connect());
                Connection holder = cluster.connect(); Connection c = DriverManager.getConnection(proxy.url())) {
            holder.setAutoCommit(false);
            try (Statement st = holder.createStatement()) {
                st.execute("SELECT balance FROM accounts WHERE id = 3 FOR UPDATE");
            }
            long logFrom = cluster.logSize();
            int pid = Backends.pid(c);
            Future<Long> call = CLIENTS.submit(() -> SlowTransfers.transferThenLock(c, 1, 2, 10, 3));
            awaitLockWait(bystander.connection(), pid);
            proxy.cut();

            UUID id = lostCallId(call);
            assertThat(Stops.awaitExit(pid, NOTICED)).as("backend %d, waiting for a lock, ended after the cut", pid)
                    .isTrue();
            assertGoneFromActivity(bystander.connection(), pid);
            assertLostClientLogged(logFrom, pid);
            assertThat(settledOutcome(id)).isEqualTo(CallOutcome.NOT_COMMITTED);
            holder.rollback();
            assertLedgerHolds(bystander.connection(), 1);
            bystander.assertUndisturbed();
        }
    }

    @Test
    void aCallThatCommittedBeforeItsReplyWasLostSaysCommitted() throws Exception {
        try (CutProxy proxy = new CutProxy(cluster.port()); Bystander bystander = Bystander.watch(cluster.connect());
                Connection c = DriverManager.getConnection(proxy.url())) {
            int pid = Backends.pid(c);
            proxy.holdReplies();
            Future<Long> call = CLIENTS.submit(() -> SlowTransfers.transfer(c, 1, 2, 10));
            awaitIdle(bystander.connection(), pid);
            proxy.cut();

            UUID id = lostCallId(call);
            assertThat(settledOutcome(id)).isEqualTo(CallOutcome.COMMITTED);
            assertLedgerHolds(bystander.connection(), 2);
            assertThat(balance(bystander.connection(), 1)).as("the transfer happened once").isEqualTo(990);
            bystander.assertUndisturbed();
        }
    }

    /** The call ended with the exception that names it; its id is what the client asks about. */
    private static UUID lostCallId(Future<?> call) throws InterruptedException {
        try {
            call.get(HUNG.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(WormholeConnectionLostException.class);
            WormholeConnectionLostException lost = (WormholeConnectionLostException) e.getCause();
            assertThat(lost.getSQLState()).startsWith("08");
            assertThat(lost.getMessage()).contains(lost.callId().toString());
            return lost.callId();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the client did not notice its connection was cut", e);
        }
        throw new AssertionError("the call returned although its connection was cut");
    }

    /** The outcome once it is settled: a backend ends a call whose client left, but not at once. */
    private static CallOutcome settledOutcome(UUID id) throws Exception {
        long deadline = System.nanoTime() + HUNG.toNanos();
        try (Connection c = cluster.connect()) {
            CallOutcome outcome;
            while ((outcome = Wormhole.outcome(c, id)) == CallOutcome.IN_PROGRESS) {
                assertThat(System.nanoTime()).as("call %s still in progress", id).isLessThan(deadline);
                Thread.sleep(20);
            }
            return outcome;
        }
    }

    /**
     * The invariant after a fault: the balances add up to what they started with, and each account's balance is
     * its start plus what the committed transfers moved; {@code transfers} of them committed (the set-up's own
     * empty transfer among them).
     */
    private static void assertLedgerHolds(Connection c, int transfers) throws SQLException {
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT sum(balance) FROM accounts")) {
                rs.next();
                assertThat(rs.getLong(1)).as("sum of balances").isEqualTo(SlowTransfers.TOTAL);
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM accounts a WHERE a.balance <> 1000"
                    + " + (SELECT coalesce(sum(amount), 0) FROM transfers WHERE to_account = a.id)"
                    + " - (SELECT coalesce(sum(amount), 0) FROM transfers WHERE from_account = a.id)")) {
                rs.next();
                assertThat(rs.getLong(1)).as("accounts whose balance the transfers do not explain").isZero();
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM transfers")) {
                rs.next();
                assertThat(rs.getLong(1)).as("committed transfers").isEqualTo(transfers);
            }
        }
    }

    /** The process has exited; its entry in pg_stat_activity is cleared before that. */
    private static void assertGoneFromActivity(Connection observer, int pid) throws SQLException {
        try (PreparedStatement st = observer.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE pid = ?")) {
            st.setInt(1, pid);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).as("backend %d in pg_stat_activity", pid).isZero();
            }
        }
    }

    private static long balance(Connection c, long account) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT balance FROM accounts WHERE id = ?")) {
            st.setLong(1, account);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The backend ended as PostgreSQL ends one whose client left: its FATAL says so, and no crash. */
    private static void assertLostClientLogged(long logFrom, int pid) {
        String log = cluster.logSince(logFrom);
        assertThat(log.lines().filter(l -> l.contains("[" + pid + "] FATAL:")))
                .as("the server log's FATAL for backend %d", pid).singleElement().asString()
                .containsAnyOf("connection to client lost", "its client is gone");
        assertThat(PostgresCluster.crashSign(log)).as("a crash in the server log").isNull();
    }

    /**
     * Waits until the backend runs the method and has moved the money (it holds its lock on {@code accounts}; the
     * host's own work before the method, such as storing the bundle, does not take it), then works on.
     */
    private static void awaitWorking(Connection observer, int pid) throws Exception {
        awaitActivity(observer, pid, "state = 'active' AND EXISTS (SELECT FROM pg_locks l WHERE l.pid = a.pid"
                + " AND l.relation = 'accounts'::regclass AND l.mode = 'RowExclusiveLock')");
        assertThat(Stops.awaitBusy(pid, Duration.ofMillis(100), HUNG, () -> false)).isTrue();
    }

    private static void awaitLockWait(Connection observer, int pid) throws Exception {
        awaitActivity(observer, pid, "wait_event_type = 'Lock'");
    }

    private static void awaitIdle(Connection observer, int pid) throws Exception {
        awaitActivity(observer, pid, "state = 'idle' AND query LIKE '%wormhole.invoke%'");
    }

    private static void awaitActivity(Connection observer, int pid, String condition) throws Exception {
        long deadline = System.nanoTime() + HUNG.toNanos();
        try (PreparedStatement st = observer.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity a WHERE a.pid = ? AND " + condition)) {
            st.setInt(1, pid);
            while (true) {
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) == 1) {
                        return;
                    }
                }
                assertThat(System.nanoTime()).as("backend %d: %s", pid, condition).isLessThan(deadline);
                Thread.sleep(10);
            }
        }
    }

    private static String firstNumber(BufferedReader out) throws Exception {
        Future<String> line = CLIENTS.submit(() -> {
            for (String l; (l = out.readLine()) != null; ) {
                if (l.matches("\\d+")) {
                    return l;
                }
            }
            throw new AssertionError("the client process printed no backend pid");
        });
        return line.get(HUNG.toSeconds(), TimeUnit.SECONDS);
    }

    /** The JVM running these tests, with their class path, to start {@code mainClass}. */
    private static List<String> javaCommand(String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:+EnableDynamicAgentLoading");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }
}
