package com.example.overflow;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Shipped code that catches the StackOverflowError of its own recursion in every frame and calls into the host in
 * the handler (prints, runs a statement, sets a savepoint) before rethrowing it: the host's code first runs, and
 * fails, at the very bottom of the stack, so a class it initialises there would stay broken for later calls.
 */
public final class OverflowHandlers {
    private OverflowHandlers() {}

    public static int print(int depth) {
        try {
            return print(depth + 1) + 1;
        } catch (StackOverflowError e) {
            System.out.println("overflow below " + depth);
            throw e;
        }
    }

    public static int query(Connection c, int depth) throws SQLException {
        try {
            return query(c, depth + 1) + 1;
        } catch (StackOverflowError e) {
            try (Statement st = c.createStatement()) {
                st.execute("SELECT " + depth);
            }
            throw e;
        }
    }

    public static int savepoint(Connection c, int depth) throws SQLException {
        try {
            return savepoint(c, depth + 1) + 1;
        } catch (StackOverflowError e) {
            c.releaseSavepoint(c.setSavepoint());
            throw e;
        }
    }

    /**
     * Recurses through a stream's first close handler; the JDK catches what the first handler throws and runs the
     * second, which prints: the JDK's handler, not shipped code's, runs host code at the bottom of the stack.
     */
    public static int streamClose(int depth) {
        try (java.util.stream.Stream<String> s = java.util.stream.Stream.<String>empty()
                .onClose(() -> streamClose(depth + 1)).onClose(() -> System.out.println("closed at " + depth))) {
            return s.findAny().isPresent() ? 1 : 0;
        }
    }

    /**
     * Uses German locale data first at the bottom of the stack: a stream's second close handler runs after the first
     * overflowed, at every depth from the bottom up. Loading the data half way, the JDK would cache the locale as
     * missing, and every later call of the backend would format German with the root locale's data.
     */
    public static String localeAtTheBottom() {
        java.text.NumberFormat.getInstance(java.util.Locale.US).format(1.5);
        closeWithGerman();
        return "unreachable";
    }

    private static void closeWithGerman() {
        java.util.stream.Stream.empty().onClose(OverflowHandlers::closeWithGerman)
                .onClose(() -> java.text.NumberFormat.getInstance(java.util.Locale.GERMANY)).close();
    }

    /**
     * A recursion inside the JDK alone (a nested list's {@code hashCode}, {@code depth} lists deep) whose innermost
     * element is shipped code that loads German locale data ({@code german}; else it returns a constant): the
     * shipped frame at the end of the JDK's recursion. Not {@code toString}: its time grows with the square of the
     * depth, and C2's frames make the overflow ten times deeper.
     */
    public static String germanAtTheEndOfAJdkRecursion(int depth, boolean german) {
        Object nested = new Object() {
            @Override
            public int hashCode() {
                return german ? java.text.NumberFormat.getInstance(java.util.Locale.GERMANY).format(1.5).length() : 3;
            }
        };
        for (int i = 0; i < depth; i++) {
            nested = java.util.List.of(nested);
        }
        return String.valueOf(nested.hashCode());
    }

    /**
     * The same through composed functions ({@code Function.andThen}, {@code depth} deep, the JDK's frames alone):
     * innermost, the shipped code is a static method named by a method reference.
     */
    public static String germanAtTheEndOfComposedFunctions(int depth, boolean german) {
        java.util.function.Function<Boolean, String> f = OverflowHandlers::oneAndAHalf;
        for (int i = 0; i < depth; i++) {
            f = f.andThen(java.util.function.Function.identity());
        }
        return String.valueOf(f.apply(german).length());
    }

    /**
     * A counted recursion that asks the JDK for the constants of an enum whose {@code values()} fails (in the test's
     * bundle) at every level. Past the reserve, the look {@code values()} makes fails too, and the JDK swallows that
     * overflow as it swallows any failure of {@code values()}; the recursion's own next entry must then look again
     * rather than run on (helper-22).
     */
    public static int diveAskingForConstants(int depth) {
        germanFromValues = false;
        Constants.class.getEnumConstants();
        return diveAskingForConstants(depth + 1) + 1;
    }

    /**
     * Composed functions whose innermost is the JDK's own, a reference to {@code NumberFormat.getInstance}: the
     * recursion runs inside the JDK alone, past no shipped entry on its way down, and German locale data is loaded
     * first at its end.
     */
    public static String germanAtTheEndOfJdkOnlyFunctions(int depth) {
        java.util.function.Function<java.util.Locale, java.text.NumberFormat> f = java.text.NumberFormat::getInstance;
        for (int i = 0; i < depth; i++) {
            f = f.andThen(java.util.function.Function.identity());
        }
        return f.apply(java.util.Locale.GERMANY).format(1.5);
    }

    static String oneAndAHalf(boolean german) {
        return german ? java.text.NumberFormat.getInstance(java.util.Locale.GERMANY).format(1.5) : "1,5";
    }

    /** The same again, innermost a constructor named by a constructor reference. */
    public static String germanAtTheEndOfComposedConstructors(int depth, boolean german) {
        java.util.function.Function<Boolean, Object> f = OneAndAHalf::new;
        for (int i = 0; i < depth; i++) {
            f = f.andThen(java.util.function.Function.identity());
        }
        return String.valueOf(f.apply(german).toString().length());
    }

    static final class OneAndAHalf {
        private final String text;

        OneAndAHalf(boolean german) {
            text = german ? java.text.NumberFormat.getInstance(java.util.Locale.GERMANY).format(1.5) : "1,5";
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** An enum whose {@code values()} the test replaces by one that runs {@link #fromValues} first. */
    public enum Constants {
        ONE
    }

    private static boolean germanFromValues;

    /**
     * What the replaced {@code values()} runs, called by the JDK's reflection. Failing, it keeps the JDK from caching
     * the constants, so that the next call asks again.
     */
    public static void fromValues() {
        if (!germanFromValues) {
            throw new IllegalStateException("no constants yet");
        }
        java.text.NumberFormat.getInstance(java.util.Locale.GERMANY).format(1.5);
    }

    /**
     * The JDK's reflection calls {@code Constants.values()} at the end of composed functions {@code depth} deep; it
     * swallows what {@code values()} throws and answers no constants: then -1 (always, unless {@code german}).
     */
    public static String germanAtTheEndOfEnumConstants(int depth, boolean german) {
        germanFromValues = german;
        java.util.function.Function<Class<?>, Object> f = Class::getEnumConstants;
        for (int i = 0; i < depth; i++) {
            f = f.andThen(java.util.function.Function.identity());
        }
        Object constants = f.apply(Constants.class);
        return String.valueOf(constants == null ? -1 : ((Object[]) constants).length);
    }

    public static String german() {
        return java.text.NumberFormat.getInstance(java.util.Locale.GERMANY).format(1234.5) + " | "
                + java.time.format.DateTimeFormatter.ofPattern("d. MMMM yyyy", java.util.Locale.GERMANY)
                        .format(java.time.LocalDate.of(2020, 3, 1));
    }

    private static final Object LEDGER = new Object();

    /** German under {@code times} nested monitors on one object, as synchronized blocks take them. */
    public static String germanUnderLock(int times) {
        if (times == 0) {
            return german();
        }
        synchronized (LEDGER) {
            return germanUnderLock(times - 1);
        }
    }

    /**
     * Recurses inside synchronized blocks until the stack runs out, each level catching what leaves the block below
     * as an IllegalMonitorStateException, which the interpreter makes of any error leaving a frame that holds a
     * monitor; with {@code spin}, the level that caught it then loops for good.
     */
    public static String overflowUnderLock(int depth, boolean spin) {
        try {
            synchronized (LEDGER) {
                return overflowUnderLock(depth + 1, spin);
            }
        } catch (IllegalMonitorStateException e) {
            while (spin) {
                depth++;
            }
            return "caught at depth " + depth;
        }
    }

    /** Catches the overflow and returns instead: the host does not let it. */
    public static int swallow(int depth) {
        try {
            return swallow(depth + 1) + 1;
        } catch (StackOverflowError e) {
            return -1;
        }
    }

    private static int deepest;
    private static Object loaded;

    public static int deepest() {
        return deepest;
    }

    /**
     * Recurses to {@code target} and there uses a JDK class for the first time: without a reserve of stack kept from
     * shipped code, at the right depth its initializer would overflow, and the class fail for good in this VM. Keeps
     * how deep it went.
     */
    public static String initializeAt(int depth, int target) {
        deepest = depth;
        if (depth == 0) {
            // Loaded (not initialized) at the top: loading needs far more stack than this initializer does.
            loaded = new java.time.chrono.ThaiBuddhistChronology[0];
        }
        if (depth >= target) {
            return java.time.chrono.ThaiBuddhistChronology.INSTANCE.getId();
        }
        return initializeAt(depth + 1, target);
    }

    public static String hello(Connection c, String who) throws SQLException {
        System.out.println("hello " + who);
        try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT 'hello ' || current_user")) {
            rs.next();
            return rs.getString(1) + " " + who;
        }
    }

    /**
     * Replaced in the test's bundle by a body that keeps each of 900 sums across a call before recursing until
     * {@code limit}: a compiled frame of about 7 kB, where locals and operand stack count a few hundred bytes.
     */
    static long wide(int depth, int limit) {
        return depth + limit;
    }

    /** Calls {@link #wide} often enough for the JIT to compile it. */
    public static long warmWide(int rounds) {
        long sum = 0;
        for (int i = 0; i < rounds; i++) {
            sum += wide(0, 50);
        }
        return sum;
    }

    /** Takes {@code pads} small counted entries first (each moves where the next stack look falls), then recurses without end. */
    public static long endlessWide(int pads) {
        long sum = 0;
        for (int i = 0; i < pads; i++) {
            sum += pad(i);
        }
        return sum + wide(0, Integer.MAX_VALUE);
    }

    private static int pad(int i) {
        return Integer.hashCode(i);
    }
}
