package io.wormhole.server.host;

import static io.wormhole.server.host.Sessions.dbaValue;
import static io.wormhole.testing.Backends.pid;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Work on a connection that must not wait on another session: it runs on a thread of its own and must end within
 * a bound far beyond what it needs; if it does not, the failure names what its backend waits on (from
 * {@code pg_stat_activity}) and cancels it, so the test ends either way.
 */
final class Bounded {
    static final long SECONDS = 30;
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "bounded work");
        t.setDaemon(true);
        return t;
    });

    private Bounded() {}

    /** Work on a connection, which may throw what a call through {@code InBackend} throws. */
    interface Work<T> {
        T run() throws Throwable;
    }

    /** Starts {@code work} on {@code c} now; {@link Running#result} waits for it. */
    static <T> Running<T> start(Connection c, Work<T> work) throws SQLException {
        Callable<T> task = () -> {
            try {
                return work.run();
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new ExecutionException(t);
            }
        };
        return new Running<>(pid(c), POOL.submit(task));
    }

    static <T> T within(Connection c, Work<T> work) throws Throwable {
        return start(c, work).result();
    }

    record Running<T>(int pid, Future<T> future) {
        T result() throws Throwable {
            try {
                return future.get(SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                String waits = dbaValue("SELECT coalesce(wait_event_type || ' ' || wait_event, 'nothing') || ', '"
                        + " || state FROM pg_stat_activity WHERE pid = ?", pid);
                dbaValue("SELECT pg_cancel_backend(?)", pid);
                throw new AssertionError("backend " + pid + " did not finish within " + SECONDS + " s: it waits on "
                        + waits);
            } catch (ExecutionException e) {
                throw e.getCause();
            }
        }
    }
}
