package io.wormhole.server.pg;

import java.sql.SQLException;

/**
 * The two threads of a backend's JVM. Only the backend's main thread may enter PostgreSQL; a call's Java code runs
 * on a JVM-created worker thread (a real Java thread with guard pages, so deep recursion is an ordinary
 * {@link StackOverflowError}), and each of its requests into PostgreSQL is handed to the main thread, which waits
 * in {@link #runCall} serving them. See {@code server-loader/native/README.md} for the measurements behind this.
 */
public final class Backend {
    private static final Object DONE = new Object();

    private static final Mailbox toMain = new Mailbox();
    private static final Mailbox toWorker = new Mailbox();
    private static Thread main;
    private static Thread worker;
    private static volatile boolean inCall;
    private static volatile boolean cancelled;
    /**
     * Raised by the main thread, while it waits, when PostgreSQL has an interrupt pending, and kept raised once the
     * call is cancelled: the one cheap flag the budget checks in shipped loops read.
     */
    private static volatile boolean stopping;

    private Backend() {}

    /** Called by the host on the main thread, once, while PostgreSQL's signals are blocked (threads inherit that). */
    public static void start(long workerStackBytes) {
        main = Thread.currentThread();
        worker = new Thread(null, Backend::serveCalls, "wormhole-call", workerStackBytes);
        worker.setDaemon(true);
        worker.start();
    }

    /**
     * Runs {@code job} on the worker and serves its requests until it ends. The job must not throw: it records its
     * own outcome.
     */
    public static void runCall(Runnable job) {
        cancelled = false;
        stopping = false;
        inCall = true;
        try {
            toWorker.put(job);
            while (true) {
                Object message = toMain.take(Backend::watchInterrupts);
                if (message == DONE) {
                    return;
                }
                Request<?> request = (Request<?>) message;
                request.run();
                toWorker.put(request);
            }
        } finally {
            inCall = false;
        }
    }

    private static void watchInterrupts() {
        if (Bridge.interruptPending()) {
            stopping = true;
        }
    }

    /** Whether the call's code should look at interrupts now: {@link #checkInterrupts()} tells what to do. */
    public static boolean stopping() {
        return stopping;
    }

    /** Whether PostgreSQL asked the current call to stop. */
    public static boolean cancelled() {
        return cancelled;
    }

    /**
     * Runs {@code call} on the backend's main thread and returns its result; from the call's worker it is handed
     * over and waited for. Any other thread gets an exception: PostgreSQL is not thread-safe.
     */
    public static <T> T onMain(PgCall<T> call) throws SQLException {
        Thread t = Thread.currentThread();
        if (t == main) {
            return call.call();
        }
        if (t != worker || !inCall) {
            throw new PgException("thread \"" + t.getName() + "\" may not reach PostgreSQL: only the thread running"
                    + " the call may", "55000");
        }
        if (cancelled) {
            throw new CallCancelledError();
        }
        Request<T> request = new Request<>(call);
        toMain.put(request);
        toWorker.take();
        return request.result();
    }

    /** Polls PostgreSQL for a cancel, timeout or termination request, and stops the call if there is one. */
    public static void checkInterrupts() {
        if (cancelled) {
            throw new CallCancelledError();
        }
        stopping = false;
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

    private static void serveCalls() {
        while (true) {
            Runnable job = (Runnable) toWorker.takeParked();
            try {
                job.run();
            } catch (Throwable ignored) {
                // A job records its own outcome; whatever escapes it must not end the worker.
            } finally {
                toMain.put(DONE);
            }
        }
    }

    private static final class Request<T> {
        private final PgCall<T> call;
        private T result;
        private Throwable failure;

        Request(PgCall<T> call) {
            this.call = call;
        }

        void run() {
            try {
                result = call.call();
            } catch (Throwable e) {
                failure = e;
            }
        }

        T result() throws SQLException {
            if (failure == null) {
                return result;
            }
            failure.setStackTrace(new Throwable().getStackTrace());
            if (failure instanceof SQLException e && "57014".equals(e.getSQLState())
                    && !(failure instanceof QueryTimeoutException)) {
                // PostgreSQL cancelled the statement; the rest of the call must not go on as if it had not.
                cancelled = true;
                stopping = true;
            }
            if (failure instanceof SQLException e) {
                throw e;
            }
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            throw (Error) failure;
        }
    }
}
