package io.wormhole.server.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.hostprobe.PureProbe;
import com.example.hostprobe.ReentryProbe;
import io.wormhole.server.testing.InBackend;
import io.wormhole.testing.Backends;
import io.wormhole.testing.Bystander;
import io.wormhole.testing.PostgresCluster;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code wormhole.invoke} inside a call, whatever the frame and however the SQL reaches it, is a clean 55000 ERROR
 * naming re-entry: the outer call catches it and goes on with its connection, and the backend lives.
 */
@ExtendWith(PostgresCluster.class)
class ReentryTest {

    private static Connection connect(boolean trusted) throws SQLException {
        Connection c = PostgresCluster.connect();
        if (trusted) {
            try (Statement st = c.createStatement()) {
                st.execute("SET wormhole.trusted = on");
            }
        }
        return c;
    }

    static Stream<Arguments> routes() {
        byte[] call = InBackend.request(PureProbe.class, "add", 20L, 22L).encode();
        byte[] hashOnly = InBackend.request(PureProbe.class, "add", 20L, 22L).withoutBundle().encode();
        byte[] garbage = {'W', 'H', 'R', 'Q', 2, 0, 7, 7, 7};
        String direct = "SELECT wormhole.invoke(?)";
        String throughSql = "SELECT length(wormhole.invoke(f)) FROM (SELECT ?::bytea AS f) AS frame";
        String throughPlpgsql = "SELECT pg_temp.relay(?)";
        return Stream.of(false, true).flatMap(trusted -> Stream.of(
                Arguments.of(trusted, "a real call", direct, call),
                Arguments.of(trusted, "a call by hash", direct, hashOnly),
                Arguments.of(trusted, "a bad frame", direct, garbage),
                Arguments.of(trusted, "an empty frame in a subquery", throughSql, new byte[0]),
                Arguments.of(trusted, "a real call through PL/pgSQL", throughPlpgsql, call)));
    }

    @ParameterizedTest(name = "trusted={0}: {1}")
    @MethodSource("routes")
    void isACleanErrorAndTheOuterCallGoesOn(boolean trusted, String what, String sql, byte[] frame)
            throws Throwable {
        try (Bystander bystander = Bystander.watch(PostgresCluster.connect()); Connection c = connect(trusted);
                Statement st = c.createStatement()) {
            st.execute("CREATE FUNCTION pg_temp.relay(f bytea) RETURNS bytea LANGUAGE plpgsql"
                    + " AS $$ BEGIN RETURN wormhole.invoke(f); END $$");
            assertThat(InBackend.call(c, PureProbe.class, "add", 1L, 1L)).as("an ordinary call first").isEqualTo(2L);
            int pid = Backends.pid(c);
            String seen = (String) InBackend.call(c, ReentryProbe.class, "reenter", null, sql, frame);
            assertThat(seen).as(what).startsWith("55000: ").containsPattern("(?i)re-?entr")
                    .endsWith(" | then 42");
            assertThat(Backends.pid(c)).isEqualTo(pid);
            assertThat(InBackend.call(c, PureProbe.class, "add", 40L, 2L)).as("a call afterwards").isEqualTo(42L);
            bystander.assertUndisturbed();
        }
    }
}
