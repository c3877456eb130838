package io.wormhole.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A throwaway PostgreSQL 15 cluster for tests: {@code initdb} into {@code target/pgcluster}, a free port, a socket
 * directory of its own, {@code CREATE EXTENSION wormhole}; one per test JVM, started once and stopped when the JVM
 * ends. It builds nothing: the extension must already be installed ({@code ./wormhole build} does that).
 *
 * <p>When the tests run as root the cluster runs as the {@code postgres} system user, since initdb refuses root.
 * After every test class it checks the server log: a backend that crashed (or made the postmaster restart the
 * cluster) fails the class that was running.
 */
public final class PostgresCluster implements BeforeAllCallback, AfterAllCallback {
    private static final List<String> CRASH_SIGNS = List.of("terminated by signal", "was terminated by exception",
            "terminating any other active server processes", "PANIC:", "all server processes terminated",
            "A fatal error has been detected by the Java Runtime");
    public static final String BIN = System.getProperty("wormhole.pg.bin", "/usr/lib/postgresql/15/bin");
    private static final String SUPERUSER = "postgres";

    private static Path dataDir;
    private static Path logFile;
    private static int port;

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        String log = Files.readString(logFile);
        for (String sign : CRASH_SIGNS) {
            if (log.contains(sign)) {
                throw new AssertionError("the server log shows a crash (\"" + sign + "\"); see " + logFile);
            }
        }
    }

    /** Starts the cluster of this JVM if it is not running yet. */
    public static synchronized void start() {
        if (dataDir != null) {
            return;
        }
        try {
            Path base = Path.of("target", "pgcluster").toAbsolutePath();
            deleteTree(base);
            Files.createDirectories(base);
            Path data = base.resolve("data");
            Path sockets = base.resolve("sockets");
            Files.createDirectories(sockets);
            logFile = base.resolve("postgres.log");
            boolean root = "root".equals(System.getProperty("user.name"));
            if (root) {
                run(List.of("chown", "-R", "postgres:postgres", base.toString()));
                allowTraversal(base);
            }
            port = freePort();
            run(asServerUser(root, List.of(BIN + "/initdb", "-D", data.toString(), "-U", SUPERUSER, "-A", "trust",
                    "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")));
            String options = "-p " + port + " -k " + sockets + " -c listen_addresses=127.0.0.1 -c fsync=off"
                    + " -c max_connections=60 -c shared_buffers=128MB -c log_min_messages=warning"
                    + " -c lc_messages=C";
            run(asServerUser(root, List.of(BIN + "/pg_ctl", "-D", data.toString(), "-l", logFile.toString(), "-o",
                    options, "-w", "-t", "60", "start")));
            dataDir = data;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(root)));
            try (Connection c = connect(); Statement st = c.createStatement()) {
                st.execute("CREATE EXTENSION wormhole");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException("could not prepare the test cluster (is the extension installed?"
                    + " run ./wormhole build): " + e.getMessage(), e);
        }
    }

    public static String url() {
        start();
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=" + SUPERUSER;
    }

    public static int port() {
        start();
        return port;
    }

    public static String superuser() {
        return SUPERUSER;
    }

    /** The server log, for tests that check no backend crashed. */
    public static Path logFile() {
        start();
        return logFile;
    }

    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(url());
    }

    private static void stop(boolean root) {
        try {
            run(asServerUser(root, List.of(BIN + "/pg_ctl", "-D", dataDir.toString(), "-m", "fast", "-w", "stop")));
        } catch (IOException | RuntimeException e) {
            System.err.println("could not stop the test cluster: " + e.getMessage());
        }
    }

    private static List<String> asServerUser(boolean root, List<String> command) {
        if (!root) {
            return command;
        }
        List<String> out = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        out.addAll(command);
        return out;
    }

    /** The postgres user must reach target/ through the build's directories. */
    private static void allowTraversal(Path dir) throws IOException {
        for (Path p = dir.getParent(); p != null; p = p.getParent()) {
            run(List.of("chmod", "o+x", p.toString()));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }
}
