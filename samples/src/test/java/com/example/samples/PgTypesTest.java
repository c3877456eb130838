package com.example.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.wormhole.agent.Premain;
import io.wormhole.testing.PostgresCluster;
import java.sql.Connection;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.geometric.PGpoint;
import org.postgresql.util.PGInterval;
import org.postgresql.util.PGobject;

/** pgJDBC's value classes through the agent: arguments, parameters, results, and an application's subclass. */
@ExtendWith(PostgresCluster.class)
class PgTypesTest {
    @BeforeAll
    static void installAgent() {
        Premain.install(ByteBuddyAgent.install());
    }

    @Test
    void pgJdbcValuesGoInAndComeBackAsOnTheClient() throws Exception {
        try (Connection c = PostgresCluster.connect()) {
            Object[] r = PgTypes.stretch(c, new PgTypes.Jsonb("{\"days\": 3}"), new PGInterval("2 days 01:00:00"),
                    new PGpoint(1, 2));
            assertThat(r[0]).isInstanceOf(PGInterval.class).isEqualTo(new PGInterval("6 days 03:00:00"));
            assertThat(r[1]).isEqualTo(new PGpoint(4, 2));
            assertThat(r[2]).isExactlyInstanceOf(PGobject.class);
            assertThat(((PGobject) r[2]).getType()).isEqualTo("jsonb");
            assertThat(((PGobject) r[2]).getValue()).isEqualTo("{\"seen\": {\"days\": 3}}");
            assertThat(r[3]).isEqualTo(6);
            assertThat(r[4]).as("ran in the backend").isEqualTo("Wormhole JDBC over SPI");
        }
    }
}
