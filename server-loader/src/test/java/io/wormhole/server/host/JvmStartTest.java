package io.wormhole.server.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.hostprobe.PureProbe;
import io.wormhole.server.testing.InBackend;
import io.wormhole.testing.PostgresCluster;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.util.PSQLException;

/** A JVM that cannot start is an ERROR naming the setting to fix, and the same backend may try again. */
@ExtendWith(PostgresCluster.class)
class JvmStartTest {

    private static void assertStartFails(Connection c, String setting, String value, String named) {
        assertThatThrownBy(() -> {
            try (Statement st = c.createStatement()) {
                st.execute("SET " + setting + " = '" + value + "'");
            }
            InBackend.call(c, PureProbe.class, "add", 1L, 1L);
        }).isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getServerErrorMessage().getHint())
                .as(e.getMessage()).contains(named));
    }

    private static void retry(Connection c, String setting) throws Throwable {
        try (Statement st = c.createStatement()) {
            st.execute("RESET " + setting);
        }
        assertThat(InBackend.call(c, PureProbe.class, "add", 20L, 22L)).isEqualTo(42L);
    }

    @Test
    void aWrongLibjvmPathNamesTheSettingAndMayBeFixed() throws Throwable {
        try (Connection c = PostgresCluster.connect()) {
            assertStartFails(c, "wormhole.libjvm_path", "/nonexistent/libjvm.so", "wormhole.libjvm_path");
            retry(c, "wormhole.libjvm_path");
        }
    }

    @Test
    void aWrongClasspathNamesTheSettingAndMayBeFixed() throws Throwable {
        try (Connection c = PostgresCluster.connect()) {
            assertStartFails(c, "wormhole.classpath", "/nonexistent/loader.jar", "wormhole.classpath");
            retry(c, "wormhole.classpath");
        }
    }

    private static final java.nio.file.Path JDK25 =
            java.nio.file.Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/lib/server/libjvm.so");

    /** A server may run its backends on JDK 25 (Temurin's, on this machine): calls work, with no Unsafe warning. */
    @Test
    void aServerOnJdk25RunsCallsWithoutUnsafeWarnings() throws Throwable {
        assertThat(JDK25).as("a JDK 25 for the backend").exists();
        try (PostgresCluster.Instance cluster = PostgresCluster.isolated("jdk25")) {
            cluster.stop("fast", Duration.ofSeconds(30));
            cluster.start("wormhole.libjvm_path=" + JDK25);
            long offset = cluster.logSize();
            try (Connection c = cluster.connect()) {
                assertThat(InBackend.call(c, PureProbe.class, "add", 20L, 22L)).isEqualTo(42L);
                assertThat(InBackend.call(c, PureProbe.class, "regexStillWorks", "a,b")).isNotNull();
                try (Statement st = c.createStatement(); var rs = st.executeQuery(
                        "SELECT pg_catalog.current_setting('wormhole.libjvm_path')")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo(JDK25.toString());
                }
            }
            assertThat(cluster.logSince(offset)).doesNotContain("sun.misc.Unsafe");
        }
    }

    /**
     * A server whose wormhole.libjvm_path is wrong when it starts still starts (the postmaster only logs that it could
     * not load the library), its calls name the setting, its sessions stay usable, and the right path then works.
     */
    @Test
    void aServerStartedWithAWrongLibjvmPathStartsAndItsCallsNameTheSetting() throws Throwable {
        try (PostgresCluster.Instance cluster = PostgresCluster.isolated("bad-libjvm")) {
            String log = failsUntilRestarted(cluster, "wormhole.libjvm_path=/nonexistent/libjvm.so",
                    e -> assertThat(e.getServerErrorMessage().getHint()).contains("wormhole.libjvm_path"));
            assertThat(log).contains("could not preload the Java VM library");
            assertThat(PostgresCluster.crashSign(log)).isNull();
        }
    }

    /**
     * The postmaster loads the Java VM library for all backends: a backend asked for another one refuses, naming
     * both and the restart it takes (loaded beside the first, a JDK 25's own libraries bound to the JDK 17 library
     * and the backend died, restarting every session); the same library under another name is the same library.
     */
    @Test
    void anotherJvmLibraryTakesARestart() throws Throwable {
        long offset = java.nio.file.Files.size(PostgresCluster.logFile());
        try (Connection c = PostgresCluster.connect()) {
            String preloaded;
            try (Statement st = c.createStatement(); var rs = st.executeQuery(
                    "SELECT pg_catalog.current_setting('wormhole.libjvm_path')")) {
                rs.next();
                preloaded = rs.getString(1);
            }
            assertThatThrownBy(() -> {
                try (Statement st = c.createStatement()) {
                    st.execute("SET wormhole.libjvm_path = '" + JDK25 + "'");
                }
                InBackend.call(c, PureProbe.class, "add", 1L, 1L);
            }).isInstanceOfSatisfying(PSQLException.class, e -> {
                assertThat(e.getSQLState()).isEqualTo("55P02");
                assertThat(e.getMessage()).contains(JDK25.toString()).contains(preloaded);
                assertThat(e.getServerErrorMessage().getHint()).contains("restart");
            });
            java.nio.file.Path link = PostgresCluster.logFile().resolveSibling("libjvm-" + System.nanoTime() + ".so");
            java.nio.file.Files.createSymbolicLink(link, java.nio.file.Path.of(preloaded));
            try {
                try (Statement st = c.createStatement()) {
                    st.execute("SET wormhole.libjvm_path = '" + link + "'");
                }
                assertThat(InBackend.call(c, PureProbe.class, "add", 20L, 22L)).isEqualTo(42L);
            } finally {
                java.nio.file.Files.delete(link);
            }
        }
        byte[] log = java.nio.file.Files.readAllBytes(PostgresCluster.logFile());
        assertThat(PostgresCluster.crashSign(new String(log, (int) offset, log.length - (int) offset,
                java.nio.charset.StandardCharsets.UTF_8))).isNull();
    }

    /** A JVM that failed inside JNI_CreateJavaVM cannot be made again in that process: a new connection can. */
    @Test
    void anUnknownJvmOptionNamesTheSettingAndANewConnectionWorks() throws Throwable {
        try (Connection c = PostgresCluster.connect()) {
            assertStartFails(c, "wormhole.jvm_options", "-XX:+NoSuchWormholeOption", "wormhole.jvm_options");
            try (Statement st = c.createStatement()) {
                st.execute("RESET wormhole.jvm_options");
            }
            assertThatThrownBy(() -> InBackend.call(c, PureProbe.class, "add", 1L, 1L))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getServerErrorMessage().getHint())
                            .contains("reconnect"));
            try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue();
            }
        }
        try (Connection fresh = PostgresCluster.connect()) {
            assertThat(InBackend.call(fresh, PureProbe.class, "add", 20L, 22L)).isEqualTo(42L);
        }
    }

    /** Shared memory is only granted at server start: loaded later, every call says how to fix it. */
    @Test
    void withoutPreloadingACallNamesSharedPreloadLibraries() throws Throwable {
        try (PostgresCluster.Instance cluster = PostgresCluster.isolated("no-preload")) {
            failsUntilRestarted(cluster, "shared_preload_libraries=''", e -> {
                assertThat(e.getSQLState()).isEqualTo("55000");
                assertThat(e.getServerErrorMessage().getHint()).contains("shared_preload_libraries");
            });
        }
    }

    /**
     * Restarts {@code cluster} with {@code setting}: a call fails as {@code failure} checks and its session stays
     * usable; restarted with the tests' defaults, a call works. Returns the server's log since the first restart.
     */
    private static String failsUntilRestarted(PostgresCluster.Instance cluster, String setting,
            Consumer<PSQLException> failure) throws Throwable {
        cluster.stop("fast", Duration.ofSeconds(30));
        long offset = cluster.logSize();
        cluster.start(setting);
        try (Connection c = cluster.connect()) {
            assertThatThrownBy(() -> InBackend.call(c, PureProbe.class, "add", 1L, 1L))
                    .isInstanceOfSatisfying(PSQLException.class, failure);
            try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue();
            }
        }
        cluster.stop("fast", Duration.ofSeconds(30));
        cluster.start();
        try (Connection c = cluster.connect()) {
            assertThat(InBackend.call(c, PureProbe.class, "add", 20L, 22L)).isEqualTo(42L);
        }
        return cluster.logSince(offset);
    }
}
