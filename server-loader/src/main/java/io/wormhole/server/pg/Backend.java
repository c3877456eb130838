package io.wormhole.server.pg;

import io.wormhole.internal.SqlState;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * The backend's thread for Java. Calls run on the backend's main thread, the only one that may enter PostgreSQL: no
 * hand-off per call or per statement. PostgreSQL's signals still land on that thread and only set flags; the host's
 * watchdog thread raises {@link #stopping} when an interrupt is pending, which shipped loops poll, and ends the
 * backend if a call ignores a stop (see {@code server-loader/native/README.md}).
 */
public final class Backend {
    private static Thread main;
    /** Whether the method (not the host's work around it) is running: only it is stopped by a cancel. */
    private static boolean inMethod;
    private static volatile boolean cancelled;
    /**
     * Raised by the host's watchdog when PostgreSQL has an interrupt pending, and kept raised once the call is
     * cancelled: the one cheap flag the budget checks in shipped loops read. The host writes it through JNI.
     */
    private static volatile boolean stopping;
    /**
     * The stack overflow a shipped handler met, which ends the call: every later poll of the method throws it again.
     * Rethrown from a handler's trampoline in a frame that holds a monitor, it leaves that frame as an
     * {@link IllegalMonitorStateException} (the interpreter replaces it), which shipped code above could catch and go
     * on from (helper-23).
     */
    private static StackOverflowError overflow;
    /**
     * Whether the call met an {@link Error}, which a failed class initializer throws (or a stack overflow, heap
     * exhaustion, a failed link that may have left one failed): the host then checks that no class of the JDK or of
     * the host was left so. Read, and cleared, by the host through JNI after each call.
     */
    private static boolean errorSeen;
    /** How many more throwables {@link #carriesError} may look at: a shipped web of suppressed ones stays cheap. */
    private static int looksLeft;
    /**
     * How many bytes of frames the main thread's counted entries ({@link #pollAtCountedEntry}) may still push before
     * the stack is looked at again.
     */
    private static int stackCredit;
    /**
     * How far below the last look that passed a counted entry's frame may lie, by the frames' charges
     * ({@code Instrumenter.frameBytes}): a thirty-second of the reserve (512 kB, or an eighth of a stack under 4 MB;
     * PostgreSQL's default {@code max_stack_depth} needs 2.5 MB). A frame is at most 16 times its charge, so shipped
     * code goes at most 256 kB past the last look: inside the reserve.
     */
    private static final int STACK_CREDIT = 16 * 1024;

    private Backend() {}

    /** Called by the host on the main thread, once, when the JVM has started. */
    public static void start() {
        main = Thread.currentThread();
        HeapBudget.start();
    }

    /** A new call begins: nothing of the last call's stop carries over. */
    public static void startCall(long callMemoryLimit) {
        // The host's own frames come first: the call's first counted entry looks.
        stackCredit = 0;
        cancelled = false;
        overflow = null;
        stopping = Bridge.interruptPending();
        HeapBudget.startCall(callMemoryLimit);
    }

    /** Runs the method's {@code job} (after the host's own work). The job must not throw: it records its outcome. */
    public static void runCall(Runnable job) {
        poll();
        inMethod = true;
        try {
            job.run();
        } finally {
            inMethod = false;
        }
        if (!cancelled && HeapBudget.overLimit()) {
            cancelled = true;
        }
    }

    /** The call's response is ready: what it left on the heap is given back once PostgreSQL has it. */
    public static void endCall() {
        HeapBudget.endCall();
    }

    /**
     * Notes a throwable the call's code caught or threw (see {@link #errorSeen}), with what it carries: its suppressed
     * throwables ({@code getSuppressed} is final, so no shipped code runs), and the causes of the host's and the JDK's
     * own exceptions (not a shipped class's: its {@code getCause} is shipped code). An overflow hidden as a
     * suppressed exception of a decoy the method threw is seen too.
     */
    public static void noteError(Throwable thrown) {
        looksLeft = 64;
        if (carriesError(thrown, 4)) {
            errorSeen = true;
        }
    }

    /** Looks {@code depth} levels into what {@code t} carries; allocates nothing unless {@code t} holds some. */
    private static boolean carriesError(Throwable t, int depth) {
        if (t instanceof Error) {
            return true;
        }
        if (t == null || depth == 0 || --looksLeft < 0) {
            return false;
        }
        for (Throwable suppressed : t.getSuppressed()) {
            if (carriesError(suppressed, depth - 1)) {
                return true;
            }
        }
        ClassLoader loader = t.getClass().getClassLoader();
        return (loader == null || loader == ClassLoader.getPlatformClassLoader()
                || loader == Backend.class.getClassLoader()) && carriesError(t.getCause(), depth - 1);
    }

    /** Records the overflow a shipped handler caught, which the method may not outlive; returns it, to be thrown. */
    public static StackOverflowError overflowed(StackOverflowError e) {
        if (overflow == null) {
            overflow = e;
        }
        stopping = true;
        return overflow;
    }

    /** The stack overflow a shipped handler met in this call, or null. */
    public static StackOverflowError overflow() {
        return overflow;
    }

    /** Whether PostgreSQL asked the current call to stop. */
    public static boolean cancelled() {
        return cancelled;
    }

    /**
     * Runs {@code call}, which enters PostgreSQL, on the backend's main thread. Any other thread gets an exception:
     * PostgreSQL is not thread-safe. Once PostgreSQL cancelled a statement, the rest of the call must not go on as if
     * it had not: the call is marked cancelled and no further statement runs.
     */
    public static <T> T onMain(PgCall<T> call) throws SQLException {
        enter();
        try {
            return call.call();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /*
     * onMain in two halves, for the paths every call or statement takes: C1 code allocates a capturing lambda
     * through a native call (Unsafe.allocateInstance), about a tenth of a statement's own Java work.
     */

    /** Refuses any thread but the main one, and any statement once the call was cancelled. */
    static void enter() throws PgException {
        Thread t = Thread.currentThread();
        if (t != main) {
            throw new PgException("thread \"" + t.getName() + "\" may not reach PostgreSQL: only the thread running"
                    + " the call may", SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE);
        }
        if (cancelled && inMethod) {
            throw new CallCancelledError();
        }
    }

    /** Marks the call cancelled when PostgreSQL cancelled what it entered; returns {@code e}, to be thrown. */
    static SQLException failed(SQLException e) {
        if (SqlState.QUERY_CANCELED.equals(e.getSQLState()) && !(e instanceof QueryTimeoutException)) {
            cancelled = true;
            stopping = true;
        }
        return e;
    }

    /**
     * At every entry of a shipped method that can start other code and that the JDK can enter: {@link #poll}, and a
     * look at the stack. Shipped code gets a {@link StackOverflowError} before the stack's last part, kept for the JDK
     * and host code it calls: overflowing half way, JDK code can leave its caches wrong for every later call (a
     * locale's data remembered as missing), which no later check can see. Each such entry looks, since a recursion
     * inside the JDK alone (a nested structure's {@code toString}) can carry the next shipped frame any distance
     * down.
     */
    public static void pollAtEntry() {
        if (Thread.currentThread() == main) {
            lookAtStack();
        }
        poll();
    }

    /**
     * At the entry of a shipped method only shipped code enters (a static or private method no handle names, a
     * constructor): {@link #poll}, and a look at the stack once the frames of such entries since the last look may
     * have taken {@link #STACK_CREDIT}. Between a look and such an entry lie only shipped frames so counted, and a
     * few of the JDK's or the host's called on purpose: a JDK recursion can only enter shipped code through a method
     * that looks each time. A look costs a call into C (10-25 ns); a recursive method counts instead. Only the main
     * thread's entries count: no other thread may take the credit back with a stale write.
     */
    public static void pollAtCountedEntry(int frameBytes) {
        if (Thread.currentThread() == main && (stackCredit -= frameBytes) < 0) {
            lookAtStack();
        }
        poll();
    }

    /**
     * On the main thread (only its stack is limited). Only a look that passes grants credit: the JDK can swallow the
     * overflow a look throws (an enum's {@code values()} reached through {@code Class.getEnumConstants}), and shipped
     * code going on from there must look again at its next entry, not run a credit further down (helper-22).
     */
    private static void lookAtStack() {
        if (Bridge.stackLeft() < 0) {
            stackCredit = 0;
            throw shippedOverflow();
        }
        stackCredit = STACK_CREDIT;
    }

    /** Thrown as the JVM's own would be: its stack trace starts at the shipped method, not in this look. */
    private static StackOverflowError shippedOverflow() {
        StackOverflowError e = new StackOverflowError(
                "shipped code reached the part of the stack kept for the JDK and the host");
        StackTraceElement[] trace = e.getStackTrace();
        int host = 0;
        while (host < trace.length && (trace[host].getClassName().equals(Backend.class.getName())
                || trace[host].getClassName().equals("io.wormhole.server.sandbox.Budget"))) {
            host++;
        }
        e.setStackTrace(Arrays.copyOfRange(trace, host, trace.length));
        return e;
    }

    /**
     * Where Java may stop: every loop and handler of shipped code (through the budget), and the host's own work
     * between its steps (decoding, verifying, defining a bundle: slow in a cold backend), which only the watchdog
     * could stop otherwise. One read of a flag unless PostgreSQL has an interrupt pending.
     */
    public static void poll() {
        if (stopping) {
            checkInterrupts();
        }
    }

    /** Makes the next poll weigh the heap the call holds (the heap thread asks, about every 50 ms of a call). */
    static void weighHeap() {
        stopping = true;
    }

    /**
     * Polls PostgreSQL for a cancel, timeout or termination request, and the heap the call holds against its limit;
     * stops the call if it must.
     */
    public static void checkInterrupts() {
        if (cancelled) {
            throw new CallCancelledError();
        }
        if (overflow != null && inMethod) {
            throw overflow;
        }
        stopping = false;
        if (inMethod && HeapBudget.overLimit()) {
            cancelled = true;
            stopping = true;
            throw new CallCancelledError();
        }
        if (Bridge.interruptPending()) {
            boolean stop;
            try {
                stop = onMain(Bridge::processInterrupts);
            } catch (SQLException e) {
                stop = true;
            }
            if (stop) {
                cancelled = true;
                stopping = true;
                throw new CallCancelledError();
            }
        }
    }
}
