package com.example.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wormhole.agent.Premain;
import io.wormhole.testing.PostgresCluster;
import io.wormhole.wire.ValueException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A value that cannot travel is refused with the reason and what to send instead; a method whose declared result can
 * never travel is refused before it is sent, so its work is not done and committed for a result that then fails.
 * (The test's own signatures name no fixture class: see {@link ServiceClassesTest}.)
 */
@ExtendWith(PostgresCluster.class)
class ValuesThatCannotTravelTest {

    @BeforeAll
    static void installAgent() throws SQLException {
        Premain.install(ByteBuddyAgent.install());
        try (Connection c = PostgresCluster.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS journal (note text)");
        }
    }

    private static long written(Connection c, String note) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM journal WHERE note = '" + note + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aMethodDeclaringAStreamIsRefusedBeforeItRuns() throws Exception {
        try (Connection c = PostgresCluster.connect()) {
            assertThatThrownBy(() -> Journal.entriesAfterWriting(c, "declared")).isInstanceOf(ValueException.class)
                    .hasMessage("the result of com.example.services.Journal.entriesAfterWriting: java.util.stream.Stream"
                            + " cannot travel (a stream or an iterator is read where it was made, one element at a"
                            + " time: collect it into a List)");
            assertThat(written(c, "declared")).as("rows the refused method wrote").isZero();
        }
    }

    @Test
    void aStreamReturnedAsObjectIsRefusedWithTheReason() throws Exception {
        try (Connection c = PostgresCluster.connect()) {
            assertThatThrownBy(() -> Journal.entriesAsObjectAfterWriting(c, "undeclared"))
                    .hasMessageContaining("cannot travel (a stream or an iterator is read where it was made, one"
                            + " element at a time: collect it into a List)");
            assertThat(written(c, "undeclared")).as("rows the method wrote before its result failed").isZero();
        }
    }

    @Test
    void aClockArgumentIsRefusedWithWhatToPassInstead() throws Exception {
        try (Connection c = PostgresCluster.connect()) {
            assertThatThrownBy(() -> Journal.stampedWith(c, Clock.systemUTC())).isInstanceOf(ValueException.class)
                    .hasMessageContaining("argument 2: java.time.Clock$SystemClock cannot travel (a clock reads the"
                            + " time of the machine it runs on: pass the Instant or the ZoneId the method needs)");
        }
    }
}
