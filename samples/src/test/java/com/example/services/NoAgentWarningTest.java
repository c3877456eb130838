package com.example.services;

import static org.assertj.core.api.Assertions.assertThat;

import io.wormhole.testing.PostgresCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A JVM without the agent runs {@code @Remote} methods as plain Java: the runtime says so once, on stderr and to the
 * {@code System.Logger} {@code io.wormhole}, unless {@code -Dwormhole.mode=local} says it is intended (issue 13,
 * item 4). Each case is an application started in a JVM of its own, as a user starts one.
 */
@ExtendWith(PostgresCluster.class)
class NoAgentWarningTest {
    private static final Path AGENT_JAR = Path.of("../agent/target/wormhole-agent.jar").toAbsolutePath().normalize();
    private static final String WARNING = "Wormhole: this JVM runs without the agent";

    private record Run(String out, String err) {
        /** The lines printed to stderr by the runtime itself, and those the System.Logger's default handler printed. */
        long printed() {
            return err.lines().filter(l -> l.startsWith(WARNING)).count();
        }

        long logged() {
            return err.lines().filter(l -> l.startsWith("WARNING: " + WARNING)).count();
        }
    }

    private static Run run(List<String> options, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path")));
        command.addAll(options);
        command.add(NoAgentApp.class.getName());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        // Read both streams to their end: a child blocked on a full pipe would never exit.
        var err = new java.util.concurrent.CompletableFuture<String>();
        Thread reader = new Thread(() -> {
            try {
                err.complete(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                err.completeExceptionally(e);
            }
        });
        reader.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        Run run = new Run(out, err.get(120, TimeUnit.SECONDS));
        assertThat(p.exitValue()).as(run.toString()).isZero();
        return run;
    }

    @Test
    void aJvmWithoutTheAgentWarnsOnceWhenJdbcStartsAndTheMethodsRunLocally() throws Exception {
        Run run = run(List.of(), "jdbc", PostgresCluster.url());
        assertThat(run.printed()).as(run.err()).isEqualTo(1);
        assertThat(run.logged()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).contains("noticed when JDBC loaded its drivers", "-javaagent:wormhole-agent.jar",
                "-Dwormhole.mode=local");
        assertThat(run.out()).as("both calls ran in the client").doesNotContain("wormhole.invoke")
                .contains("eu:", "us:");
    }

    /** pgJDBC's data sources open connections through DriverManager, which loads the drivers, ours included. */
    @Test
    void anApplicationOnPgJdbcsDataSourceWithoutTheAgentWarnsOnce() throws Exception {
        Run run = run(List.of(), "datasource", PostgresCluster.url());
        assertThat(run.printed()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).contains("noticed when JDBC loaded its drivers");
        assertThat(run.out()).as("both calls ran in the client").doesNotContain("wormhole.invoke")
                .contains("eu:", "us:");
    }

    @Test
    void configuringADataSourceWithoutTheAgentWarnsOnce() throws Exception {
        Run run = run(List.of(), "configure", PostgresCluster.url());
        assertThat(run.printed()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).contains("noticed when Wormhole.configure was called");
        assertThat(run.out()).as("the method then ran here").contains("only available inside a @Remote method");
    }

    @Test
    void aMethodReachingForItsConnectionWithoutTheAgentWarnsAndSaysWhy() throws Exception {
        Run run = run(List.of(), "connection");
        assertThat(run.printed()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).contains("noticed when Wormhole.connection() was called outside a call");
        assertThat(run.out()).contains("only available inside a @Remote method");
    }

    @Test
    void localModeSaysRunningHereIsIntended() throws Exception {
        Run run = run(List.of("-Dwormhole.mode=local"), "jdbc", PostgresCluster.url());
        assertThat(run.err()).doesNotContain(WARNING);
        assertThat(run.out()).contains("eu:", "us:");
    }

    @Test
    void withTheAgentThereIsNoWarningAndTheMethodsRunInTheBackend() throws Exception {
        assertThat(AGENT_JAR).as("the agent jar (./wormhole build makes it)").exists();
        Run run = run(List.of("-javaagent:" + AGENT_JAR), "jdbc", PostgresCluster.url());
        assertThat(run.err()).doesNotContain(WARNING);
        assertThat(run.out()).contains("eu:wormhole.invoke", "us:wormhole.invoke");
    }
}
