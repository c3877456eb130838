package com.example.calls;

import static io.wormhole.testing.Backends.pid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wormhole.agent.Premain;
import io.wormhole.testing.PostgresCluster;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A connection's first call goes by statement, which also returns {@code wormhole.invoke}'s OID; the calls after it go
 * by the protocol's function-call message, which names the function by that OID: no statement is bound, planned or
 * executed around the call. What the caller sees is the same either way.
 */
class FunctionCallsTest {
    /** Held: the JDK keeps loggers weakly, and the handler must stay on the one the agent logs to. */
    private static final Logger NOTICES = Logger.getLogger("io.wormhole.notice");
    private static PostgresCluster.Instance server;

    @BeforeAll
    static void start() {
        Premain.install(ByteBuddyAgent.install());
        server = PostgresCluster.isolated("function-calls");
    }

    @AfterAll
    static void stop() {
        PostgresCluster.closeCheckingLogs(server);
    }

    @Test
    void callsAfterAConnectionsFirstGoByTheFunctionCallMessageAndSayWhatTheyRan() throws Exception {
        List<String> notices = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                notices.add(record.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        NOTICES.addHandler(capture);
        try (Connection c = server.connect(); Statement st = c.createStatement()) {
            int pid = pid(c);
            st.execute("SET log_statement = 'all'");
            long from = server.logSize();
            for (int x = 1; x <= 3; x++) {
                assertThat(Lookups.square(c, x)).isEqualTo(pid + ":" + x * x);
            }
            List<String> lines = linesOf(pid, from);
            assertThat(lines.stream().filter(l -> l.contains("LOG:  execute") && l.contains("wormhole.invoke(")))
                    .as("the first call, by statement").hasSize(1);
            assertThat(lines.stream().filter(l -> l.contains("LOG:  fastpath function call: \"invoke\"")))
                    .as("the two after it").hasSize(2);
            assertThat(lines.stream().filter(l -> l.contains("LOG:  wormhole.invoke:"
                    + " com.example.calls.Lookups.square(java.sql.Connection, int) (called by function-call message)")))
                    .as("each of the two also logs the method it runs").hasSize(2);

            st.execute("SET log_statement = 'none'");
            st.execute("SET log_min_duration_statement = 0");
            from = server.logSize();
            assertThat(Lookups.square(c, 4)).isEqualTo(pid + ":16");
            assertThat(Lookups.square(c, 5)).isEqualTo(pid + ":25");
            lines = linesOf(pid, from);
            List<String> contexts = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains("LOG:  duration: ") && lines.get(i).contains("fastpath function call")) {
                    contexts.add(i + 1 < lines.size() ? lines.get(i + 1) : "");
                }
            }
            assertThat(contexts).as("a call's duration line names its method").hasSize(2).allSatisfy(l -> assertThat(l)
                    .contains("CONTEXT:  wormhole.invoke: com.example.calls.Lookups.square(java.sql.Connection, int)"));
            assertThat(notices).as("each call's NOTICE once, in order").containsExactly("squaring 1", "squaring 2",
                    "squaring 3", "squaring 4", "squaring 5");
        } finally {
            NOTICES.removeHandler(capture);
        }
    }

    private static List<String> linesOf(int pid, long from) {
        return server.logSince(from).lines().filter(l -> l.contains("[" + pid + "]")).toList();
    }

    @Test
    void warningsTheApplicationHasNotReadStayItsOwn() throws Exception {
        try (Connection c = server.connect(); Statement st = c.createStatement()) {
            int pid = pid(c);
            assertThat(Lookups.square(c, 2)).isEqualTo(pid + ":4");
            // pgJDBC keeps what a COMMIT says with the connection, where a function-call message's notices go too.
            st.execute("CREATE TABLE said_at_commit (x int)");
            st.execute("CREATE FUNCTION say_at_commit() RETURNS trigger LANGUAGE plpgsql"
                    + " AS $$ BEGIN RAISE NOTICE 'said at commit'; RETURN NULL; END $$");
            st.execute("CREATE CONSTRAINT TRIGGER say AFTER INSERT ON said_at_commit DEFERRABLE INITIALLY DEFERRED"
                    + " FOR EACH ROW EXECUTE FUNCTION say_at_commit()");
            c.setAutoCommit(false);
            st.execute("INSERT INTO said_at_commit VALUES (1)");
            c.commit();
            c.setAutoCommit(true);
            assertThat(warnings(c)).isEqualTo("said at commit\n");
            assertThat(Lookups.square(c, 3)).isEqualTo(pid + ":9");
            assertThat(warnings(c)).as("the call's NOTICE went to the notices' logger, not among them")
                    .isEqualTo("said at commit\n");
            c.clearWarnings();
            assertThat(Lookups.square(c, 4)).isEqualTo(pid + ":16");
            assertThat(warnings(c)).isEmpty();
        }
    }

    private static String warnings(Connection c) throws SQLException {
        StringBuilder all = new StringBuilder();
        for (var w = c.getWarnings(); w != null; w = w.getNextWarning()) {
            all.append(w.getMessage()).append('\n');
        }
        return all.toString();
    }

    @Test
    void anExtensionMadeAgainUnderANewOidIsFoundWithoutLosingACall() throws Exception {
        try (Connection c = server.connect(); Connection dba = server.connect(); Statement st = dba.createStatement()) {
            int pid = pid(c);
            assertThat(Lookups.square(c, 2)).isEqualTo(pid + ":4");
            assertThat(Lookups.square(c, 3)).as("by the function-call message").isEqualTo(pid + ":9");

            remake(st);
            assertThat(Lookups.square(c, 4)).as("the call by the old OID never ran; by statement it does")
                    .isEqualTo(pid + ":16");
            assertThat(Lookups.square(c, 5)).isEqualTo(pid + ":25");

            remake(st);
            c.setAutoCommit(false);
            assertThatThrownBy(() -> Lookups.square(c, 6)).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getMessage()).contains("made again").contains("roll back"));
            c.rollback();
            assertThat(Lookups.square(c, 7)).as("in the next transaction").isEqualTo(pid + ":49");
            c.commit();
        }
    }

    @Test
    void aConnectionThatSavesPerStatementKeepsItsTransactionWhenACallFails() throws Exception {
        try (Connection c = DriverManager.getConnection(server.url() + "&autosave=always");
                Statement st = c.createStatement()) {
            int pid = pid(c);
            assertThat(Lookups.square(c, 2)).as("the OID learned").isEqualTo(pid + ":4");
            st.execute("CREATE TEMP TABLE kept (x int)");
            c.setAutoCommit(false);
            st.execute("INSERT INTO kept VALUES (1)");
            st.execute("SET LOCAL statement_timeout = 200");
            // pgJDBC's savepoint around a statement undoes the failed call alone; it puts none around a function call.
            assertThatThrownBy(() -> Lookups.sleep(c, 30)).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("57014"));
            st.execute("SET LOCAL statement_timeout = 0");
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM kept")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the transaction goes on, with its row").isEqualTo(1);
            }
            c.commit();
        }
    }

    @Test
    void aWrapperThatHidesPgJdbcButEqualsItsConnectionCallsByStatement() throws Exception {
        try (Connection c = server.connect()) {
            int pid = pid(c);
            assertThat(Lookups.square(c, 2)).as("the OID learned").isEqualTo(pid + ":4");
            // Like a counting or tracing wrapper: everything forwarded (equals and hashCode too), pgJDBC not exposed.
            Connection hiding = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("isWrapperFor") && args[0] != Connection.class) {
                            return false;
                        }
                        try {
                            return method.invoke(c, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            assertThat(Lookups.square(hiding, 3)).isEqualTo(pid + ":9");
        }
    }

    private static void remake(Statement st) throws SQLException {
        st.execute("DROP EXTENSION wormhole CASCADE");
        st.execute("CREATE EXTENSION wormhole");
    }
}
