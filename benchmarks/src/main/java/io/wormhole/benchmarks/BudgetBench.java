package io.wormhole.benchmarks;

import com.example.bench.TightLoop;
import io.wormhole.server.sandbox.Instrumenter;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the budget's polls (method entries and backward branches) cost on a tight arithmetic loop: the same class as
 * compiled and as the sandbox loader defines it, under C2 (the JDK's and the server's default) and C1 only (the tier the server's JVM starts in).
 */
@State(Scope.Benchmark)
public class BudgetBench {
    private static final int ITERATIONS = 1_000_000;

    @Param({"compiled", "instrumented"})
    public String variant;

    private MethodHandle mix;

    @Setup
    public void define() throws Throwable {
        byte[] bytes;
        try (InputStream in = TightLoop.class.getResourceAsStream("TightLoop.class")) {
            bytes = in.readAllBytes();
        }
        byte[] defined = variant.equals("instrumented") ? Instrumenter.instrument(bytes) : bytes;
        Class<?> c = new OneClassLoader(TightLoop.class.getName(), defined).loadClass(TightLoop.class.getName());
        mix = MethodHandles.publicLookup().findStatic(c, "mix", MethodType.methodType(long.class, int.class));
    }

    @Benchmark
    public long c2() throws Throwable {
        return (long) mix.invokeExact(ITERATIONS);
    }

    @Benchmark
    @Fork(jvmArgsPrepend = "-XX:TieredStopAtLevel=1")
    public long c1() throws Throwable {
        return (long) mix.invokeExact(ITERATIONS);
    }

    /** Defines one class from the given bytes; everything else comes from the parent. */
    private static final class OneClassLoader extends ClassLoader {
        private final String name;
        private final byte[] bytes;

        OneClassLoader(String name, byte[] bytes) {
            super(BudgetBench.class.getClassLoader());
            this.name = name;
            this.bytes = bytes;
        }

        @Override
        protected Class<?> loadClass(String n, boolean resolve) throws ClassNotFoundException {
            if (!n.equals(name)) {
                return super.loadClass(n, resolve);
            }
            synchronized (getClassLoadingLock(n)) {
                Class<?> c = findLoadedClass(n);
                return c != null ? c : defineClass(n, bytes, 0, bytes.length);
            }
        }
    }

}
