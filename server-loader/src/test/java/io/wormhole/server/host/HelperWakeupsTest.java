package io.wormhole.server.host;

import static io.wormhole.testing.Backends.pid;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.hostprobe.PureProbe;
import io.wormhole.server.testing.InBackend;
import io.wormhole.testing.PostgresCluster;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A backend's two helper threads, the host's watchdog and the Java heap thread, wake about every 50 ms while calls
 * come, however many short calls there are, and not at all once calls have stopped for a second. Under load every
 * wake-up is CPU taken from the calls: at one every 10 ms in each of 48 busy backends they took a fifth of a
 * two-core machine (issue 15).
 */
@ExtendWith(PostgresCluster.class)
class HelperWakeupsTest {
    private static final Duration BUSY = Duration.ofSeconds(2);
    /** 40 looks in 2 s at 50 ms, with room for a late one; 10 ms looks would be 200. */
    private static final long MOST_WAKEUPS_WHILE_BUSY = 60;

    @Test
    void shortCallsBackToBackWakeTheHelpersAboutEvery50Ms() throws Throwable {
        try (Connection c = PostgresCluster.connect()) {
            assertThat(InBackend.call(c, PureProbe.class, "add", 1L, 2L)).isEqualTo(3L);
            int pid = pid(c);
            Map<String, Long> before = wakeups(pid);
            long calls = 0;
            long end = System.nanoTime() + BUSY.toNanos();
            do {
                assertThat(InBackend.call(c, PureProbe.class, "add", calls, 1L)).isEqualTo(calls + 1);
                calls++;
            } while (System.nanoTime() < end);
            Map<String, Long> after = wakeups(pid);
            assertThat(calls).as("calls in %s", BUSY).isGreaterThan(100);
            for (String helper : new String[] {"watchdog", "wormhole-heap"}) {
                assertThat(after.get(helper) - before.get(helper))
                        .as("wake-ups of the %s during %d calls in %s", helper, calls, BUSY)
                        .isBetween(5L, MOST_WAKEUPS_WHILE_BUSY);
            }
        }
    }

    @Test
    void theHelpersSleepOnceCallsHaveStoppedForASecond() throws Throwable {
        try (Connection c = PostgresCluster.connect()) {
            assertThat(InBackend.call(c, PureProbe.class, "add", 1L, 2L)).isEqualTo(3L);
            int pid = pid(c);
            // The idle second after which both go to sleep is what is under test; then a second of no calls.
            Thread.sleep(1500);
            Map<String, Long> before = wakeups(pid);
            Thread.sleep(1000);
            Map<String, Long> after = wakeups(pid);
            for (String helper : new String[] {"watchdog", "wormhole-heap"}) {
                assertThat(after.get(helper) - before.get(helper))
                        .as("wake-ups of the %s in a second without calls", helper).isZero();
            }
        }
    }

    /**
     * The voluntary context switches (one per wake-up from a sleep) of the backend's watchdog (a thread of its own
     * that keeps the backend's name) and heap thread.
     */
    private static Map<String, Long> wakeups(int pid) throws IOException {
        Map<String, Long> counts = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks) {
                if (task.getFileName().toString().equals(Integer.toString(pid))) {
                    continue;
                }
                String status = Files.readString(task.resolve("status"));
                String name = field(status, "Name");
                String helper = name.equals("postgres") ? "watchdog" : name;
                if (helper.equals("watchdog") || helper.equals("wormhole-heap")) {
                    counts.merge(helper, Long.parseLong(field(status, "voluntary_ctxt_switches")), Long::sum);
                }
            }
        }
        assertThat(counts).as("helper threads of backend %d", pid).containsOnlyKeys("watchdog", "wormhole-heap");
        return counts;
    }

    private static String field(String status, String name) {
        for (String line : status.split("\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        throw new AssertionError("no " + name + " in " + status);
    }
}
