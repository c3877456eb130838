package io.wormhole.benchmarks;

import com.example.bench.Mixed;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * What the agent costs a method that is not {@code @Remote}, in a class the agent has transformed because another of
 * its methods is. {@link BenchMain} runs this benchmark in a JVM with the agent and in one without.
 */
@State(Scope.Benchmark)
public class AgentBench {
    private int x = 17;

    @Benchmark
    public int ordinaryCall() {
        return Mixed.ordinary(x);
    }
}
