package io.wormhole.benchmarks;

import com.example.bench.Chain;
import com.example.samples.Dashboard;
import com.example.samples.UserStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Prints the resident memory (kB) of backends that ran only SQL, then of backends that ran every workload through
 * Wormhole, one line each: {@code sql <kB>} or {@code wormhole <kB>}. Run by {@link BenchMain} in a JVM of its own,
 * with the agent, on the database's machine (it reads {@code /proc}).
 */
public final class RssProbe {
    private RssProbe() {}

    public static void main(String[] args) throws Exception {
        int samples = Integer.parseInt(args[0]);
        for (int i = 0; i < samples; i++) {
            try (Connection conn = Database.connect(Database.port())) {
                for (int j = 0; j < 1000; j++) {
                    Chain.plainChain(conn, 1, 5);
                    if (j % 100 == 0) {
                        Chain.plainAggregate(conn);
                    }
                }
                System.out.println("sql " + rssKb(conn));
            }
            try (Connection conn = Database.connect(Database.port())) {
                for (int j = 0; j < 1000; j++) {
                    Chain.chain(conn, 1, 5);
                    if (j % 100 == 0) {
                        Chain.aggregate(conn);
                    }
                    UserStats.updateUserStats(conn, 1);
                    Dashboard.load(conn, 1, 20);
                }
                System.out.println("wormhole " + rssKb(conn));
            }
        }
    }

    private static long rssKb(Connection conn) throws SQLException, IOException {
        int pid = Database.backendPid(conn);
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IOException("no VmRSS for backend " + pid);
    }
}
