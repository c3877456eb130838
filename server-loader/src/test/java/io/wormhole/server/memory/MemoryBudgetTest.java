package io.wormhole.server.memory;

import static io.wormhole.testing.Backends.assertUsable;
import static io.wormhole.testing.Backends.pid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.hostprobe.MemoryProbe;
import com.example.hostprobe.PureProbe;
import io.wormhole.server.testing.InBackend;
import io.wormhole.testing.PostgresCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/**
 * The memory budget through the real path (request frames to {@code wormhole.invoke}, shipped code verified and
 * sandboxed): the cluster-wide cap with admission, the per-call limit, heap given back after a call, and the error
 * that names the setting whenever a limit is met. Each test has a cluster of its own, started with its settings.
 */
class MemoryBudgetTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    /** Long enough a hold for the budget's 50 ms checks to see it, however loaded the machine. */
    private static final long HOLD_UNTIL_STOPPED_MS = 60_000;

    private final ExecutorService clients = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "memory-client");
        t.setDaemon(true);
        return t;
    });
    private PostgresCluster.Instance cluster;

    private void start(String name, String... settings) throws IOException {
        cluster = PostgresCluster.isolated("mem-" + name);
        cluster.stop("fast", Duration.ofSeconds(30));
        cluster.start(settings);
    }

    @AfterEach
    void stop() {
        clients.shutdownNow();
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * Eight backends at once, each holding near its limit and beyond it: every call beyond a limit fails with 53200
     * naming the setting it met, the backend goes on, the reservations never exceed the cap, and once idle each
     * backend is back near the size it had before its big calls.
     */
    @Test
    void manyBackendsNearTheirLimitsKeepToTheBudgetAndGiveMemoryBack() throws Exception {
        int backends = 8;
        start("many", "wormhole.max_heap=160MB", "wormhole.call_memory_limit=96MB", "wormhole.memory_cap=2400MB");
        AtomicBoolean running = new AtomicBoolean(true);
        List<Integer> reservedSeen = new ArrayList<>();
        Future<?> watcher = clients.submit(() -> {
            try (Connection c = cluster.connect()) {
                while (running.get()) {
                    int[] b = budget(c);
                    assertThat(b[1]).as("reserved MB against a cap of %d MB", b[0]).isLessThanOrEqualTo(b[0]);
                    synchronized (reservedSeen) {
                        reservedSeen.add(b[1]);
                    }
                    LockSupport.parkNanos(5_000_000); // a sampling interval, not a wait for anything
                }
            }
            return null;
        });
        List<Future<long[]>> runs = new ArrayList<>();
        for (int i = 0; i < backends; i++) {
            runs.add(clients.submit(() -> unchecked(this::nearTheLimits)));
        }
        for (Future<long[]> run : runs) {
            long[] rss = run.get(10, TimeUnit.MINUTES);
            assertThat(rss[1]).as("resident kB once idle after holding 64 MB, against %d kB idle before", rss[0])
                    .isLessThanOrEqualTo(rss[0] + 32 * 1024);
        }
        running.set(false);
        watcher.get(1, TimeUnit.MINUTES);
        // Each VM reserves its worst case: max_heap, a young generation of 16 MB and 64 MB beyond the heap.
        assertThat(reservedSeen).contains(backends * (160 + 16 + 64));
    }

    /** One backend's run: returns its resident size idle before its big calls and once idle after them, in kB. */
    private long[] nearTheLimits() throws Throwable {
        try (Connection c = cluster.connect()) {
            assertThat(InBackend.call(c, PureProbe.class, "add", 1L, 2L)).isEqualTo(3L);
            assertThat(budget(c)[3]).as("this backend's reservation").isEqualTo(160 + 16 + 64);
            long pid = pid(c);
            long idle = residentKb(pid);
            assertThat(InBackend.call(c, MemoryProbe.class, "hold", 64, 200L)).isEqualTo(64);
            assertThatThrownBy(() -> InBackend.call(c, MemoryProbe.class, "hold", 128, HOLD_UNTIL_STOPPED_MS))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertLimit(e, "wormhole.call_memory_limit"));
            assertUsable(c);
            // One object beyond the call's limit but within the heap: the limit users meet is the one named.
            assertThatThrownBy(() -> InBackend.call(c, MemoryProbe.class, "oneArray", 120, HOLD_UNTIL_STOPPED_MS))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertLimit(e, "wormhole.call_memory_limit"));
            assertThatThrownBy(() -> InBackend.call(c, MemoryProbe.class, "oneArray", 200, 0L))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertLimit(e, "wormhole.max_heap"));
            assertUsable(c);
            assertThat(InBackend.call(c, MemoryProbe.class, "hold", 64, 0L)).isEqualTo(64);
            return new long[] {idle, residentWithin(pid, idle + 32 * 1024)};
        }
    }

    /**
     * Where the kernel offers transparent huge pages, the heap a call grows takes them: its first touch then faults
     * once per 2 MB rather than per 4 kB page, which a call building a large result pays for every page it grows.
     */
    @Test
    void theHeapACallGrowsIsInHugePages() throws Throwable {
        assertThat(Files.readString(Path.of("/sys/kernel/mm/transparent_hugepage/enabled")))
                .as("this kernel's transparent huge pages").doesNotContain("[never]");
        start("huge", "wormhole.max_heap=160MB", "wormhole.call_memory_limit=96MB");
        try (Connection c = cluster.connect(); Connection observer = cluster.connect()) {
            assertThat(InBackend.call(c, PureProbe.class, "add", 1L, 2L)).isEqualTo(3L);
            long pid = pid(c);
            Future<Object> call = clients.submit(
                    () -> unchecked(() -> InBackend.call(c, MemoryProbe.class, "hold", 64, HOLD_UNTIL_STOPPED_MS)));
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            long huge;
            do {
                huge = hugePagesKb(pid);
                Thread.onSpinWait();
            } while (huge < 32 * 1024 && !call.isDone() && System.nanoTime() < deadline);
            assertThat(huge).as("kB in huge pages while the call holds 64 MB").isGreaterThanOrEqualTo(32 * 1024);
            try (Statement st = observer.createStatement()) {
                st.execute("SELECT pg_cancel_backend(" + pid + ")");
            }
            assertThatThrownBy(() -> call.get(1, TimeUnit.MINUTES)).hasRootCauseInstanceOf(PSQLException.class);
            assertUsable(c);
        }
    }

    private static long hugePagesKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps_rollup"))) {
            if (line.startsWith("AnonHugePages:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no AnonHugePages for process " + pid);
    }

    /** A Java VM start that the cap cannot hold waits, fails naming the setting, and succeeds once a VM has gone. */
    @Test
    void aStartBeyondTheCapWaitsThenFailsAndSucceedsOnceABackendExits() throws Throwable {
        // Each VM reserves 64 + 8 + 64 = 136 MB: two fit under 300 MB, a third does not.
        start("cap", "wormhole.max_heap=64MB", "wormhole.memory_cap=300MB");
        // Closed before the end of the test, each at its step: not resources of the try.
        Connection first = cluster.connect();
        Connection fourth = cluster.connect();
        try (Connection second = cluster.connect(); Connection third = cluster.connect()) {
            assertThat(InBackend.call(first, PureProbe.class, "add", 1L, 1L)).isEqualTo(2L);
            assertThat(InBackend.call(second, PureProbe.class, "add", 1L, 1L)).isEqualTo(2L);
            setting(third, "wormhole.memory_wait", "200ms");
            assertThatThrownBy(() -> InBackend.call(third, PureProbe.class, "add", 1L, 1L))
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("53200");
                        assertThat(e.getMessage()).contains("wormhole.memory_cap");
                        assertThat(e.getServerErrorMessage().getDetail()).contains("wormhole.memory_wait");
                    });
            assertUsable(third);
            assertThat(budget(third)[1]).isEqualTo(2 * 136);

            setting(fourth, "wormhole.memory_wait", "10min");
            long fourthPid = pid(fourth);
            Future<Object> waiting = clients.submit(
                    () -> unchecked(() -> InBackend.call(fourth, PureProbe.class, "add", 20L, 22L)));
            try (Connection observer = cluster.connect()) {
                awaitWaitEvent(observer, fourthPid);
                first.close();
                assertThat(waiting.get(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(42L);
                assertThat(budget(observer)[1]).isEqualTo(2 * 136);
            }
            // The session that failed may try again once there is room.
            fourth.close();
            setting(third, "wormhole.memory_wait", "10min");
            assertThat(InBackend.call(third, PureProbe.class, "add", 2L, 2L)).isEqualTo(4L);
        } finally {
            first.close();
            fourth.close();
        }
    }

    /** The heap is the budget's to size: a size in wormhole.jvm_options is refused, naming the setting to use. */
    @Test
    void aHeapSizeInJvmOptionsIsRefusedNamingMaxHeap() throws Throwable {
        start("options");
        try (Connection c = cluster.connect()) {
            setting(c, "wormhole.jvm_options", "-Xmx2g -XX:+UseSerialGC");
            assertThatThrownBy(() -> InBackend.call(c, PureProbe.class, "add", 1L, 1L))
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("22023");
                        assertThat(e.getServerErrorMessage().getHint()).contains("wormhole.max_heap");
                    });
            try (Statement st = c.createStatement()) {
                st.execute("RESET wormhole.jvm_options");
            }
            assertThat(InBackend.call(c, PureProbe.class, "add", 20L, 22L)).isEqualTo(42L);
        }
    }

    /** What may throw anything, as the clients' tasks must: checked throwables wrapped. */
    interface Work<T> {
        T run() throws Throwable;
    }

    static <T> T unchecked(Work<T> work) throws Exception {
        try {
            return work.run();
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new Exception(t);
        }
    }

    private static void assertLimit(PSQLException e, String setting) {
        assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("53200");
        assertThat(e.getMessage()).contains(setting);
    }

    private static void setting(Connection c, String name, String value) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET " + name + " = '" + value + "'");
        }
    }

    /** cap_mb, reserved_mb, vms, mine_mb of {@code wormhole.memory_budget()}. */
    static int[] budget(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT cap_mb, reserved_mb, vms, mine_mb FROM wormhole.memory_budget()")) {
            rs.next();
            return new int[] {rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4)};
        }
    }

    /** Polls pg_stat_activity until the backend waits on Wormhole's wait event (wait_event_type Extension). */
    static void awaitWaitEvent(Connection observer, long pid) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            try (var st = observer.prepareStatement(
                    "SELECT wait_event_type FROM pg_stat_activity WHERE pid = ? AND state = 'active'")) {
                st.setLong(1, pid);
                try (ResultSet rs = st.executeQuery()) {
                    if (rs.next() && "Extension".equals(rs.getString(1))) {
                        return;
                    }
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("backend " + pid + " never waited on the Extension wait event");
            }
            Thread.onSpinWait();
        }
    }

    static long residentKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for process " + pid);
    }

    /** Polls the backend's resident size until it is at most {@code boundKb}, and returns it; the last one seen if never. */
    private static long residentWithin(long pid, long boundKb) throws IOException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        long rss;
        do {
            rss = residentKb(pid);
            Thread.onSpinWait();
        } while (rss > boundKb && System.nanoTime() < deadline);
        return rss;
    }
}
