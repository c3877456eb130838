package com.example.samples;

import static io.wormhole.testing.Backends.pid;
import static io.wormhole.testing.Backends.runsJvm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.wormhole.agent.Premain;
import io.wormhole.testing.PostgresCluster;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The samples through the agent, as a user runs them: remote by default, and local for comparison. */
@ExtendWith(PostgresCluster.class)
class EndToEndTest {
    private static final Path AGENT_JAR = Path.of("../agent/target/wormhole-agent.jar").toAbsolutePath().normalize();

    @BeforeAll
    static void installAgent() {
        Premain.install(ByteBuddyAgent.install());
    }

    @Test
    void theBodyRunsInTheCallersBackendWithItsJvm() throws Exception {
        try (Connection c = PostgresCluster.connect()) {
            int pid = pid(c);
            assertThat(Diagnostics.backendPid(c)).isEqualTo(pid);
            assertThat(runsJvm(pid)).isTrue();
        }
    }

    @Test
    void localAndRemoteModesGiveTheSameResults() throws Exception {
        List<String> remote = scenarios(false);
        List<String> local = scenarios(true);
        assertThat(remote).hasSize(9).isEqualTo(local);
        assertThat(remote.get(2)).contains("Post 1 — a story ...");
        assertThat(remote.get(5)).startsWith("com.example.samples.InsufficientFundsException")
                .endsWith(" 420.00");
    }

    /** Runs {@link Scenarios} in a JVM of its own with the agent, as an application would be run. */
    private static List<String> scenarios(boolean local) throws Exception {
        assertThat(AGENT_JAR).as("the agent jar (./wormhole build makes it)").exists();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-javaagent:" + AGENT_JAR, "-cp", System.getProperty("java.class.path")));
        if (local) {
            command.add("-Dwormhole.mode=local");
        }
        command.add(Scenarios.class.getName());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("WORMHOLE_URL", PostgresCluster.url());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().toList();
    }

    @Test
    void objectsOfClassesTheMethodNeverNamesTravelWithTheirCode() throws Exception {
        try (Connection c = PostgresCluster.connect()) {
            assertThat(Shapes.total(c, List.of(new Shapes.Circle(1), new Shapes.Square(2))))
                    .isCloseTo(Math.PI + 4, within(1e-9));
            assertThat(Shapes.total(c, List.of(new Shapes.Square(3)))).isEqualTo(9.0);
            assertThat(new Shapes.HalfPricer().price(c, 10)).isEqualTo(5.0);
            assertThat(new Shapes.Pricer().price(c, 10)).isEqualTo(10.0);
        }
    }

    @Test
    void aWarmCallAndTheFirstCallOfANewBundleAreOneMessageEach() throws Exception {
        try (Connection c = PostgresCluster.connect(); Statement st = c.createStatement()) {
            Transfers.setUp(c);
            st.execute("SET log_statement = 'all'");
            int pid = pid(c);
            String marker = UUID.randomUUID().toString();
            st.execute("SELECT 'begin " + marker + "'");
            Transfers.transfer(c, 1, 2, BigDecimal.ONE);
            st.execute("SELECT 'middle " + marker + "'");
            Transfers.transfer(c, 1, 2, BigDecimal.ONE);
            st.execute("SELECT 'end " + marker + "'");
            String log = Files.readString(PostgresCluster.logFile());
            String first = between(log, "begin " + marker, "middle " + marker);
            String warm = between(log, "middle " + marker, "end " + marker);
            assertThat(messagesOf(first, pid)).as(first).isEqualTo(1);
            // After the connection's first call, a call is a function-call message (FunctionCallsTest), no statement.
            assertThat(messagesOf(warm, pid)).as(warm).isEqualTo(1);
            assertThat(warm).contains("LOG:  fastpath function call: \"invoke\"");
        }
    }

    private static String between(String log, String from, String to) {
        int start = log.indexOf(from);
        int end = log.indexOf(to, start);
        return log.substring(log.indexOf('\n', start), log.lastIndexOf('\n', end));
    }

    /** Statements and function-call messages. */
    private static long messagesOf(String log, int pid) {
        return log.lines().filter(l -> l.contains("[" + pid + "]")).filter(l -> l.contains("LOG:  statement:")
                || l.contains("LOG:  execute") || l.contains("LOG:  fastpath function call:")).count();
    }

    @Test
    void aFailedCallChangesNothingAndTheCallersTransactionGoesOn() throws Exception {
        try (Connection c = PostgresCluster.connect()) {
            Transfers.setUp(c);
            c.setAutoCommit(false);
            Transfers.Receipt r = Transfers.transfer(c, 1, 2, new BigDecimal("10.00"));
            assertThat(r.fromBalance()).isEqualByComparingTo("90.00");
            assertThatThrownBy(() -> Transfers.transfer(c, 2, 1, new BigDecimal("500.00")))
                    .isInstanceOfSatisfying(InsufficientFundsException.class,
                            e -> assertThat(e.shortfall()).isEqualByComparingTo("440.00"))
                    .hasStackTraceContaining("Transfers.plainTransfer")
                    .hasStackTraceContaining("EndToEndTest");
            assertThat(balances(c)).isEqualTo("1=90.00, 2=60.00");
            c.rollback();
            assertThat(balances(c)).isEqualTo("1=100.00, 2=50.00");
        }
    }

    private static String balances(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT string_agg(id || '=' || balance, ', ' ORDER BY id) FROM accounts")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void serializationFailuresAreRetriedWhenTheCallHasItsOwnTransaction() throws Exception {
        try (Connection c = PostgresCluster.connect(); Statement st = c.createStatement()) {
            st.execute("DROP SEQUENCE IF EXISTS flaky_calls");
            st.execute("CREATE SEQUENCE flaky_calls");
            assertThat(Diagnostics.flaky(c, 2)).isEqualTo(3);
            c.setAutoCommit(false);
            st.execute("SELECT setval('flaky_calls', 1, false)");
            assertThatThrownBy(() -> Diagnostics.flaky(c, 1)).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("40001"));
            c.rollback();
        }
    }

    @Test
    void withoutAConfiguredConnectionTheErrorSaysWhatToSet() {
        assertThatThrownBy(Diagnostics::serverVersion).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("wormhole.url").hasMessageContaining("WORMHOLE_URL")
                .hasMessageContaining("Wormhole.configure");
    }

    @Test
    void aServerWithoutTheExtensionSaysToCreateIt() throws Exception {
        try (Connection c = PostgresCluster.connect(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS no_wormhole");
            st.execute("CREATE DATABASE no_wormhole");
        }
        try (Connection c = DriverManager.getConnection(PostgresCluster.url().replace("/postgres?", "/no_wormhole?"))) {
            assertThatThrownBy(() -> Diagnostics.backendPid(c)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("CREATE EXTENSION wormhole");
        }
    }
}
