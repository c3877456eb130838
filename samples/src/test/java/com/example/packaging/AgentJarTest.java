package com.example.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.wormhole.testing.PostgresCluster;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The agent jar as an application gets it (issue 13, item 5): everything in it is Wormhole's, third-party code
 * relocated under {@code io.wormhole.shaded}, so an application's own Kryo or ASM never meets ours; and it
 * works alone, on JDK 17 and on JDK 25, where the client prints no {@code sun.misc.Unsafe} warning.
 */
@ExtendWith(PostgresCluster.class)
class AgentJarTest {
    private static final Path AGENT_JAR = Path.of("../agent/target/wormhole-agent.jar").toAbsolutePath().normalize();
    /** The newest JDK the client is tested on; -Dwormhole.test.jdk25 points elsewhere. */
    private static final Path JDK_25 = Path.of(System.getProperty("wormhole.test.jdk25",
            "/usr/lib/jvm/temurin-25-jdk-amd64"));

    /** The Apache-licensed code the jar carries relocated (Objenesis) keeps its licence and NOTICE, ASM its licence. */
    @Test
    void theBundledLibrariesKeepTheirLicenceAndNotice() throws Exception {
        try (JarFile jar = new JarFile(AGENT_JAR.toFile())) {
            assertThat(text(jar, "META-INF/NOTICE")).contains("Objenesis");
            assertThat(text(jar, "META-INF/LICENSE")).contains("Apache License");
            assertThat(text(jar, "META-INF/licenses/ASM")).contains("INRIA, France Telecom");
        }
    }

    private static String text(JarFile jar, String name) throws java.io.IOException {
        ZipEntry entry = jar.getEntry(name);
        assertThat(entry).as(name).isNotNull();
        try (var in = jar.getInputStream(entry)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void everyEntryOutsideMetaInfBelongsToWormhole() throws Exception {
        assertThat(AGENT_JAR).as("the agent jar (./wormhole build makes it)").exists();
        List<String> foreign = new ArrayList<>();
        int shaded = 0;
        try (JarFile jar = new JarFile(AGENT_JAR.toFile())) {
            for (ZipEntry e : jar.stream().toList()) {
                String name = e.getName();
                if (name.startsWith("io/wormhole/shaded/") && name.endsWith(".class")) {
                    shaded++;
                }
                if (!name.startsWith("META-INF/") && !name.startsWith("io/wormhole/") && !name.equals("io/")) {
                    foreign.add(name);
                }
            }
        }
        assertThat(foreign).as("entries outside io/wormhole and META-INF").isEmpty();
        assertThat(shaded).as("relocated third-party classes (ASM, Kryo and Objenesis: hundreds)").isGreaterThan(300);
    }

    @Test
    void theAgentJarAloneRunsCallsOnJdk17() throws Exception {
        Run run = run(Path.of(System.getProperty("java.home")));
        assertRan(run);
    }

    @Test
    void onJdk25TheClientPrintsNoUnsafeWarning() throws Exception {
        assertThat(JDK_25.resolve("bin/java")).as("a JDK 25 to run the client on").exists();
        Run run = run(JDK_25);
        assertRan(run);
        assertThat(run.err()).doesNotContain("sun.misc.Unsafe");
    }

    private static void assertRan(Run run) {
        assertThat(run.out()).as(run.toString()).contains("total " + (Math.PI + 4), "priced 5.0", "talked 3");
        assertThat(run.err()).as("the call's NOTICEs, logged").contains("printed for Ada", "raised in SQL");
    }

    private record Run(String out, String err) {}

    /** Runs {@link AgentOnlyApp} with the agent and a class path of the application's classes and pgJDBC. */
    private static Run run(Path javaHome) throws Exception {
        String pgjdbc = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> Path.of(p).getFileName().toString().startsWith("postgresql-")).findFirst().orElseThrow();
        String classPath = String.join(File.pathSeparator, Path.of("target/test-classes").toAbsolutePath().toString(),
                Path.of("target/classes").toAbsolutePath().toString(), pgjdbc);
        List<String> command = List.of(javaHome.resolve("bin/java").toString(), "-javaagent:" + AGENT_JAR, "-cp",
                classPath, AgentOnlyApp.class.getName(), PostgresCluster.url());
        Process p = new ProcessBuilder(command).start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        Run run = new Run(out, err.get(120, TimeUnit.SECONDS));
        assertThat(p.exitValue()).as(run.toString()).isZero();
        return run;
    }
}
