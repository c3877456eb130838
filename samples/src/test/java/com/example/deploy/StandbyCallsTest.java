package com.example.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wormhole.agent.Premain;
import io.wormhole.testing.PostgresCluster;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls through the agent to a primary and its hot standby (a real streaming replica), directly and through pgJDBC
 * multi-host URLs: read-only calls work wherever the client lands, the first call of a bundle included (the client
 * ships it inline on its first call to a server); a writing call on the standby fails with PostgreSQL's read-only
 * error, SQLSTATE 25006, which the client sees on the {@code SQLException} it gets.
 */
class StandbyCallsTest {
    private static final String READ_ONLY = "25006";

    @TempDir
    static Path releases;
    private static PostgresCluster.Instance primary;
    private static PostgresCluster.Instance standby;

    @BeforeAll
    static void primaryAndStandby() throws SQLException {
        Premain.install(ByteBuddyAgent.install());
        primary = PostgresCluster.isolated("deploy-primary");
        try (Connection c = primary.connect()) {
            NotesApp.createTable(c);
        }
        standby = primary.startStandby("deploy-standby");
    }

    @AfterAll
    static void stop() {
        PostgresCluster.closeCheckingLogs(standby, primary);
    }

    /** A multi-host URL naming {@code servers} in that order, with pgJDBC {@code settings}. */
    private static String multiHost(List<PostgresCluster.Instance> servers, String settings) {
        StringBuilder hosts = new StringBuilder();
        for (PostgresCluster.Instance s : servers) {
            hosts.append(hosts.length() == 0 ? "" : ",").append("127.0.0.1:").append(s.port());
        }
        return "jdbc:postgresql://" + hosts + "/postgres?user=" + PostgresCluster.superuser() + "&" + settings;
    }

    private static void assertReadOnlyRefusal(NotesApp app, Connection c) {
        assertThatThrownBy(() -> app.add(c, "refused")).isInstanceOf(SQLException.class)
                .hasMessageContaining("cannot execute INSERT in a read-only transaction")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo(READ_ONLY));
    }

    @Test
    void aBundleInstalledOnThePrimaryRunsOnTheStandbyFromTheClientsFirstCallThere() throws Throwable {
        NotesApp app = NotesApp.release(releases, "installed");
        try (Connection p = primary.connect()) {
            assertThat(app.where(p)).startsWith("primary ");
        }
        standby.awaitReplay();
        long logFrom = standby.logSize();
        try (Connection s = standby.connect()) {
            assertThat(app.where(s)).as("first call to the standby: the bundle travels inline")
                    .startsWith("standby ");
            assertThat(app.where(s)).startsWith("standby ");
        }
        assertThat(standby.logSince(logFrom)).as("found by hash, not verified again")
                .doesNotContain("kept in this backend's memory").doesNotContain("ERROR");
    }

    @Test
    void aWritingCallOnTheStandbyFailsWithSqlstate25006AndTheConnectionGoesOn() throws Throwable {
        NotesApp app = NotesApp.release(releases, "writer");
        try (Connection s = standby.connect()) {
            assertThat(app.where(s)).as("a bundle new to the standby").startsWith("standby ");
            assertReadOnlyRefusal(app, s);
            assertThat(app.where(s)).startsWith("standby ");
        }
        try (Connection p = primary.connect()) {
            assertThat(app.add(p, "written")).isEqualTo(1);
        }
    }

    @Test
    void preferSecondaryLandsOnTheStandbyWhicheverHostTheUrlNamesFirst() throws Throwable {
        int release = 0;
        for (List<PostgresCluster.Instance> order : List.of(List.of(primary, standby), List.of(standby, primary))) {
            NotesApp app = NotesApp.release(releases, "prefer" + release++);
            try (Connection c = DriverManager.getConnection(multiHost(order, "targetServerType=preferSecondary"))) {
                assertThat(app.where(c)).as("the first call of a new bundle, " + order).startsWith("standby ");
                assertThat(app.where(c)).startsWith("standby ");
                assertReadOnlyRefusal(app, c);
            }
        }
    }

    @Test
    void loadBalancedCallsWorkOnWhicheverServerTheClientReachesFirst() throws Throwable {
        int release = 0;
        for (List<PostgresCluster.Instance> order : List.of(List.of(primary, standby), List.of(standby, primary))) {
            NotesApp app = NotesApp.release(releases, "balanced" + release++);
            String url = multiHost(order, "loadBalanceHosts=true");
            Set<String> reached = new HashSet<>();
            // Each connection picks a host at random: forty make missing one a 2^-39 chance.
            for (int i = 0; i < 40 && reached.size() < 2; i++) {
                try (Connection c = DriverManager.getConnection(url)) {
                    String where = app.where(c);
                    assertThat(where).as("call %d on %s", i, order).matches("(primary|standby) \\d+");
                    String server = where.substring(0, where.indexOf(' '));
                    if (server.equals("standby")) {
                        assertReadOnlyRefusal(app, c);
                    } else {
                        assertThat(app.add(c, "balanced")).isEqualTo(1);
                    }
                    reached.add(server);
                }
            }
            assertThat(reached).as("servers reached through " + url).containsExactlyInAnyOrder("primary", "standby");
        }
    }
}
