package com.example.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.wormhole.Wormhole;
import io.wormhole.agent.Premain;
import io.wormhole.testing.PostgresCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Calls through {@code Wormhole.configure(dataSource)} with a real pool (HikariCP): each call borrows a connection
 * and gives it back when it ends, so more threads than connections all get through and nothing stays borrowed.
 */
@ExtendWith(PostgresCluster.class)
class PooledCallsTest {

    @BeforeAll
    static void installAgent() {
        Premain.install(ByteBuddyAgent.install());
    }

    @Test
    void eightThreadsOnAPoolOfFourAllGetThroughAndGiveEveryConnectionBack() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(PostgresCluster.url());
        config.setUsername(PostgresCluster.superuser());
        config.setMaximumPoolSize(4);
        config.setConnectionTimeout(5_000);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            Wormhole.configure(pool);
            ExecutorService threads = Executors.newFixedThreadPool(8);
            try {
                List<Future<Integer>> done = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    done.add(threads.submit(() -> {
                        int ok = 0;
                        for (int i = 0; i < 250; i++) {
                            if (Diagnostics.serverVersion().startsWith("15")) {
                                ok++;
                            }
                        }
                        return ok;
                    }));
                }
                for (Future<Integer> f : done) {
                    assertThat(f.get()).as("calls that got a connection and an answer").isEqualTo(250);
                }
            } finally {
                threads.shutdownNow();
                Wormhole.configure(null);
            }
            assertThat(pool.getHikariPoolMXBean().getActiveConnections()).as("connections still borrowed").isZero();
            assertThat(pool.getHikariPoolMXBean().getTotalConnections()).isLessThanOrEqualTo(4);
        }
    }
}
