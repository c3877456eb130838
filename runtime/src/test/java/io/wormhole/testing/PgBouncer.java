package io.wormhole.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PgBouncer process of a test's own in front of a test cluster, in transaction pooling mode: its ini file,
 * user list and log in {@code target/pgbouncer-<name>}, a free port on 127.0.0.1. It offers two databases, both the
 * cluster's {@code postgres}: {@code postgres} with a pool of {@link #POOL_SIZE} server connections, and
 * {@code postgres_single} with one, so that every client of it shares a single server connection (what a busy pool
 * does sooner or later, here at once). Close it when done: that ends the process.
 *
 * <p>The binary is {@code /usr/sbin/pgbouncer} (Debian's package, which {@code ./wormhole} installs), or the system
 * property {@code wormhole.pgbouncer}. When the tests run as root it runs as the {@code postgres} system user, since
 * PgBouncer refuses root.
 */
public final class PgBouncer implements AutoCloseable {
    public static final int POOL_SIZE = 4;
    private static final String BINARY = System.getProperty("wormhole.pgbouncer", "/usr/sbin/pgbouncer");

    private final Path base;
    private final int port;
    private final Process process;

    private PgBouncer(Path base, int port, Process process) {
        this.base = base;
        this.port = port;
        this.process = process;
    }

    /**
     * Starts PgBouncer in front of {@code cluster} for the given roles (trusted, as the cluster trusts them), and
     * returns once it accepts connections.
     */
    public static PgBouncer inFrontOf(PostgresCluster.Instance cluster, String name, String... roles) {
        if (!name.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("a PgBouncer name is lower case letters, digits and '-': " + name);
        }
        if (!Files.isExecutable(Path.of(BINARY))) {
            throw new IllegalStateException(BINARY + " is missing: ./wormhole build installs PgBouncer (Debian's"
                    + " pgbouncer package), or set -Dwormhole.pgbouncer to one");
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        Path base = Path.of("target", "pgbouncer-" + name).toAbsolutePath();
        try {
            killLeftover(base.resolve("pgbouncer.pid"));
            PostgresCluster.deleteTree(base);
            Files.createDirectories(base);
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            StringBuilder users = new StringBuilder("\"" + PostgresCluster.superuser() + "\" \"\"\n");
            for (String role : roles) {
                users.append('"').append(role).append("\" \"\"\n");
            }
            Files.writeString(base.resolve("userlist.txt"), users);
            String server = "host=127.0.0.1 port=" + cluster.port() + " dbname=postgres";
            Files.writeString(base.resolve("pgbouncer.ini"), String.join("\n",
                    "[databases]",
                    "postgres = " + server + " pool_size=" + POOL_SIZE,
                    "postgres_single = " + server + " pool_size=1",
                    "[pgbouncer]",
                    "listen_addr = 127.0.0.1",
                    "listen_port = " + port,
                    "unix_socket_dir =",
                    "auth_type = trust",
                    "auth_file = " + base.resolve("userlist.txt"),
                    "pool_mode = transaction",
                    "max_client_conn = 200",
                    // pgJDBC sends it in every startup packet; PgBouncer refuses parameters it does not know.
                    "ignore_startup_parameters = extra_float_digits",
                    "logfile = " + base.resolve("pgbouncer.log"),
                    "pidfile = " + base.resolve("pgbouncer.pid"),
                    "") + "\n");
            List<String> command = new ArrayList<>();
            if (root) {
                PostgresCluster.run(List.of("chown", "-R", "postgres:postgres", base.toString()));
                command.addAll(List.of("runuser", "-u", "postgres", "--"));
            }
            command.addAll(List.of(BINARY, base.resolve("pgbouncer.ini").toString()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(base.resolve("stdout.log").toFile()).start();
            PgBouncer bouncer = new PgBouncer(base, port, process);
            Runtime.getRuntime().addShutdownHook(new Thread(bouncer::stopProcess));
            bouncer.awaitListening();
            return bouncer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** A pgJDBC URL of {@code database} through this PgBouncer as {@code user}, with {@code settings} appended. */
    public String url(String database, String user, String settings) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + user
                + (settings.isEmpty() ? "" : "&" + settings);
    }

    public Path logFile() {
        return base.resolve("pgbouncer.log");
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("pgbouncer exited with " + process.exitValue() + ":\n"
                        + Files.readString(base.resolve("stdout.log")) + read(logFile()));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("pgbouncer does not listen on port " + port + ":\n"
                            + read(logFile()));
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for pgbouncer", e);
                }
            }
        }
    }

    /** Ends PgBouncer (SIGTERM: an immediate shutdown), and runuser with it when there is one. */
    private void stopProcess() {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : all) {
            p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> {
                p.destroyForcibly();
                return p;
            }).join();
        }
    }

    @Override
    public void close() {
        stopProcess();
    }

    /** A PgBouncer that an earlier run left behind (its JVM was killed) would hold on forever. */
    private static void killLeftover(Path pidFile) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            ProcessHandle.of(pid).filter(h -> h.info().command().orElse("").endsWith("pgbouncer"))
                    .ifPresent(ProcessHandle::destroyForcibly);
        } catch (IOException | NumberFormatException e) {
            // No pid file, or not one PgBouncer finished writing: nothing to end.
        }
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
