package io.wormhole.server.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.hostprobe.ConsoleProbe;
import com.example.hostprobe.PureProbe;
import io.wormhole.server.testing.InBackend;
import io.wormhole.testing.PostgresCluster;
import io.wormhole.wire.Request;
import io.wormhole.wire.Response;
import io.wormhole.wire.Values;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What shipped code does to {@code System.out} and {@code System.err} stays in its own call: in one backend, a
 * tenant that closes its streams (or keeps one in a static field and closes it in a later call) does not silence
 * the NOTICEs of later calls, of another bundle and another role or of its own.
 */
@ExtendWith(PostgresCluster.class)
class ConsoleIsolationTest {

    @BeforeAll
    static void roles() throws SQLException {
        try (Connection c = PostgresCluster.connect(); Statement st = c.createStatement()) {
            st.execute("DROP ROLE IF EXISTS console_closer, console_printer");
            st.execute("CREATE ROLE console_closer IN ROLE wormhole_install");
            st.execute("CREATE ROLE console_printer IN ROLE wormhole_install");
        }
    }

    @Test
    void aCallThatClosesItsConsoleDoesNotSilenceLaterCalls() throws Exception {
        try (Connection c = PostgresCluster.connect(); Statement st = c.createStatement()) {
            st.execute("SET ROLE console_closer");
            Outcome closed = invoke(c, InBackend.request(ConsoleProbe.class, "closeBoth"));
            assertThat(closed.value()).as("checkError() after printing to a closed stream").isEqualTo(true);
            assertThat(closed.notices()).isEmpty();

            st.execute("SET ROLE console_printer");
            Outcome other = invoke(c, InBackend.request(PureProbe.class, "print", "another role still heard"));
            assertThat(other.notices()).containsExactly("another role still heard");

            st.execute("SET ROLE console_closer");
            Outcome again = invoke(c, InBackend.request(ConsoleProbe.class, "closeKeptThenPrint", "own call heard"));
            assertThat(again.value()).as("checkError() of the new call's stream").isEqualTo(false);
            assertThat(again.notices()).containsExactly("own call heard");

            st.execute("SET ROLE console_printer");
            assertThat(invoke(c, InBackend.request(PureProbe.class, "print", "still heard")).notices())
                    .containsExactly("still heard");
        }
    }

    @Test
    void halfALinePrintedAfterACallEndsIsNotSentWithAnotherRolesCall() throws Exception {
        try (Connection c = PostgresCluster.connect(); Statement st = c.createStatement()) {
            st.execute("SET ROLE console_closer");
            try (PreparedStatement call = c.prepareStatement("SELECT wormhole.invoke(?)")) {
                call.setBytes(1, InBackend.request(ConsoleProbe.class, "throwPrintingMessage").encode());
                try (ResultSet rs = call.executeQuery()) {
                    rs.next();
                    assertThat(Response.decode(rs.getBytes(1)).status()).isEqualTo(Response.Status.THREW);
                }
            }
            st.execute("SET ROLE console_printer");
            assertThat(invoke(c, InBackend.request(PureProbe.class, "print", "only mine")).notices())
                    .containsExactly("only mine");
        }
    }

    private record Outcome(Object value, List<String> notices) {}

    private static Outcome invoke(Connection c, Request request) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT wormhole.invoke(?)")) {
            st.setBytes(1, request.encode());
            byte[] frame;
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                frame = rs.getBytes(1);
            }
            Response response = Response.decode(frame);
            assertThat(response.status()).isEqualTo(Response.Status.RETURNED);
            List<String> notices = new ArrayList<>();
            for (SQLWarning w = st.getWarnings(); w != null; w = w.getNextWarning()) {
                notices.add(w.getMessage());
            }
            return new Outcome(Values.read(response.payload(), ConsoleIsolationTest.class.getClassLoader()), notices);
        }
    }
}
