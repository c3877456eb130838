package io.wormhole.server.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.wormhole.testing.PostgresCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A server in a container: the memory budget's defaults are shares of the memory its control group may use, and at
 * most as many JVMs start at once as its CPU quota allows, not as the machine has. The server runs in cgroups with no
 * limits of their own under ones limited to 2 GB and one CPU (a parent's limit binds its children), made under the
 * test's own cgroups.
 */
class CgroupLimitsTest {
    private PostgresCluster.Instance cluster;
    /** The cgroups made, children before parents. */
    private final List<Path> made = new ArrayList<>();

    @AfterEach
    void removeAll() throws IOException, InterruptedException {
        if (cluster != null) {
            cluster.close();
        }
        // A cgroup goes with rmdir once its processes have. pg_ctl returns when the postmaster has removed its pid
        // file, and a process of the server may still be leaving the cgroup then: wait for its list to empty.
        for (Path dir : made) {
            awaitEmpty(dir);
            Files.deleteIfExists(dir);
        }
    }

    private static void awaitEmpty(Path dir) throws IOException, InterruptedException {
        Path procs = dir.resolve("cgroup.procs");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (Files.exists(procs) && !Files.readString(procs).isBlank()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("processes still in " + dir + " 10 s after the server stopped: "
                        + Files.readString(procs).strip().replace('\n', ' '));
            }
            Thread.sleep(10);
        }
    }

    @Test
    void theDefaultsFollowTheControlGroupsLimits() throws Exception {
        // v1 checks a quota against the period, so the period is written first.
        Path memory = limitedChild("memory", List.of("memory.limit_in_bytes", Long.toString(2L << 30)),
                List.of("memory.max", Long.toString(2L << 30)));
        Path cpu = limitedChild("cpu", List.of("cpu.cfs_period_us", "100000", "cpu.cfs_quota_us", "100000"),
                List.of("cpu.max", "100000 100000"));
        String join = "echo $$ > '" + memory.resolve("cgroup.procs") + "' && echo $$ > '" + cpu.resolve("cgroup.procs")
                + "' && exec \"$@\"";

        cluster = PostgresCluster.isolatedThrough("cgroup-limits", List.of("sh", "-c", join, "into-cgroups"));

        assertThat(Files.readString(Path.of("/proc/" + cluster.postmasterPid() + "/cgroup")))
                .as("the server runs in the cgroups under the limited ones")
                .contains(Hierarchy.of("memory").relative(memory)).contains(Hierarchy.of("cpu").relative(cpu));
        try (Connection c = cluster.connect()) {
            // A quarter of 2 GB, and an eighth of that for each VM's heap.
            assertThat(show(c, "wormhole.memory_cap")).isEqualTo("512MB");
            assertThat(show(c, "wormhole.max_heap")).isEqualTo("64MB");
            assertThat(show(c, "wormhole.max_starting_vms")).isEqualTo("1");
            try (Statement st = c.createStatement()) {
                st.execute("SELECT wormhole.start_vm()");
            }
        }
        try (Connection c = PostgresCluster.connect()) {
            assertThat(megabytes(show(c, "wormhole.memory_cap")))
                    .as("the same build outside the cgroups sizes its cap from the machine (max_connections allowing)")
                    .isGreaterThan(512);
            assertThat(Integer.parseInt(show(c, "wormhole.max_starting_vms")))
                    .as("outside the cgroups, the machine's CPUs (this test needs a machine with two or more)")
                    .isEqualTo(Runtime.getRuntime().availableProcessors()).isGreaterThan(1);
        }
    }

    /**
     * A cgroup under this process's own in the controller's hierarchy, with the limits given as name, value, name,
     * value (v1's or v2's, as the hierarchy is), and a child of it with none, where the server goes. Under v2 both
     * controllers share one hierarchy, and so one pair of cgroups.
     */
    private Path limitedChild(String controller, List<String> v1Limits, List<String> v2Limits) throws IOException {
        Hierarchy hierarchy = Hierarchy.of(controller);
        Path limited = hierarchy.own.resolve("wormhole-test-" + ProcessHandle.current().pid());
        Path child = limited.resolve("server");
        if (!Files.isDirectory(limited)) {
            Files.createDirectory(limited);
            made.add(0, limited);
        }
        List<String> limits = hierarchy.v2 ? v2Limits : v1Limits;
        for (int i = 0; i < limits.size(); i += 2) {
            Files.writeString(limited.resolve(limits.get(i)), limits.get(i + 1));
        }
        if (!Files.isDirectory(child)) {
            Files.createDirectory(child);
            made.add(0, child);
        }
        return child;
    }

    private static String show(Connection c, String setting) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long megabytes(String size) {
        if (size.endsWith("GB")) {
            return Long.parseLong(size.substring(0, size.length() - 2)) * 1024;
        }
        assertThat(size).endsWith("MB");
        return Long.parseLong(size.substring(0, size.length() - 2));
    }

    /** A controller's hierarchy as this process sees it: where it is mounted and this process's own cgroup there. */
    private record Hierarchy(Path mount, Path own, boolean v2) {
        static Hierarchy of(String controller) throws IOException {
            Path mount = null;
            boolean v2 = false;
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
                String[] halves = line.split(" - ");
                String[] fields = halves[0].split(" ");
                String[] tail = halves[1].split(" ");
                if (tail[0].equals("cgroup") && List.of(tail[2].split(",")).contains(controller)) {
                    mount = Path.of(fields[4]);
                    v2 = false;
                    break;
                }
                if (tail[0].equals("cgroup2") && mount == null) {
                    mount = Path.of(fields[4]);
                    v2 = true;
                }
            }
            assertThat(mount).as("a mounted %s cgroup hierarchy", controller).isNotNull();
            for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"), StandardCharsets.UTF_8)) {
                String[] parts = line.split(":", 3);
                if (v2 ? parts[0].equals("0") : List.of(parts[1].split(",")).contains(controller)) {
                    return new Hierarchy(mount, mount.resolve(parts[2].substring(1)), v2);
                }
            }
            throw new AssertionError("this process is in no " + controller + " cgroup");
        }

        /** A directory's path as /proc/PID/cgroup writes it. */
        String relative(Path cgroup) {
            return "/" + mount.relativize(cgroup);
        }
    }
}
