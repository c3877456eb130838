package io.wormhole.server.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.hostprobe.PureProbe;
import io.wormhole.server.testing.InBackend;
import io.wormhole.testing.Backends;
import io.wormhole.testing.PostgresCluster;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What a DBA sees in pg_stat_activity: the Java method while it runs, the statement again once it is over. */
@ExtendWith(PostgresCluster.class)
class ActivityTest {
    private static final String SPIN = "wormhole.invoke: com.example.hostprobe.PureProbe.spin()";

    private static String query(Connection observer, int pid) throws SQLException {
        try (PreparedStatement st = observer.prepareStatement("SELECT query FROM pg_stat_activity WHERE pid = ?")) {
            st.setInt(1, pid);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /**
     * {@code log_min_duration_statement}'s line is written after the call: it carries the method as its CONTEXT, and
     * the next statement's line does not.
     */
    @Test
    void theDurationLineOfACallNamesItsMethod() throws Throwable {
        List<String> log = logOfACallAndAStatement("log_min_duration_statement = 0");
        assertThat(contextOf(log, "LOG:  duration: ", "SELECT wormhole.invoke($1)"))
                .isEqualTo("wormhole.invoke: com.example.hostprobe.PureProbe.add(long, long)");
        assertThat(contextOf(log, "LOG:  duration: ", "after_the_call")).as("a statement without a call").isNull();
    }

    /**
     * {@code log_statement}'s line is written before the call: it names the method the request asks for (an inline
     * bundle before the names, here), read from the parameter as the line's DETAIL logs it.
     */
    @Test
    void theStatementLineOfACallNamesTheRequestedMethod() throws Throwable {
        List<String> log = logOfACallAndAStatement("log_statement = 'all'");
        assertThat(contextOf(log, "LOG:  execute ", "SELECT wormhole.invoke($1)"))
                .isEqualTo("wormhole.invoke request: com.example.hostprobe.PureProbe.add(long, long)");
        assertThat(contextOf(log, "LOG:  execute ", "after_the_call")).as("a statement without a call").isNull();
    }

    /** The server log's lines of a session that, with {@code setting}, made a call and then ran a plain statement. */
    private static List<String> logOfACallAndAStatement(String setting) throws Throwable {
        try (Connection c = PostgresCluster.connect()) {
            int pid = Backends.pid(c);
            try (var st = c.createStatement()) {
                st.execute("SET " + setting);
            }
            long from = PostgresCluster.shared().logSize();
            assertThat(InBackend.call(c, PureProbe.class, "add", 1L, 2L)).isEqualTo(3L);
            try (var st = c.createStatement()) {
                st.execute("SELECT 1 AS after_the_call");
            }
            return PostgresCluster.shared().logSince(from).lines().filter(l -> l.contains("[" + pid + "]")).toList();
        }
    }

    /** The CONTEXT of the line starting {@code kind} of the statement {@code text}'s execution, or null. */
    private static String contextOf(List<String> log, String kind, String text) {
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).contains(kind) && log.get(i).contains("execute ") && log.get(i).contains(text)) {
                for (int j = i + 1; j < log.size() && !log.get(j).contains("LOG:  "); j++) {
                    int at = log.get(j).indexOf("CONTEXT:  ");
                    if (at >= 0) {
                        return log.get(j).substring(at + "CONTEXT:  ".length());
                    }
                }
                return null;
            }
        }
        throw new AssertionError("no line " + kind + "… " + text + " in " + log);
    }

    @Test
    void theRunningMethodShowsAndTheStatementComesBack() throws Throwable {
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try (Connection c = PostgresCluster.connect(); Connection observer = PostgresCluster.connect()) {
            int pid = Backends.pid(c);
            assertThat(InBackend.call(c, PureProbe.class, "add", 1L, 2L)).isEqualTo(3L);
            assertThat(query(observer, pid)).as("after a call").isEqualTo("SELECT wormhole.invoke($1)");

            Future<Object> running = caller.submit(() -> {
                try {
                    return InBackend.call(c, PureProbe.class, "spin");
                } catch (Throwable t) {
                    return t;
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            String seen = query(observer, pid);
            while (!SPIN.equals(seen) && !running.isDone() && System.nanoTime() < deadline) {
                Thread.sleep(5);
                seen = query(observer, pid);
            }
            assertThat(seen).as("while the method runs").isEqualTo(SPIN);
            try (var st = observer.createStatement()) {
                st.execute("SELECT pg_cancel_backend(" + pid + ")");
            }
            assertThat(running.get(30, TimeUnit.SECONDS)).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("57014"));
            assertThat(query(observer, pid)).as("after a cancelled call").isEqualTo("SELECT wormhole.invoke($1)");
        } finally {
            caller.shutdownNow();
        }
    }
}
