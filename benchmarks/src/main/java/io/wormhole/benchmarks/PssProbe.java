package io.wormhole.benchmarks;

import com.example.bench.Chain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * What backends with a JVM cost the host (issue 13's memory table): for 1, 10 and 50 backends at once, each after one
 * {@code @Remote} call, the mean proportional set size (PSS: shared pages divided among the processes that map them,
 * so the sum is what the host really gives them) and resident size per backend, and the PSS before any call.
 * Run with the agent by {@code bench.sh --pss}; it raises the throwaway cluster's {@code wormhole.memory_cap} so that
 * 50 JVMs of the default size are admitted.
 */
public final class PssProbe {
    private PssProbe() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        try (Connection c = Database.connect(port)) {
            Database.setUp(c);
            Database.roomForManyJvms(c);
        }
        for (int n : new int[] {1, 10, 50}) {
            List<Connection> backends = new ArrayList<>();
            List<Integer> pids = new ArrayList<>();
            try {
                for (int i = 0; i < n; i++) {
                    Connection c = Database.connect(port);
                    backends.add(c);
                    pids.add(Database.backendPid(c));
                }
                long before = sum(pids, "Pss");
                for (Connection c : backends) {
                    Chain.chain(c, 1, 5);
                }
                // The heap thread gives memory back after a call; let it finish before reading.
                TimeUnit.SECONDS.sleep(2);
                System.out.printf(Locale.ROOT, "%d backends: PSS %.1f MB each after a call (%.1f before), RSS %.1f MB"
                        + " each%n", n, sum(pids, "Pss") / 1024.0 / n, before / 1024.0 / n,
                        sum(pids, "Rss") / 1024.0 / n);
            } finally {
                for (Connection c : backends) {
                    c.close();
                }
            }
        }
    }

    private static long sum(List<Integer> pids, String field) throws Exception {
        long kb = 0;
        for (int pid : pids) {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps_rollup"))) {
                if (line.startsWith(field + ":")) {
                    kb += Long.parseLong(line.replaceAll("\\D+", ""));
                }
            }
        }
        return kb;
    }
}
