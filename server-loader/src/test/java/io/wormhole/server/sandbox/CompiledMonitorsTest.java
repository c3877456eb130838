package io.wormhole.server.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Woven {@code synchronized} blocks are compiled. HotSpot compiles no method in which an instruction that can throw
 * while a monitor is held lies outside every handler that catches everything, and the trampolines through which the
 * weaving enters handlers are such instructions: before {@link ReleaseHandlers}, every woven {@code synchronized}
 * block stayed interpreted. A JVM of its own (compiling as each call asks, {@code -Xbatch}) runs the woven
 * {@link Locked} and prints what its compilers did; the methods must give what javac's own class gives.
 */
class CompiledMonitorsTest {
    /** javac's shapes of {@code synchronized} blocks. */
    public static final class Locked {
        private static final Object LOCK = new Object();
        private static int total;

        public static void reset() {
            total = 0;
        }

        public static int once(int i) {
            synchronized (LOCK) {
                total += i;
                return total;
            }
        }

        public static int nestedWithCatch(int i) {
            synchronized (LOCK) {
                synchronized (Locked.class) {
                    try {
                        total += Integer.parseInt((i & 7) == 0 ? "x" : "1");
                    } catch (NumberFormatException e) {
                        total--;
                    }
                    return total;
                }
            }
        }

        public static int withFinally(int i) {
            synchronized (LOCK) {
                try {
                    total += i;
                } finally {
                    total ^= 1;
                }
                return total;
            }
        }

        public static int catchAndFinallyInside(int i) {
            synchronized (LOCK) {
                try {
                    total += Integer.parseInt((i & 3) == 0 ? "x" : "2");
                } catch (NumberFormatException e) {
                    total -= 3;
                } finally {
                    total ^= 4;
                }
                return total;
            }
        }

        public static int resourceInside(int i) {
            synchronized (LOCK) {
                try (java.io.StringReader r = new java.io.StringReader("ab")) {
                    total += r.read() + i;
                } catch (java.io.IOException e) {
                    total = -1;
                }
                return total;
            }
        }

        public static int catchInFinallyInside(int i) {
            synchronized (LOCK) {
                try {
                    try {
                        total += i / (i & 3);
                    } catch (ArithmeticException e) {
                        total = total * 2 + 1;
                    }
                    total++;
                } finally {
                    total >>>= 1;
                }
                return total;
            }
        }

        public static int finallyAroundNested(int i) {
            long wide = i * 3L;
            double wider = i / 2.0;
            synchronized (LOCK) {
                try {
                    synchronized (Locked.class) {
                        total += (int) (wide + wider);
                    }
                } finally {
                    total ^= 8;
                }
                return total;
            }
        }

        public static synchronized int synchronizedMethod(int i) {
            try {
                total += Integer.parseInt((i & 1) == 0 ? "x" : "5");
            } catch (NumberFormatException e) {
                total++;
            }
            return total;
        }

        public static int loopInside(int i) {
            synchronized (LOCK) {
                for (int k = 0; k < (i & 15); k++) {
                    total += k;
                }
                return total;
            }
        }
    }

    private static final String[] METHODS = {"once", "nestedWithCatch", "withFinally", "catchAndFinallyInside",
        "resourceInside", "catchInFinallyInside", "finallyAroundNested", "synchronizedMethod", "loopInside"};
    private static final int CALLS = 30_000;

    /** Calls every method of the woven {@link Locked} {@link #CALLS} times each, and prints the sum of the results. */
    static final class Warm {
        public static void main(String[] args) throws Exception {
            byte[] woven = Instrumenter.instrument(original());
            Class<?> locked = new ClassLoader(Warm.class.getClassLoader()) {
                @Override
                protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                    return name.equals(Locked.class.getName()) ? defineClass(name, woven, 0, woven.length)
                            : super.loadClass(name, resolve);
                }
            }.loadClass(Locked.class.getName());
            System.out.println("sum " + run(locked));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"-XX:TieredStopAtLevel=1", "-XX:-TieredCompilation"})
    void wovenSynchronizedBlocksAreCompiledAndGiveJavacsResults(String compiler) throws Exception {
        List<String> out = runWarm(compiler);

        assertThat(out).as("the woven class's results").contains("sum " + run(Locked.class));
        assertThat(out).as("HotSpot's monitor analysis").noneMatch(line -> line.contains("Monitor mismatch"));
        for (String method : METHODS) {
            String name = "Locked::" + method + " ";
            assertThat(out).as("compilations of %s", method).anyMatch(line -> line.contains(name))
                    .noneMatch(line -> line.contains(name) && (line.contains("SKIPPED") || line.contains("not compilable")));
        }
    }

    private static long run(Class<?> locked) throws ReflectiveOperationException {
        locked.getDeclaredMethod("reset").invoke(null);
        long sum = 0;
        for (String name : METHODS) {
            Method m = locked.getDeclaredMethod(name, int.class);
            for (int i = 0; i < CALLS; i++) {
                sum += (int) m.invoke(null, i);
            }
        }
        return sum;
    }

    private static byte[] original() throws IOException {
        try (InputStream in = Locked.class.getResourceAsStream("CompiledMonitorsTest$Locked.class")) {
            return in.readAllBytes();
        }
    }

    private static List<String> runWarm(String compiler) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Not inlined into the reflective callers, so that each method is compiled on its own, and said so.
        List<String> command = new ArrayList<>(List.of(java, "-Xbatch", compiler, "-XX:+PrintCompilation",
                "-XX:CompileCommand=quiet", "-XX:CompileCommand=dontinline," + Locked.class.getName() + "::*",
                "-Xlog:monitormismatch=info", "-cp", System.getProperty("java.class.path"), Warm.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the JVM ended").isTrue();
        assertThat(p.exitValue()).as("exit status; output:%n%s", text).isZero();
        return text.lines().toList();
    }
}
