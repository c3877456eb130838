package io.wormhole.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * What the memory budget adds to a call on the server's JVM settings (SerialGC, C1 only): the heap counters
 * {@code io.wormhole.server.pg.HeapBudget} reads when a call starts (heap in use) and ends (committed heap), and what
 * a check under the limit reads (heap in use), which runs once per watchdog tick (10 ms) of a running call. The one
 * JNI read of {@code wormhole.call_memory_limit} per call is not here: it needs a backend. The alternative that was
 * not taken, {@code ThreadMXBean.getCurrentThreadAllocatedBytes}, is measured alongside.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsPrepend = {"-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"})
public class HeapBudgetBench {
    private static final Runtime RUNTIME = Runtime.getRuntime();
    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();

    /** A call's start and end: heap in use, then committed heap. */
    @Benchmark
    public long perCall() {
        long inUse = RUNTIME.totalMemory() - RUNTIME.freeMemory();
        return inUse + RUNTIME.totalMemory();
    }

    /** A check under the limit, once per watchdog tick of a running call. */
    @Benchmark
    public long perTick() {
        return RUNTIME.totalMemory() - RUNTIME.freeMemory();
    }

    @Benchmark
    public long threadAllocatedBytes() {
        return threads.getCurrentThreadAllocatedBytes();
    }
}
