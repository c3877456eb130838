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
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A server in a container: the memory budget's defaults are shares of the memory its control group may use, not of
 * the machine's. The server runs in a cgroup with no limit of its own under one limited to 2 GB (a parent's limit
 * binds its children), made under the test's own memory cgroup.
 */
class CgroupMemoryTest {
    private static final long LIMIT = 2L << 30;

    private PostgresCluster.Instance cluster;
    private Path limited;
    private Path server;

    @AfterEach
    void removeAll() throws IOException {
        if (cluster != null) {
            cluster.close();
        }
        // A cgroup goes with rmdir once its processes have: the server's are gone after close().
        for (Path dir : new Path[] {server, limited}) {
            if (dir != null && Files.isDirectory(dir)) {
                Files.delete(dir);
            }
        }
    }

    @Test
    void theDefaultsAreSharesOfTheControlGroupsLimit() throws Exception {
        Hierarchy memory = Hierarchy.own();
        limited = memory.dir.resolve("wormhole-test-" + ProcessHandle.current().pid());
        server = limited.resolve("server");
        Files.createDirectory(limited);
        Files.writeString(limited.resolve(memory.limitFile), Long.toString(LIMIT));
        Files.createDirectory(server);
        List<String> launcher = List.of("sh", "-c", "echo $$ > '" + server.resolve("cgroup.procs") + "' && exec \"$@\"",
                "into-cgroup");

        cluster = PostgresCluster.isolatedThrough("mem-cgroup", launcher);

        assertThat(Files.readString(Path.of("/proc/" + cluster.postmasterPid() + "/cgroup")))
                .as("the server runs in the cgroup under the limited one")
                .contains(memory.relative(server));
        try (Connection c = cluster.connect()) {
            // A quarter of 2 GB, and an eighth of that for each VM's heap.
            assertThat(show(c, "wormhole.memory_cap")).isEqualTo("512MB");
            assertThat(show(c, "wormhole.max_heap")).isEqualTo("64MB");
            try (Statement st = c.createStatement()) {
                st.execute("SELECT wormhole.start_vm()");
            }
        }
        try (Connection c = PostgresCluster.connect()) {
            assertThat(megabytes(show(c, "wormhole.memory_cap")))
                    .as("the same build outside the cgroup sizes its cap from the machine (max_connections allowing)")
                    .isGreaterThan(512);
        }
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

    /** The memory controller's hierarchy as this process sees it: its own cgroup's directory and the limit's file. */
    private record Hierarchy(Path mount, Path dir, String limitFile) {
        static Hierarchy own() throws IOException {
            Path mount = null;
            boolean v2 = false;
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
                String[] halves = line.split(" - ");
                String[] fields = halves[0].split(" ");
                String[] tail = halves[1].split(" ");
                if (tail[0].equals("cgroup") && List.of(tail[2].split(",")).contains("memory")) {
                    mount = Path.of(fields[4]);
                    v2 = false;
                    break;
                }
                if (tail[0].equals("cgroup2") && mount == null) {
                    mount = Path.of(fields[4]);
                    v2 = true;
                }
            }
            assertThat(mount).as("a mounted memory cgroup hierarchy").isNotNull();
            for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"), StandardCharsets.UTF_8)) {
                String[] parts = line.split(":", 3);
                boolean memory = v2 ? parts[0].equals("0") : List.of(parts[1].split(",")).contains("memory");
                if (memory) {
                    Path dir = mount.resolve(parts[2].substring(1));
                    String limitFile = v2 ? "memory.max" : "memory.limit_in_bytes";
                    return new Hierarchy(mount, dir, limitFile);
                }
            }
            throw new AssertionError("this process is in no memory cgroup");
        }

        /** A directory's path as /proc/PID/cgroup writes it. */
        String relative(Path cgroup) {
            return "/" + mount.relativize(cgroup);
        }
    }
}
