package io.wormhole.benchmarks;

import com.example.bench.Mixed;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * What the agent adds to an application's start: a JVM that starts, runs a {@code main} and exits, with and without
 * {@code -javaagent} (single shot, a process per sample). {@code Plain} has no {@code @Remote} method, so the agent
 * only scans class files; {@code Mixed} has one, so the agent weaves it.
 */
@State(Scope.Benchmark)
public class AgentStartBench {
    @Param({"without", "with"})
    public String agent;

    @Param({"Plain", "Mixed"})
    public String app;

    @Benchmark
    public int jvmStart() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (agent.equals("with")) {
            command.add("-javaagent:" + System.getProperty("bench.agent"));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                Mixed.class.getPackageName() + "." + app));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        int rc = p.waitFor();
        if (rc != 0) {
            throw new IllegalStateException("the started JVM failed (exit " + rc + "): " + output);
        }
        return rc;
    }
}
