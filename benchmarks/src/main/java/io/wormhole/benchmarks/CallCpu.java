package io.wormhole.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * The CPU time one measurement iteration of calls used, on both sides of the connection: the client's benchmark
 * thread (ThreadMXBean) and the backend process, all its threads, its JVM's included ({@code utime + stime} of
 * {@code /proc/<pid>/stat}, which needs the benchmark to run on the database's host). Each iteration appends one line
 * to the file named by {@code -Dbench.cpu}, which the run reads back ({@link CallCostFigures#collectCpu}).
 */
final class CallCpu {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Path stat;
    private final long nanosPerTick;
    private long clientStart;
    private long backendStart;
    private long excluded;
    private long calls;

    CallCpu(int backendPid) {
        this.stat = Path.of("/proc", Integer.toString(backendPid), "stat");
        this.nanosPerTick = 1_000_000_000L / clockTicksPerSecond();
    }

    void start() {
        excluded = 0;
        calls = 0;
        backendStart = backendNanos();
        clientStart = THREADS.getCurrentThreadCpuTime();
    }

    /** One call made. */
    void count() {
        calls++;
    }

    /** Client CPU spent inside the iteration but not on a call (the wait before a call after an idle gap). */
    void exclude(long clientNanos) {
        excluded += clientNanos;
    }

    /** Writes the iteration's line for the benchmark {@code key}. */
    void finish(String key) {
        long client = THREADS.getCurrentThreadCpuTime() - clientStart - excluded;
        long backend = backendNanos() - backendStart;
        String file = System.getProperty("bench.cpu");
        if (file == null || calls == 0) {
            return;
        }
        try {
            Files.writeString(Path.of(file), String.format(Locale.ROOT, "%s\t%d\t%d\t%d%n", key, calls, client,
                    backend), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long clientNanos() {
        return THREADS.getCurrentThreadCpuTime();
    }

    private long backendNanos() {
        try {
            String line = Files.readString(stat, StandardCharsets.US_ASCII);
            // The command name in parentheses may hold spaces; utime and stime are the 12th and 13th fields after it.
            String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * nanosPerTick;
        } catch (IOException e) {
            throw new UncheckedIOException("the backend's CPU time cannot be read from " + stat, e);
        }
    }

    private static long clockTicksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("getconf CLK_TCK failed: " + out);
            }
            return Long.parseLong(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
