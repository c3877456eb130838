package io.wormhole.server.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.hostprobe.PureProbe;
import com.example.jdbcprobe.JdbcProbe;
import io.wormhole.server.testing.InBackend;
import io.wormhole.testing.PostgresCluster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The class-data archive {@code make install} builds next to the loader's jar: the default JVM options use it, and a
 * backend whose archive is missing, was made for another jar, or is not an archive at all still starts and calls
 * (HotSpot's {@code -Xshare:auto} falls back to loading from the jar). Which source each class came from is read from
 * the JVM's own class-loading log, written by the backend into the cluster's folder.
 */
@ExtendWith(PostgresCluster.class)
class ClassArchiveTest {
    private static final String ARCHIVED = "source: shared objects file";
    private static final String ARCHIVE_NAME = "wormhole-server-loader.jsa";

    /** Where the server's user may write, and this test may read. */
    private static Path clusterDir() {
        return PostgresCluster.logFile().getParent();
    }

    private static String setting(Connection c, String name) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_setting('" + name
                + "')")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void set(Connection c, String name, String value) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET " + name + " = '" + value.replace("'", "''") + "'");
        }
    }

    /**
     * Starts this connection's JVM with {@code jvmOptions} plus a class-loading log, makes a call through the
     * verifier and the sandbox, and returns the lines the log has for the host's classes.
     */
    private static List<String> startAndCall(Connection c, String jvmOptions) throws Throwable {
        return startAndCall(c, jvmOptions, () -> assertThat(InBackend.call(c, PureProbe.class, "add", 20L, 22L))
                .isEqualTo(42L));
    }

    private interface FirstCall {
        void run() throws Throwable;
    }

    /** The same, with another first call; the lines are those for the host's classes and pgJDBC's. */
    private static List<String> startAndCall(Connection c, String jvmOptions, FirstCall call) throws Throwable {
        Path log = clusterDir().resolve("class-load-" + UUID.randomUUID() + ".log");
        set(c, "wormhole.jvm_options", jvmOptions + " -Xlog:class+load=info:file=" + log);
        call.run();
        try {
            return Files.readAllLines(log).stream()
                    .filter(line -> line.contains(" io.wormhole.server.") || line.contains(" org.postgresql."))
                    .toList();
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String lineOf(List<String> loaded, String className) {
        return loaded.stream().filter(line -> line.contains("] " + className + " source:")).findFirst()
                .orElseThrow(() -> new AssertionError(className + " was not loaded: " + loaded));
    }

    @Test
    void theDefaultOptionsLoadTheHostFromTheInstalledArchive() throws Throwable {
        try (Connection c = PostgresCluster.connect()) {
            String defaults = setting(c, "wormhole.jvm_options");
            assertThat(defaults).contains("-XX:SharedArchiveFile=").contains(ARCHIVE_NAME);
            List<String> loaded = startAndCall(c, defaults);
            // The entry point, the call path, the verifier's rules, the sandbox and the JDBC layer.
            for (String name : List.of("io.wormhole.server.Entry", "io.wormhole.server.call.Dispatcher",
                    "io.wormhole.server.call.BundleClassLoader", "io.wormhole.server.verify.Allowlist",
                    "io.wormhole.server.sandbox.Budget", "io.wormhole.server.jdbc.SpiConnection")) {
                assertThat(lineOf(loaded, name)).contains(ARCHIVED);
            }
        }
    }

    /** A first call that reads json, interval and point values finds pgJDBC's classes in the archive too. */
    @Test
    void pgJdbcValueClassesComeFromTheArchive() throws Throwable {
        try (Connection c = PostgresCluster.connect()) {
            List<String> loaded = startAndCall(c, setting(c, "wormhole.jvm_options"), () -> assertThat(
                    InBackend.call(c, JdbcProbe.class, "describe", null, "SELECT '1 day'::interval, '{}'::json,"
                            + " '(1,2)'::point").toString()).contains("org.postgresql.util.PGInterval"));
            for (String name : List.of("org.postgresql.util.PGobject", "org.postgresql.util.PGInterval",
                    "org.postgresql.geometric.PGpoint")) {
                assertThat(lineOf(loaded, name)).contains(ARCHIVED);
            }
        }
    }

    /**
     * Linking a lambda makes method handles, each needing a lambda form of its shape: one the archive's holder
     * classes lack is spun as a class of its own, 1-7 ms of a backend's start each (19 in a first call before
     * {@code LambdaSites} listed the host's shapes). The JDK says which it looked for, and whether the holders had
     * it, with {@code TRACE_RESOLVE}: a first call that runs statements finds every one, whether it ships a new
     * bundle or names a stored one (a backend then links the host's lambdas in another order, and some before the
     * classes they call are initialized).
     */
    @Test
    void aFirstCallFindsEveryLambdaFormInTheArchive() throws Throwable {
        String sql = "SELECT 1::bigint, now()";
        try (Connection c = PostgresCluster.connect()) {
            assertThat(tracedLambdaForms(c, () -> InBackend.call(c, JdbcProbe.class, "describe", null, sql)))
                    .noneMatch(line -> line.endsWith("(fail)"));
        }
        try (Connection c = PostgresCluster.connect()) {
            assertThat(tracedLambdaForms(c, () -> InBackend.callStored(c, JdbcProbe.class, "describe", null, sql)))
                    .noneMatch(line -> line.endsWith("(fail)"));
        }
    }

    /** The lambda forms a fresh backend's JVM looked for while {@code call} ran its first call. */
    private static List<String> tracedLambdaForms(Connection c, ThrowingCall call) throws Throwable {
        long offset = Files.size(PostgresCluster.logFile());
        set(c, "wormhole.jvm_options", setting(c, "wormhole.jvm_options")
                + " -Djava.lang.invoke.MethodHandle.TRACE_RESOLVE=true");
        assertThat(call.run().toString()).contains("java.lang.Long");
        List<String> resolved;
        try (InputStream in = Files.newInputStream(PostgresCluster.logFile())) {
            in.skipNBytes(offset);
            resolved = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> line.startsWith("[LF_RESOLVE]")).toList();
        }
        assertThat(resolved).as("the JVM traced its lambda forms").isNotEmpty();
        return resolved;
    }

    private interface ThrowingCall {
        Object run() throws Throwable;
    }

    @Test
    void aMissingArchiveStillStartsFromTheJar() throws Throwable {
        try (Connection c = PostgresCluster.connect()) {
            String options = setting(c, "wormhole.jvm_options").replace(ARCHIVE_NAME, "no-such-archive.jsa");
            assertThat(lineOf(startAndCall(c, options), "io.wormhole.server.Entry")).doesNotContain(ARCHIVED)
                    .contains("source: file:");
        }
    }

    /** The archive records the jar it was made from (path, size, time): another jar's classes come from that jar. */
    @Test
    void anArchiveOfAnotherJarStillStartsFromTheJar() throws Throwable {
        try (Connection c = PostgresCluster.connect()) {
            Path copy = clusterDir().resolve("loader-copy-" + UUID.randomUUID() + ".jar");
            Files.copy(Path.of(setting(c, "wormhole.classpath")), copy);
            try {
                set(c, "wormhole.classpath", copy.toString());
                assertThat(lineOf(startAndCall(c, setting(c, "wormhole.jvm_options")), "io.wormhole.server.Entry"))
                        .doesNotContain(ARCHIVED).contains(copy.toString());
            } finally {
                Files.deleteIfExists(copy);
            }
        }
    }

    @Test
    void aFileThatIsNoArchiveStillStartsFromTheJar() throws Throwable {
        try (Connection c = PostgresCluster.connect()) {
            String options = setting(c, "wormhole.jvm_options");
            Path bogus = clusterDir().resolve("bogus-" + UUID.randomUUID() + ".jsa");
            Files.write(bogus, "not a class-data archive".repeat(200).getBytes());
            try {
                String pointed = options.replaceAll("-XX:SharedArchiveFile=\\S+", "-XX:SharedArchiveFile=" + bogus);
                assertThat(pointed).contains(bogus.toString());
                assertThat(lineOf(startAndCall(c, pointed), "io.wormhole.server.Entry")).doesNotContain(ARCHIVED)
                        .contains("source: file:");
            } finally {
                Files.deleteIfExists(bogus);
            }
        }
    }

    /** A jar replaced in place after the archive was made (same path, other bytes and time): the jar wins. */
    @Test
    void anArchiveOlderThanItsJarStillStartsFromTheJar() throws Throwable {
        try (Connection c = PostgresCluster.connect()) {
            Path jar = copyOfTheLoader(c, "stale-");
            Path dir = jar.getParent();
            Path archive = dir.resolve(ARCHIVE_NAME);
            try {
                dumpArchive(jar, archive);
                // Rewritten with one more entry: the archive now describes a jar that is no longer there.
                Files.copy(Path.of(setting(c, "wormhole.classpath")), jar, StandardCopyOption.REPLACE_EXISTING);
                try (var zip = java.nio.file.FileSystems.newFileSystem(jar)) {
                    Files.writeString(zip.getPath("stale-marker.txt"), "newer than the archive");
                }
                set(c, "wormhole.classpath", jar.toString());
                String options = setting(c, "wormhole.jvm_options")
                        .replaceAll("-XX:SharedArchiveFile=\\S+", "-XX:SharedArchiveFile=" + archive);
                assertThat(lineOf(startAndCall(c, options), "io.wormhole.server.Entry")).doesNotContain(ARCHIVED)
                        .contains(jar.toString());
            } finally {
                deleteDirectory(dir);
            }
        }
    }

    /**
     * Restoring an archived class writes into the archive's pages, which the backend maps private: rather than one
     * copy-on-write fault per page as a first call reaches them (dear in a virtual machine), the host copies the
     * writable part in one go while the JVM starts. The backend's memory map then shows all of it private and dirty
     * after a call that alone writes to most, not all, of its pages.
     */
    @Test
    void aStartCopiesTheArchivesWritablePartAtOnce() throws Throwable {
        try (Connection c = PostgresCluster.connect()) {
            assertThat(writableArchiveMappingsAfterAFirstCall(c, ARCHIVE_NAME)).isNotEmpty();
        }
    }

    /**
     * The copy while the JVM starts looks where an archive dumped with the default base is mapped; one dumped for
     * another base is still copied, once the JVM has started.
     */
    @Test
    void anArchiveMappedElsewhereIsCopiedOnceTheJvmStarted() throws Throwable {
        try (Connection c = PostgresCluster.connect()) {
            Path jar = copyOfTheLoader(c, "based-");
            Path dir = jar.getParent();
            Path archive = dir.resolve("elsewhere.jsa");
            try {
                dumpArchive(jar, archive, "-XX:SharedBaseAddress=0x900000000");
                set(c, "wormhole.classpath", jar.toString());
                set(c, "wormhole.jvm_options", setting(c, "wormhole.jvm_options")
                        .replaceAll("-XX:SharedArchiveFile=\\S+", "-XX:SharedArchiveFile=" + archive));
                assertThat(writableArchiveMappingsAfterAFirstCall(c, archive.getFileName().toString()))
                        .allMatch(header -> header.startsWith("9"), "mapped at the archive's own base, 0x900000000")
                        .isNotEmpty();
            } finally {
                deleteDirectory(dir);
            }
        }
    }

    /**
     * Makes a first call on {@code c} and returns the backend's writable mappings of the archive named
     * {@code archiveName}, each checked to be wholly private and dirty.
     */
    private static List<String> writableArchiveMappingsAfterAFirstCall(Connection c, String archiveName)
            throws Throwable {
        int pid;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            pid = rs.getInt(1);
        }
        assertThat(InBackend.call(c, PureProbe.class, "add", 20L, 22L)).isEqualTo(42L);
        List<String> smaps = Files.readAllLines(Path.of("/proc", Integer.toString(pid), "smaps"));
        List<String> writable = new ArrayList<>();
        for (int i = 0; i < smaps.size(); i++) {
            String header = smaps.get(i);
            if (header.contains(" rw-p ") && header.endsWith(archiveName)) {
                writable.add(header);
                long size = kilobytes(smaps, i, "Size:");
                assertThat(kilobytes(smaps, i, "Private_Dirty:")).as("private dirty kB of %d in %s", size, header)
                        .isEqualTo(size);
            }
        }
        return writable;
    }

    /** The value of field {@code name} in the smaps entry whose header is at {@code header}. */
    private static long kilobytes(List<String> smaps, int header, String name) {
        for (int i = header + 1; i < smaps.size(); i++) {
            String line = smaps.get(i);
            if (line.startsWith(name)) {
                return Long.parseLong(line.substring(name.length()).replace("kB", "").strip());
            }
        }
        throw new AssertionError(name + " missing after " + smaps.get(header));
    }

    /**
     * An archive of {@code jar}, made as {@code make install} makes it (with {@code dumpOptions} added), readable by
     * the server.
     */
    private static void dumpArchive(Path jar, Path archive, String... dumpOptions)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path list = archive.resolveSibling("classes.list");
        run(java, "-XX:DumpLoadedClassList=" + list, "-Djava.class.path=" + jar, "io.wormhole.server.call.Training");
        List<String> dump = new ArrayList<>(List.of(java, "-Xshare:dump", "-XX:SharedClassListFile=" + list,
                "-XX:SharedArchiveFile=" + archive, "-Djava.class.path=" + jar));
        dump.addAll(List.of(dumpOptions));
        run(dump.toArray(String[]::new));
        assertThat(archive).isReadable();
    }

    /** A copy of the installed loader jar, in a directory of its own under the cluster's. */
    private static Path copyOfTheLoader(Connection c, String dirPrefix) throws SQLException, IOException {
        Path dir = clusterDir().resolve(dirPrefix + UUID.randomUUID());
        Files.createDirectories(dir);
        Path jar = dir.resolve("wormhole-server-loader.jar");
        Files.copy(Path.of(setting(c, "wormhole.classpath")), jar);
        return jar;
    }

    /** Deletes {@code dir} and the files in it. */
    private static void deleteDirectory(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(output).isZero();
    }
}
