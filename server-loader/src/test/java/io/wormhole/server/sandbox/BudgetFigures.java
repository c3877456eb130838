package io.wormhole.server.sandbox;

import com.example.hostprobe.TightLoop;
import java.io.InputStream;
import java.lang.reflect.Method;

/**
 * What the budget's polls cost on a tight arithmetic loop: the same class defined as shipped (instrumented) and as
 * compiled, timed alternately in one JVM. Not a test: {@code java -cp ... io.wormhole.server.sandbox.BudgetFigures}.
 */
public final class BudgetFigures {
    private BudgetFigures() {}

    public static void main(String[] args) throws Exception {
        byte[] original;
        try (InputStream in = TightLoop.class.getResourceAsStream("TightLoop.class")) {
            original = in.readAllBytes();
        }
        Method plain = define(original).getMethod("mix", int.class);
        Method woven = define(Instrumenter.instrument(original)).getMethod("mix", int.class);
        int n = 50_000_000;
        for (int round = 0; round < 8; round++) {
            long tPlain = time(plain, n);
            long tWoven = time(woven, n);
            System.out.printf("round %d: compiled %.2f ns/iteration, instrumented %.2f ns/iteration, cost %+.1f %%%n",
                    round, tPlain / (double) n, tWoven / (double) n, 100.0 * (tWoven - tPlain) / tPlain);
        }
    }

    private static long time(Method m, int n) throws Exception {
        long t0 = System.nanoTime();
        Object r = m.invoke(null, n);
        long t = System.nanoTime() - t0;
        if (r.hashCode() == 42) {
            System.out.print("");
        }
        return t;
    }

    private static Class<?> define(byte[] bytes) throws Exception {
        ClassLoader loader = new ClassLoader(BudgetFigures.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.equals(TightLoop.class.getName())) {
                    synchronized (getClassLoadingLock(name)) {
                        Class<?> c = findLoadedClass(name);
                        return c != null ? c : defineClass(name, bytes, 0, bytes.length);
                    }
                }
                return super.loadClass(name, resolve);
            }
        };
        return Class.forName(TightLoop.class.getName(), true, loader);
    }
}
