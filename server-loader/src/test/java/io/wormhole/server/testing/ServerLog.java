package io.wormhole.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.wormhole.testing.PostgresCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

/** Checks the test cluster's log for what a crashing backend leaves there. */
public final class ServerLog {
    private static final List<String> CRASH_SIGNS = List.of("terminated by signal", "was terminated by exception",
            "exited with exit code", "terminating any other active server processes", "PANIC:",
            "all server processes terminated; reinitializing", "# A fatal error has been detected by the Java");

    private ServerLog() {}

    public static void assertNoCrash() throws IOException {
        String log = Files.readString(PostgresCluster.logFile());
        for (String sign : CRASH_SIGNS) {
            assertThat(log).as("the server log shows a crash").doesNotContain(sign);
        }
    }
}
