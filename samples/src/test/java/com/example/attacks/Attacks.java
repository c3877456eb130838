package com.example.attacks;

import io.wormhole.Remote;
import java.io.File;
import java.io.FileOutputStream;
import java.io.ObjectInputStream;
import java.lang.invoke.MethodHandles;
import java.lang.ref.Cleaner;
import java.net.Socket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.text.CompactNumberFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Scanner;
import java.util.ServiceLoader;
import java.util.TimeZone;
import java.util.Timer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Supplier;
import java.util.zip.ZipFile;

/**
 * Hostile {@code @Remote} methods, each trying one forbidden thing through one route. Shipped through the agent as
 * a user would ship them; every one must end in a clear exception on the client, with nothing done.
 */
public final class Attacks {
    private Attacks() {}

    public static final String MARKER = "/tmp/wormhole-attack-marker";

    @Remote public static Object exec(Connection c) throws Exception {
        return Runtime.getRuntime().exec(new String[] {"touch", MARKER});
    }

    @Remote public static Object processBuilder(Connection c) throws Exception {
        return new ProcessBuilder("touch", MARKER).start();
    }

    @Remote public static Object exit(Connection c) {
        System.exit(3);
        return null;
    }

    @Remote public static Object halt(Connection c) {
        Runtime.getRuntime().halt(3);
        return null;
    }

    @Remote public static Object getenv(Connection c) {
        return System.getenv("PATH");
    }

    @Remote public static Object getProperty(Connection c) {
        return System.getProperty("user.home");
    }

    @Remote public static Object setProperty(Connection c) {
        return System.setProperty("wormhole.attack", "yes");
    }

    @Remote public static Object integerGetInteger(Connection c) {
        return Integer.getInteger("wormhole.attack");
    }

    @Remote public static Object createFile(Connection c) throws Exception {
        return new File(MARKER).createNewFile();
    }

    @Remote public static Object filesWrite(Connection c) throws Exception {
        return Files.writeString(Path.of(MARKER), "x");
    }

    @Remote public static Object fileOutputStream(Connection c) throws Exception {
        try (FileOutputStream out = new FileOutputStream(MARKER)) {
            out.write(1);
        }
        return null;
    }

    @Remote public static Object zipFile(Connection c) throws Exception {
        return new ZipFile("/etc/passwd");
    }

    @Remote public static Object socket(Connection c) throws Exception {
        return new Socket("127.0.0.1", 22);
    }

    @Remote public static Object url(Connection c) throws Exception {
        return new URL("http://127.0.0.1/").openStream();
    }

    @Remote public static Object driverManager(Connection c) throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1/postgres");
    }

    /** pgJDBC's value classes are allowed inside a call; its driver is not: no connection out of the backend. */
    @Remote public static Object pgDriver(Connection c) throws Exception {
        return new org.postgresql.Driver().connect("jdbc:postgresql://127.0.0.1/postgres", new java.util.Properties());
    }

    @Remote public static Object pgDataSource(Connection c) throws Exception {
        org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setServerNames(new String[] {"127.0.0.1"});
        return ds.getConnection();
    }

    @Remote public static Object pgConnectionUnwrap(Connection c) throws Exception {
        return c.unwrap(org.postgresql.PGConnection.class).getNotifications();
    }

    @Remote public static Object pgLargeObjects(Connection c) throws Exception {
        return ((org.postgresql.PGConnection) c).getLargeObjectAPI().createLO();
    }

    @Remote public static Object thread(Connection c) {
        new Thread(() -> { }).start();
        return null;
    }

    @Remote public static Object executor(Connection c) {
        return Executors.newFixedThreadPool(2);
    }

    @Remote public static Object parallelStream(Connection c) {
        return List.of(1, 2, 3).parallelStream().mapToInt(i -> i).sum();
    }

    @Remote public static Object completableFuture(Connection c) {
        return CompletableFuture.runAsync(() -> { });
    }

    @Remote public static Object forkJoin(Connection c) {
        return ForkJoinPool.commonPool();
    }

    @Remote public static Object timer(Connection c) {
        return new Timer();
    }

    @Remote public static Object threadSleep(Connection c) throws Exception {
        Thread.sleep(100_000);
        return null;
    }

    @Remote public static Object objectWait(Connection c) throws Exception {
        Object lock = new Object();
        synchronized (lock) {
            lock.wait();
        }
        return null;
    }

    @Remote public static Object threadLocal(Connection c) {
        return new ThreadLocal<String>();
    }

    @Remote public static Object classForName(Connection c) throws Exception {
        String name = "java.lang." + "Run" + "time";
        return Class.forName(name);
    }

    @Remote public static Object classLoader(Connection c) {
        return Attacks.class.getClassLoader();
    }

    @Remote public static Object reflection(Connection c) throws Exception {
        return String.class.getDeclaredMethod("valueOf", Object.class).invoke(null, "x");
    }

    @Remote public static Object methodHandles(Connection c) {
        return MethodHandles.lookup();
    }

    @Remote public static Object deserialization(Connection c) throws Exception {
        return new ObjectInputStream(new java.io.ByteArrayInputStream(new byte[0]));
    }

    @Remote public static Object serviceLoader(Connection c) {
        return ServiceLoader.load(java.sql.Driver.class);
    }

    @Remote public static Object loadLibrary(Connection c) {
        System.loadLibrary("c");
        return null;
    }

    @Remote public static Object gc(Connection c) {
        System.gc();
        return null;
    }

    /** Loggers are allowed (their records become NOTICEs); reconfiguring the JVM's logging is not. */
    @Remote public static Object logging(Connection c) {
        java.util.logging.LogManager.getLogManager().reset();
        return null;
    }

    @Remote public static Object loggingHandler(Connection c) throws Exception {
        java.util.logging.Logger.getLogger("x").addHandler(new java.util.logging.FileHandler("/tmp/wormhole-log"));
        return null;
    }

    @Remote public static Object loggingGlobal(Connection c) {
        java.util.logging.Logger.getGlobal().info("to the server log");
        return null;
    }

    @Remote public static Object localeSetDefault(Connection c) {
        Locale.setDefault(Locale.JAPAN);
        return null;
    }

    @Remote public static Object timeZoneSetDefault(Connection c) {
        TimeZone.setDefault(TimeZone.getTimeZone("Asia/Tokyo"));
        return null;
    }

    @Remote public static Object printStackTraceToServerLog(Connection c) {
        new Exception("to the server's stderr").printStackTrace();
        return null;
    }

    @Remote public static Object unsafeClassLiteral(Connection c) {
        return sun.misc.Unsafe.class;
    }

    @Remote public static Object runtimeClassLiteral(Connection c) {
        return Runtime.class.getName();
    }

    /** Through a lambda body. */
    @Remote public static Object viaLambda(Connection c) {
        Supplier<String> s = () -> System.getenv("PATH");
        return s.get();
    }

    /** Through a method reference. */
    @Remote public static Object viaMethodReference(Connection c) {
        Supplier<Runtime> s = Runtime::getRuntime;
        return s.get().availableProcessors();
    }

    /** Through a static initializer. */
    static final class Loaded {
        static final String PATH = System.getenv("PATH");
    }

    @Remote public static Object viaStaticInitializer(Connection c) {
        return Loaded.PATH;
    }

    /** Through a default method of an interface. */
    interface Sneaky {
        default String steal() {
            return System.getProperty("user.name");
        }
    }

    @Remote public static Object viaDefaultMethod(Connection c) {
        return new Sneaky() { }.steal();
    }

    /** Through a JDK method inherited by a shipped class. */
    static final class MyList extends ArrayList<Integer> {
        int total() {
            return parallelStream().mapToInt(i -> i).sum();
        }
    }

    @Remote public static Object viaInheritedMethod(Connection c) {
        MyList l = new MyList();
        l.add(1);
        return l.total();
    }

    @Remote public static Object viaArrayOfForbiddenType(Connection c) {
        return new Thread[1].length;
    }

    @Remote public static Object viaExceptionHandler(Connection c) {
        try {
            return Integer.parseInt("x");
        } catch (RuntimeException e) {
            return null;
        } catch (Error e) {
            return e;
        } finally {
            try {
                Files.size(Path.of(MARKER));
            } catch (java.io.IOException ignored) {
                // the handler type is the route here
            }
        }
    }

    /** Scanner matches over a private buffer that cannot poll: a catastrophic pattern there would never stop. */
    @Remote public static Object scannerFindInLine(Connection c) {
        return new Scanner("a".repeat(40) + "!").findInLine("((a+)+)+b");
    }

    @Remote public static Object scannerDelimiter(Connection c) {
        return new Scanner("a".repeat(40) + "!").useDelimiter("((a+)+)+b").hasNext();
    }

    /** Compact patterns and plural rules are parsed by the JDK's nested-repetition patterns. */
    @Remote public static Object compactNumberFormatRules(Connection c) {
        return new CompactNumberFormat("#,##0.0#", DecimalFormatSymbols.getInstance(), new String[] {"0K"},
                "one:n = 1" + " or n = 1".repeat(200));
    }

    /** A Cleaner runs its action on a JVM thread of its own, outside any call and its budget. */
    @Remote public static Object cleaner(Connection c) {
        return Cleaner.create().register(new Object(), () -> {
            while (true) {
                // spins on the cleaner's thread
            }
        });
    }

    /** A finalizer runs on the JVM's finalizer thread, outside any call and its budget. */
    static final class Finalizable {
        @Override
        @SuppressWarnings({"deprecation", "removal"})
        protected void finalize() {
            while (true) {
                // spins on the finalizer thread
            }
        }
    }

    @Remote public static Object finalizer(Connection c) {
        return new Finalizable().hashCode();
    }

    static final class Loader extends ClassLoader { }

    @Remote public static Object viaClassLoaderSubclass(Connection c) {
        return new Loader();
    }

    static final class Worker extends Thread { }

    @Remote public static Object viaThreadSubclass(Connection c) {
        return new Worker();
    }
}
