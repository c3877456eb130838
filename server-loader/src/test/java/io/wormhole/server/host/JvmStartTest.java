package io.wormhole.server.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.hostprobe.PureProbe;
import io.wormhole.server.testing.InBackend;
import io.wormhole.testing.PostgresCluster;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
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

    /** A backend may run JDK 25 (Temurin's, on this machine): its calls work and it warns of no sun.misc.Unsafe. */
    @Test
    void aBackendOnJdk25RunsCallsWithoutUnsafeWarnings() throws Throwable {
        java.nio.file.Path libjvm = java.nio.file.Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/lib/server/libjvm.so");
        assertThat(libjvm).as("a JDK 25 for the backend").exists();
        long offset = java.nio.file.Files.size(PostgresCluster.logFile());
        try (Connection c = PostgresCluster.connect()) {
            try (Statement st = c.createStatement()) {
                st.execute("SET wormhole.libjvm_path = '" + libjvm + "'");
            }
            assertThat(InBackend.call(c, PureProbe.class, "add", 20L, 22L)).isEqualTo(42L);
            assertThat(InBackend.call(c, PureProbe.class, "regexStillWorks", "a,b")).isNotNull();
            try (Statement st = c.createStatement(); var rs = st.executeQuery(
                    "SELECT pg_catalog.current_setting('wormhole.libjvm_path')")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(libjvm.toString());
            }
        }
        byte[] log = java.nio.file.Files.readAllBytes(PostgresCluster.logFile());
        String since = new String(log, (int) offset, log.length - (int) offset, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(since).doesNotContain("sun.misc.Unsafe");
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
            cluster.stop("fast", Duration.ofSeconds(30));
            cluster.start("shared_preload_libraries=''");
            try (Connection c = cluster.connect()) {
                assertThatThrownBy(() -> InBackend.call(c, PureProbe.class, "add", 1L, 1L))
                        .isInstanceOfSatisfying(PSQLException.class, e -> {
                            assertThat(e.getSQLState()).isEqualTo("55000");
                            assertThat(e.getServerErrorMessage().getHint()).contains("shared_preload_libraries");
                        });
                try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT 1")) {
                    assertThat(rs.next()).isTrue();
                }
            }
            cluster.stop("fast", Duration.ofSeconds(30));
            cluster.start();
            try (Connection c = cluster.connect()) {
                assertThat(InBackend.call(c, PureProbe.class, "add", 20L, 22L)).isEqualTo(42L);
            }
        }
    }
}
