package io.wormhole.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Throwaway PostgreSQL 15 clusters for tests: {@code initdb} into a directory under {@code target/}, a free port, a
 * socket directory of its own, {@code CREATE EXTENSION wormhole}. They build nothing: the extension must already be
 * installed ({@code ./wormhole build} does that).
 *
 * <p>As a JUnit extension it provides the shared cluster: one per test JVM ({@code target/pgcluster}), started once
 * and stopped when the JVM ends. After every test class it checks what the server wrote to its log while the class
 * ran: a backend that crashed (or made the postmaster restart the cluster) fails that class.
 *
 * <p>{@link #isolated(String)} starts a cluster of a test's own, for tests that stop, crash or restart a server, or
 * that may leave a backend nothing but SIGKILL ends: the test closes it, which kills whatever is left.
 *
 * <p>When the tests run as root the clusters run as the {@code postgres} system user, since initdb refuses root.
 */
public final class PostgresCluster implements BeforeAllCallback, AfterAllCallback {
    /** What PostgreSQL and HotSpot write to the server log when a backend crashed. */
    public static final List<String> CRASH_SIGNS = List.of("terminated by signal", "was terminated by exception",
            "terminating any other active server processes", "PANIC:", "all server processes terminated",
            "A fatal error has been detected by the Java Runtime");
    public static final String BIN = System.getProperty("wormhole.pg.bin", "/usr/lib/postgresql/15/bin");
    private static final String SUPERUSER = "postgres";
    private static final ExtensionContext.Namespace LOG_OFFSET = ExtensionContext.Namespace.create(
            PostgresCluster.class);

    private static Instance shared;

    @Override
    public void beforeAll(ExtensionContext context) throws SQLException {
        context.getStore(LOG_OFFSET).put("offset", shared().logSize());
        // A crash in an earlier class is that class's failure: this one starts once recovery let connections in.
        shared().connect().close();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        long offset = context.getStore(LOG_OFFSET).getOrDefault("offset", Long.class, 0L);
        String sign = crashSign(shared().logSince(offset));
        if (sign != null) {
            throw new AssertionError("the server log shows a crash (\"" + sign + "\") while this class ran; see "
                    + shared().logFile());
        }
    }

    /** The first crash sign in a piece of server log, or {@code null}. */
    public static String crashSign(String log) {
        return CRASH_SIGNS.stream().filter(log::contains).findFirst().orElse(null);
    }

    /** Starts the shared cluster of this JVM if it is not running yet. */
    public static synchronized void start() {
        shared();
    }

    /** The shared cluster, started if it is not running yet: for its log, say. */
    public static synchronized Instance shared() {
        if (shared == null) {
            shared = new Instance("pgcluster", null, null, List.of());
        }
        return shared;
    }

    public static String url() {
        return shared().url();
    }

    public static int port() {
        return shared().port();
    }

    public static String superuser() {
        return SUPERUSER;
    }

    /** The shared server's log, for tests that check no backend crashed. */
    public static Path logFile() {
        return shared().logFile();
    }

    public static Connection connect() throws SQLException {
        return shared().connect();
    }

    /** A connection to the shared cluster as {@code role}, which must be able to log in. */
    public static Connection connect(String role) throws SQLException {
        return shared().connect(role);
    }

    /**
     * Starts a cluster of the caller's own in {@code target/pgcluster-<name>} (whatever an earlier run left there is
     * killed and removed first). Close it when done: that stops it, by SIGKILL if nothing else works.
     */
    public static Instance isolated(String name) {
        return isolated(name, null);
    }

    /**
     * As {@link #isolated(String)}, with the server's stack limit ({@code ulimit -s}) set to {@code stackLimit}: a
     * size in bytes or {@code "unlimited"}.
     */
    public static Instance isolated(String name, String stackLimit) {
        if (!name.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("a cluster name is lower case letters, digits and '-': " + name);
        }
        return new Instance("pgcluster-" + name, stackLimit, null, List.of());
    }

    /**
     * As {@link #isolated(String)}, with the server started through {@code launcher}: a command run as the test's
     * own user that ends by running its arguments (the server's start command), e.g. one that moves itself into a
     * control group first.
     */
    public static Instance isolatedThrough(String name, List<String> launcher) {
        if (!name.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("a cluster name is lower case letters, digits and '-': " + name);
        }
        return new Instance("pgcluster-" + name, null, null, List.copyOf(launcher));
    }

    /**
     * Closes the servers in order (a standby before its primary, say), then fails naming each whose log shows a
     * crash: a test class's last check on the servers it started itself.
     */
    public static void closeCheckingLogs(Instance... servers) {
        List<String> crashes = new ArrayList<>();
        for (Instance server : servers) {
            if (server != null) {
                String sign = crashSign(server.logSince(0));
                if (sign != null) {
                    crashes.add(server.logFile() + ": " + sign);
                }
            }
        }
        for (Instance server : servers) {
            if (server != null) {
                server.close();
            }
        }
        if (!crashes.isEmpty()) {
            throw new AssertionError("crash in " + crashes);
        }
    }

    /** Sends a signal ({@code "SEGV"}, {@code "KILL"} …) to a process, such as a backend of a cluster. */
    public static void signal(long pid, String signal) {
        try {
            run(List.of("kill", "-" + signal, Long.toString(pid)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One running cluster: its directory, port, log, and the means to stop, restart and kill it. */
    public static final class Instance implements AutoCloseable {
        private final Path base;
        private final Path data;
        private final Path sockets;
        private final Path log;
        private final boolean root = "root".equals(System.getProperty("user.name"));
        private final int port;
        private final String stackLimit;
        /** What the server's start command runs through (see {@link #isolatedThrough}); empty for nothing. */
        private final List<String> launcher;
        /** The server this one streams from, or {@code null} for a primary. */
        private final Instance primary;
        private final String name;
        private final Thread onExit = new Thread(this::close);
        private boolean closed;

        private Instance(String dirName, String stackLimit, Instance primary, List<String> launcher) {
            this.stackLimit = stackLimit;
            this.launcher = launcher;
            this.primary = primary;
            this.name = dirName;
            base = Path.of("target", dirName).toAbsolutePath();
            data = base.resolve("data");
            sockets = base.resolve("sockets");
            log = base.resolve("postgres.log");
            try {
                killLeftovers();
                deleteTree(base);
                Files.createDirectories(sockets);
                if (root) {
                    run(List.of("chown", "-R", "postgres:postgres", base.toString()));
                    allowTraversal(base);
                }
                port = freePort();
                if (primary != null) {
                    // A fast checkpoint: the default spread one can keep the copy waiting for minutes.
                    run(asServerUser(List.of(BIN + "/pg_basebackup", "-h", "127.0.0.1", "-p",
                            Integer.toString(primary.port), "-U", SUPERUSER, "-D", data.toString(), "-R", "-X",
                            "stream", "-c", "fast", "--no-sync")));
                    start();
                    Runtime.getRuntime().addShutdownHook(onExit);
                    awaitStreaming();
                    return;
                }
                run(asServerUser(List.of(BIN + "/initdb", "-D", data.toString(), "-U", SUPERUSER, "-A", "trust",
                        "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")));
                start();
                Runtime.getRuntime().addShutdownHook(onExit);
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

        /**
         * Starts the server again after {@link #stop}, on the same port, data and log; each of {@code settings}
         * ({@code name=value}, no spaces) overrides the tests' defaults.
         */
        public void start(String... settings) throws IOException {
            StringBuilder options = new StringBuilder("-p " + port + " -k " + sockets
                    + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60 -c shared_buffers=128MB"
                    + " -c log_min_messages=warning -c lc_messages=C -c shared_preload_libraries=wormhole"
                    // What a streaming standby needs of its primary (PostgreSQL 15's defaults, said here so that
                    // no test's settings lose them); a standby's walreceiver names itself by cluster_name.
                    + " -c wal_level=replica -c max_wal_senders=10 -c hot_standby=on -c cluster_name=" + name);
            for (String setting : settings) {
                options.append(" -c ").append(setting);
            }
            List<String> command = new ArrayList<>();
            if (stackLimit != null) {
                command.addAll(List.of("prlimit", "--stack=" + stackLimit, "--"));
            }
            command.addAll(List.of(BIN + "/pg_ctl", "-D", data.toString(), "-l", log.toString(), "-o", options.toString(), "-w",
                    "-t", "60", "start"));
            List<String> launched = new ArrayList<>(launcher);
            launched.addAll(asServerUser(command));
            run(launched);
        }

        /**
         * Runs {@code pg_ctl stop -m <mode>} and waits at most {@code timeout} (whole seconds) for the server to go;
         * an {@link IllegalStateException} with pg_ctl's output when it did not ("server does not shut down").
         */
        public void stop(String mode, Duration timeout) throws IOException {
            run(asServerUser(List.of(BIN + "/pg_ctl", "-D", data.toString(), "-m", mode, "-w", "-t",
                    Long.toString(Math.max(1, timeout.toSeconds())), "stop")));
        }

        /** Whether the postmaster of this cluster runs. */
        public boolean running() {
            return postmasterPid() > 0;
        }

        /** The postmaster's process id, or 0 when it does not run. */
        public long postmasterPid() {
            try {
                long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
                // A pid file left by a run that was killed may name a process that has since reused the number.
                return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                        .filter(h -> h.info().command().orElse("").endsWith("/postgres")).isPresent() ? pid : 0;
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }

        /**
         * Starts a hot standby of this cluster in {@code target/pgcluster-<name>}: a base backup ({@code pg_basebackup
         * -R -X stream}) on a port and socket directory of its own, with the same settings and the extension
         * preloaded, returned once it streams from this one. Close it when done. initdb's pg_hba.conf lets
         * replication connections from 127.0.0.1 in, as it does every other.
         */
        public Instance startStandby(String standbyName) {
            if (!standbyName.matches("[a-z0-9-]+")) {
                throw new IllegalArgumentException("a cluster name is lower case letters, digits and '-': "
                        + standbyName);
            }
            return new Instance("pgcluster-" + standbyName, stackLimit, this, launcher);
        }

        /** Whether this cluster is a standby, as the server says ({@code pg_is_in_recovery()}). */
        public boolean inRecovery() throws SQLException {
            try (Connection c = connect(); Statement st = c.createStatement();
                    var rs = st.executeQuery("SELECT pg_is_in_recovery()")) {
                rs.next();
                return rs.getBoolean(1);
            }
        }

        /** Waits (two minutes at most) until this standby's walreceiver streams from its primary. */
        private void awaitStreaming() throws SQLException {
            awaitTrue(primary, "SELECT count(*) = 1 FROM pg_stat_replication WHERE application_name = '" + name
                    + "' AND state = 'streaming'", "the standby in " + base + " to stream from its primary");
            if (!inRecovery()) {
                throw new IllegalStateException("the standby in " + base + " is not in recovery");
            }
        }

        /**
         * On a standby: waits (two minutes at most) until it has replayed everything its primary had written when
         * this was called, so what committed there can be read here.
         */
        public void awaitReplay() throws SQLException {
            if (primary == null) {
                throw new IllegalStateException(base + " is not a standby");
            }
            String lsn;
            try (Connection c = primary.connect(); Statement st = c.createStatement();
                    var rs = st.executeQuery("SELECT pg_current_wal_lsn()")) {
                rs.next();
                lsn = rs.getString(1);
            }
            awaitTrue(this, "SELECT pg_last_wal_replay_lsn() >= '" + lsn + "'::pg_lsn",
                    "the standby in " + base + " to replay up to " + lsn);
        }

        /** Polls {@code query} (one boolean) on {@code server} until it is true; two minutes at most. */
        private static void awaitTrue(Instance server, String query, String what) throws SQLException {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            try (Connection c = server.connect(); Statement st = c.createStatement()) {
                while (true) {
                    try (var rs = st.executeQuery(query)) {
                        rs.next();
                        if (rs.getBoolean(1)) {
                            return;
                        }
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("gave up waiting for " + what);
                    }
                    pause();
                }
            }
        }

        public String url() {
            return url(SUPERUSER);
        }

        public String url(String user) {
            return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=" + user;
        }

        public Connection connect() throws SQLException {
            return connect(SUPERUSER);
        }

        /**
         * Connects as {@code user}, waiting up to a minute while the server resets or answers that it cannot take
         * connections yet (08001, 57P03): after a crash elsewhere it resets and recovers, and a test's own outcome
         * is worth more than an echo of that crash.
         */
        public Connection connect(String user) throws SQLException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                try {
                    return DriverManager.getConnection(url(user));
                } catch (SQLException e) {
                    boolean notReady = "57P03".equals(e.getSQLState()) || "08001".equals(e.getSQLState());
                    if (!notReady || System.nanoTime() > deadline) {
                        throw e;
                    }
                    pause();
                }
            }
        }

        public int port() {
            return port;
        }

        /** Between two attempts to connect to a server that is not ready. */
        private static void pause() {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the server", e);
            }
        }

        public Path logFile() {
            return log;
        }

        /** How many bytes the log holds now: pass it to {@link #logSince} to read what a test made the server say. */
        public long logSize() {
            try {
                return Files.size(log);
            } catch (IOException e) {
                return 0;
            }
        }

        public String logSince(long offset) {
            try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
                long from = Math.min(offset, f.length());
                byte[] tail = new byte[(int) (f.length() - from)];
                f.seek(from);
                f.readFully(tail);
                return new String(tail, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Waits until the log, from {@code offset} on, contains {@code line}, such as the postmaster's "all server
         * processes terminated; reinitializing" after a crash: a connection made before the postmaster saw the crash
         * would be ended by its reset. An {@link IllegalStateException} after {@code timeout}.
         */
        public void awaitLog(long offset, String line, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!logSince(offset).contains(line)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the server in " + base + " did not log \"" + line + "\" within "
                            + timeout);
                }
                pause();
            }
        }

        /** Stops the server, the hard way if a fast shutdown does not end it, and removes its shutdown hook. */
        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (Thread.currentThread() != onExit) {
                try {
                    Runtime.getRuntime().removeShutdownHook(onExit);
                } catch (IllegalStateException e) {
                    // The JVM is already shutting down.
                }
            }
            try {
                if (running()) {
                    stop("fast", Duration.ofSeconds(10));
                }
            } catch (IOException | RuntimeException e) {
                System.err.println("the test cluster in " + base + " did not stop; killing it: " + e.getMessage());
                killLeftovers();
            }
        }

        /** A backend nothing else ends (a runaway in JDK code, on a host without a watchdog) needs SIGKILL. */
        private void killLeftovers() {
            long pid = postmasterPid();
            if (pid == 0) {
                return;
            }
            ProcessHandle.of(pid).ifPresent(postmaster -> {
                List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
                all.add(0, postmaster);
                all.forEach(ProcessHandle::destroyForcibly);
                for (ProcessHandle p : all) {
                    p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> p).join();
                }
            });
        }

        private List<String> asServerUser(List<String> command) {
            if (!root) {
                return command;
            }
            List<String> out = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
            out.addAll(command);
            return out;
        }
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

    /** Runs a command to its end (two minutes at most); its output is in the exception when it fails. */
    static void run(List<String> command) throws IOException {
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

    static void deleteTree(Path dir) throws IOException {
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
