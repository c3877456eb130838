package io.wormhole.benchmarks;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The head start every way of a benchmark gets before JMH's warm-up, the same for all: its own benchmark method,
 * without delay, back to back for a fixed time. A fresh backend's first @Remote call (JVM start, bundle shipped and
 * verified) takes a few hundred milliseconds, then its JVM compiles while the client's fresh JVM does, both on the
 * same two cores as the calls: measured call by call (when the server compiled with C1 alone), a one-lookup @Remote
 * call in a fresh client and backend settled (client and backend CPU per call no longer falling) about 4 s after the
 * first call; 1.5 s of priming left JMH measuring code still being compiled, at twice the steady cost on both
 * sides. The plain pgJDBC and PL/pgSQL ways run their own statements for as long, so that plans are cached and
 * both JVMs warm on every side alike.
 */
final class Priming {
    static final long MILLIS = 6000;

    private Priming() {}

    /** Calls {@code benchmarks}' method of the running benchmark on {@code link} for {@link #MILLIS}. */
    static void prime(Object benchmarks, Link link, BenchmarkParams running) throws Exception {
        String name = running.getBenchmark().substring(running.getBenchmark().lastIndexOf('.') + 1);
        Method own = benchmarks.getClass().getMethod(name, Link.class);
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MILLIS);
        try {
            while (System.nanoTime() < end) {
                own.invoke(benchmarks, link);
            }
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
