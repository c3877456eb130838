package io.wormhole.server.host;

import static io.wormhole.testing.Backends.assertUsable;
import static io.wormhole.testing.Backends.pid;
import static io.wormhole.testing.Backends.runsJvm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.hostprobe.HostProbe;
import io.wormhole.server.testing.InBackend;
import io.wormhole.testing.Bystander;
import io.wormhole.testing.PostgresCluster;
import io.wormhole.testing.Stops;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.util.PSQLException;

@ExtendWith(PostgresCluster.class)
class JvmHostTest {

    /** The host probes use the bridge directly, which only trusted (superuser) bundles may. */
    private static Connection trusted() throws SQLException {
        Connection c = PostgresCluster.connect();
        try (Statement st = c.createStatement()) {
            st.execute("SET wormhole.trusted = on");
        }
        return c;
    }

    /**
     * The postmaster maps the Java VM's libraries once (so that a backend's start finds them loaded and relocated),
     * and a backend's JVM uses that very library rather than loading one of its own.
     */
    @Test
    void backendsInheritThePostmastersJvmLibraries() throws Throwable {
        String postmaster = Files.readString(Path.of("/proc/" + PostgresCluster.shared().postmasterPid() + "/maps"));
        assertThat(postmaster).contains("/libjvm.so").contains("/libjava.so");
        try (Connection c = trusted()) {
            int pid = pid(c);
            assertThat(InBackend.call(c, HostProbe.class, "add", 40L, 2L)).isEqualTo(42L);
            List<String> libjvm = Files.readAllLines(Path.of("/proc/" + pid + "/maps")).stream()
                    .filter(l -> l.endsWith("/libjvm.so")).map(l -> l.substring(l.indexOf('/'))).distinct().toList();
            assertThat(libjvm).hasSize(1);
            assertThat(postmaster).contains(libjvm.get(0));
        }
    }

    @Test
    void theJvmStartsLazilyInTheCallersBackendAndIsReused() throws Throwable {
        try (Connection c = trusted()) {
            int pid = pid(c);
            assertThat(runsJvm(pid)).as("no JVM before the first call").isFalse();
            assertThat(InBackend.call(c, HostProbe.class, "backendPid")).isEqualTo(pid);
            assertThat(runsJvm(pid)).isTrue();
            long jvmMappings = Files.readAllLines(Path.of("/proc/" + pid + "/maps")).stream()
                    .filter(l -> l.contains("libjvm.so")).count();
            assertThat(InBackend.call(c, HostProbe.class, "add", 40L, 2L)).isEqualTo(42L);
            assertThat(Files.readAllLines(Path.of("/proc/" + pid + "/maps")).stream()
                    .filter(l -> l.contains("libjvm.so")).count()).as("the same one JVM library").isEqualTo(jvmMappings);
        }
    }

    @Test
    void aFailedStatementIsAJavaExceptionAndASavepointLetsTheCallGoOn() throws Throwable {
        try (Connection c = trusted(); Statement st = c.createStatement()) {
            st.execute("CREATE TEMP TABLE host_t (v int)");
            c.setAutoCommit(false);
            @SuppressWarnings("unchecked")
            List<String> seen = (List<String>) InBackend.call(c, HostProbe.class, "failThenContinue");
            assertThat(seen).containsExactly("22012: division by zero", "1,2");
            assertUsable(c);
            c.commit();
        }
    }

    @Test
    void anAbortedSavepointCannotBeReleasedButCanBeRolledBack() throws Throwable {
        try (Connection c = trusted()) {
            assertThat(InBackend.call(c, HostProbe.class, "releaseAbortedThenRollBack"))
                    .isEqualTo(List.of("22012", "25P02", "42"));
            assertUsable(c);
        }
    }

    /**
     * A statement that fails outside any savepoint aborts the call's work as it aborts a transaction block: what
     * follows fails with 25P02, and a method that returns anyway fails the call with that error, its insert gone.
     */
    @Test
    void aFailedStatementWithoutASavepointAbortsTheCallsWork() throws Throwable {
        try (Connection c = trusted(); Statement st = c.createStatement()) {
            st.execute("CREATE TEMP TABLE host_t (v int)");
            c.setAutoCommit(false);
            assertThatThrownBy(() -> InBackend.call(c, HostProbe.class, "failThenGoOn"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("25P02");
                        assertThat(e.getMessage()).contains("division by zero");
                    });
            try (var rs = st.executeQuery("SELECT count(*) FROM host_t")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the call's insert is rolled back").isZero();
            }
            assertUsable(c);
            c.commit();
        }
    }

    @Test
    void anUncaughtFailureIsAPostgresErrorWithItsSqlstate() throws Throwable {
        try (Connection c = trusted(); Statement st = c.createStatement()) {
            st.execute("CREATE TEMP TABLE host_t (v int)");
            assertThatThrownBy(() -> InBackend.callRaising(c, HostProbe.class, "failUncaught"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("22012");
                        assertThat(e.getMessage()).contains("division by zero");
                    });
            try (var rs = st.executeQuery("SELECT count(*) FROM host_t")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the failed call's insert is gone").isZero();
            }
            assertThatThrownBy(() -> InBackend.callRaising(c, HostProbe.class, "withDetail"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("P0099");
                        assertThat(e.getServerErrorMessage().getDetail()).isEqualTo("the detail");
                        assertThat(e.getServerErrorMessage().getHint()).isEqualTo("the hint");
                    });
            assertThat(InBackend.call(c, HostProbe.class, "typedParameter", "41")).isEqualTo("42");
        }
    }

    @Test
    void statementTimeoutStopsABusyLoop() throws Throwable {
        try (Connection c = trusted(); Statement st = c.createStatement()) {
            st.execute("SET statement_timeout = '300ms'");
            long start = System.nanoTime();
            assertThatThrownBy(() -> InBackend.call(c, HostProbe.class, "busyLoop"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("57014");
                        assertThat(e.getMessage()).contains("statement timeout");
                    });
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(10_000);
            st.execute("SET statement_timeout = 0");
            assertUsable(c);
            assertThat(InBackend.call(c, HostProbe.class, "add", 1L, 1L)).isEqualTo(2L);
        }
    }

    @Test
    void pgCancelBackendStopsABusyLoop() throws Throwable {
        try (Connection c = trusted(); Connection admin = trusted()) {
            int pid = pid(c);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                assertThat(InBackend.call(c, HostProbe.class, "add", 1L, 1L)).as("the JVM is up").isEqualTo(2L);
                Future<Object> call = pool.submit(() -> {
                    try {
                        return InBackend.call(c, HostProbe.class, "busyLoop");
                    } catch (Throwable t) {
                        return t;
                    }
                });
                Stops.awaitCallActive(admin, pid, Duration.ofSeconds(20));
                try (Statement st = admin.createStatement()) {
                    st.execute("SELECT pg_cancel_backend(" + pid + ")");
                }
                Object outcome = call.get(20, TimeUnit.SECONDS);
                assertThat(outcome).isInstanceOfSatisfying(PSQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("57014");
                    assertThat(e.getMessage()).contains("user request");
                });
            } finally {
                pool.shutdownNow();
            }
            assertUsable(c);
            assertThat(InBackend.call(c, HostProbe.class, "add", 2L, 2L)).isEqualTo(4L);
        }
    }

    @Test
    void stackOverflowEndsTheCallAndTheBackendGoesOn() throws Throwable {
        try (Connection c = trusted()) {
            assertThatThrownBy(() -> InBackend.callRaising(c, HostProbe.class, "recurse", 0))
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("54001");
                        assertThat(e.getMessage()).contains("StackOverflowError");
                    });
            assertUsable(c);
            assertThat(InBackend.call(c, HostProbe.class, "sum", 100)).isEqualTo(5050);
        }
    }

    @Test
    void outOfMemoryEndsTheCallAndTheBackendGoesOn() throws Throwable {
        try (Connection c = trusted(); Statement st = c.createStatement()) {
            st.execute("SET wormhole.max_heap = '48MB'");
            assertThatThrownBy(() -> InBackend.callRaising(c, HostProbe.class, "allocate"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("53200");
                        assertThat(e.getMessage()).contains("OutOfMemoryError").contains("wormhole.max_heap is 48 MB");
                    });
            assertUsable(c);
            assertThat(InBackend.call(c, HostProbe.class, "sum", 10)).isEqualTo(55);
        }
    }

    @Test
    void anotherThreadCannotReachPostgres() throws Throwable {
        try (Connection c = trusted()) {
            assertThat((String) InBackend.call(c, HostProbe.class, "fromAnotherThread"))
                    .startsWith("55000: thread \"Thread-");
            assertUsable(c);
        }
    }

    @Test
    void badFramesAreClearErrors() throws Throwable {
        try (Connection c = trusted()) {
            byte[] good = InBackend.request(HostProbe.class, "add", 1L, 2L).encode();
            byte[] truncated = java.util.Arrays.copyOf(good, good.length / 2);
            byte[] garbage = new byte[200];
            new java.util.Random(7).nextBytes(garbage);
            for (byte[] frame : List.of(new byte[0], truncated, garbage)) {
                assertThatThrownBy(() -> InBackend.invokeRaw(c, frame))
                        .isInstanceOfSatisfying(PSQLException.class, e -> {
                            assertThat(e.getSQLState()).isEqualTo("08P01");
                            assertThat(e.getMessage()).contains("invalid Wormhole request frame");
                        });
                assertUsable(c);
            }
            assertThat(InBackend.call(c, HostProbe.class, "add", 1L, 2L)).isEqualTo(3L);
        }
    }

    @Test
    void eightBackendsRunCallsAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<List<Integer>>> clients = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                clients.add(() -> {
                    try (Connection c = trusted()) {
                        int pid = pid(c);
                        List<Integer> sums = new ArrayList<>();
                        for (int k = 0; k < 25; k++) {
                            assertThat(InBackend.call(c, HostProbe.class, "backendPid")).isEqualTo(pid);
                            sums.add((Integer) InBackend.call(c, HostProbe.class, "sum", n * 100 + k));
                        }
                        return sums;
                    } catch (Throwable t) {
                        throw new AssertionError(t);
                    }
                });
            }
            List<Future<List<Integer>>> results = pool.invokeAll(clients, 120, TimeUnit.SECONDS);
            for (int i = 0; i < 8; i++) {
                List<Integer> sums = results.get(i).get();
                for (int k = 0; k < 25; k++) {
                    int n = i * 100 + k;
                    assertThat(sums.get(k)).isEqualTo(n * (n + 1) / 2);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBackendWithAJvmExitsPromptlyWhenItsClientLeaves() throws Throwable {
        int pid;
        try (Connection c = trusted()) {
            pid = pid(c);
            InBackend.call(c, HostProbe.class, "sum", 3);
        }
        assertThat(Stops.awaitExit(pid, Duration.ofSeconds(5))).as("backend %d still alive 5 s after its client left",
                pid).isTrue();
    }

    @Test
    void systemExitInJavaEndsOnlyThatBackendWithAFatal() throws Throwable {
        long logFrom = PostgresCluster.shared().logSize();
        try (Connection c = trusted(); Bystander other = Bystander.watch(trusted())) {
            InBackend.call(other.connection(), HostProbe.class, "sum", 3);
            int pid = pid(c);
            assertThatThrownBy(() -> InBackend.call(c, HostProbe.class, "exit", 3))
                    .isInstanceOf(PSQLException.class);
            assertThat(Stops.awaitExit(pid, Duration.ofSeconds(5))).as("backend %d is gone", pid).isTrue();
            assertThat(PostgresCluster.shared().logSince(logFrom).lines()
                    .filter(l -> l.contains("[" + pid + "] FATAL:")))
                    .as("the server log's FATAL for backend %d", pid)
                    .singleElement().asString().containsPattern("(?i)java vm.*exit");
            other.assertUndisturbed();
            assertUsable(other.connection());
            assertThat(InBackend.call(other.connection(), HostProbe.class, "sum", 4)).isEqualTo(10);
        }
        try (Connection fresh = trusted()) {
            assertUsable(fresh);
        }
    }
}
