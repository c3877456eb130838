package io.wormhole.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The host's contract for a call that was asked to stop (a cancel, a statement timeout, a terminate), as test
 * checks. A call that stops itself ends with a plain ERROR and its backend goes on; a call that ignores the stop
 * (work inside the JDK never polls) makes the backend end itself once the stop has been pending for
 * {@code wormhole.stop_grace}: a FATAL saying it "did not stop", never a crash.
 */
public final class Stops {
    /** The default of {@code wormhole.stop_grace}. */
    public static final Duration GRACE = Duration.ofMillis(500);
    /**
     * The grace of a cancel or a statement timeout in wall-clock time at most: it is counted in the call's CPU time,
     * so that a loaded machine does not end a session whose call would have stopped (watchdog.c, the README's
     * {@code wormhole.stop_grace}); a termination's is {@link #GRACE} of wall-clock time.
     */
    public static final Duration CANCEL_GRACE_WALL = GRACE.multipliedBy(4);
    /** How long a call may take to end after its deadline plus the grace. */
    public static final Duration SLACK = Duration.ofSeconds(1);
    /** USER_HZ, which Linux fixes at 100 for what /proc reports. */
    private static final long CLOCK_TICKS = 100;

    private Stops() {}

    /** How a call that was asked to stop ended. */
    public enum Ending {
        /** A plain ERROR; the same backend serves the connection. */
        STOPPED,
        /** The backend ended itself with a FATAL; the connection is broken. */
        BACKEND_ENDED
    }

    /**
     * Waits until the backend {@code pid} is busy with a {@code wormhole.invoke} statement, as
     * {@code pg_stat_activity} shows it: from then on a stop reaches the call, not what came before it.
     */
    public static void awaitCallActive(Connection observer, int pid, Duration timeout)
            throws SQLException, InterruptedException {
        awaitCallActive(observer, pid, timeout, () -> false);
    }

    /**
     * As {@link #awaitCallActive(Connection, int, Duration)}, but gives up, answering false, once {@code ended}
     * says the call is over (one that never got busy).
     */
    public static boolean awaitCallActive(Connection observer, int pid, Duration timeout, BooleanSupplier ended)
            throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (PreparedStatement st = observer.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE pid = ?"
                + " AND state = 'active' AND query LIKE '%wormhole.invoke%'")) {
            st.setInt(1, pid);
            while (!ended.getAsBoolean()) {
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) == 1) {
                        return true;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("backend " + pid + " was not running a call after " + timeout);
                }
                Thread.sleep(10);
            }
            return false;
        }
    }

    /**
     * Waits until the backend {@code pid} has burnt {@code cpu} of processor time more than when called: the call is
     * then deep in its work, past resolving its bundle and reading its arguments. False if {@code ended} first.
     */
    public static boolean awaitBusy(int pid, Duration cpu, Duration timeout, BooleanSupplier ended)
            throws InterruptedException {
        long from = cpuMillis(pid);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ended.getAsBoolean()) {
            if (cpuMillis(pid) - from >= cpu.toMillis()) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("backend " + pid + " did not get busy within " + timeout);
            }
            Thread.sleep(10);
        }
        return false;
    }

    /**
     * Checks that the backend {@code pid} is not still working for a call that reported it stopped (a thread left
     * running would burn a processor): over half a second it may use a fifth of one.
     */
    public static void assertQuiet(int pid) throws InterruptedException {
        long from = cpuMillis(pid);
        Thread.sleep(500); // a measuring window, not a wait for an event
        assertThat(cpuMillis(pid) - from).as("CPU time (ms) backend %d used in 500 ms after its call stopped", pid)
                .isLessThan(100);
    }

    /** User plus system time of a process, all its threads, from {@code /proc/<pid>/stat}; 0 once it is gone. */
    private static long cpuMillis(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the command.
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 1000 / CLOCK_TICKS;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Whether the process {@code pid} is gone within {@code timeout}. */
    public static boolean awaitExit(long pid, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (Files.exists(Path.of("/proc/" + pid))) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    /**
     * Checks the outcome of a call asked to stop with SQLSTATE {@code state} ({@code 57014} for a cancel or timeout,
     * {@code 57P01} for a terminate) and says which ending it was. A cancel may end as a plain ERROR with the
     * connection usable; otherwise the backend must be gone, the connection broken and the server log (read through
     * {@code log} once the backend exited) must hold its FATAL, which for a cancel says it "did not stop".
     */
    public static Ending assertStopped(Throwable thrown, String state, Connection c, int pid, Supplier<String> log)
            throws SQLException, InterruptedException {
        boolean cancel = state.equals("57014");
        assertThat(thrown).as("the outcome of a call asked to stop").isInstanceOf(SQLException.class);
        SQLException e = (SQLException) thrown;
        String message = String.valueOf(e.getMessage());
        if (cancel && state.equals(e.getSQLState()) && !message.contains("did not stop")) {
            assertThat(c.isValid(5)).as("the connection after a call ended by %s", message).isTrue();
            assertThat(Backends.pid(c)).as("the backend after a call that stopped").isEqualTo(pid);
            assertQuiet(pid);
            return Ending.STOPPED;
        }
        if (state.equals(e.getSQLState())) {
            assertThat(message).as("the FATAL that ended the backend").containsAnyOf("did not stop",
                    cancel ? "did not stop" : "terminating connection due to administrator command");
        } else {
            assertThat(e.getSQLState()).as("SQLSTATE of %s", message).startsWith("08");
        }
        assertThat(awaitExit(pid, Duration.ofSeconds(5))).as("backend %d is gone", pid).isTrue();
        assertThat(c.isValid(2)).as("the connection of a backend that ended").isFalse();
        String fatal = log.get().lines().filter(l -> l.contains("[" + pid + "] FATAL:")).findFirst().orElse(null);
        assertThat(fatal).as("the server log's FATAL for backend %d", pid).isNotNull();
        if (cancel) {
            assertThat(fatal).contains("did not stop");
        }
        return Ending.BACKEND_ENDED;
    }
}
