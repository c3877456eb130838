package com.example.services;

import static org.assertj.core.api.Assertions.assertThat;

import io.wormhole.agent.Premain;
import io.wormhole.testing.PostgresCluster;
import java.sql.Connection;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An EnumMap travels both ways as an EnumMap, empty or not: as an argument it failed on the server (22P03), and a
 * result declared EnumMap failed in the client with a ClassCastException. (No fixture class in the test's own
 * signatures: see {@link ServiceClassesTest}.)
 */
@ExtendWith(PostgresCluster.class)
class EnumMapsTest {

    @BeforeAll
    static void installAgent() {
        Premain.install(ByteBuddyAgent.install());
    }

    @Test
    void anEnumMapGoesInAndComesBackAsOne() throws Exception {
        try (Connection c = PostgresCluster.connect()) {
            java.util.EnumMap<Tally.Shift, Integer> none = Tally.none(c);
            assertThat(none).isEmpty();
            java.util.EnumMap<Tally.Shift, Integer> one = Tally.add(c, none, Tally.Shift.NIGHT);
            java.util.EnumMap<Tally.Shift, Integer> two = Tally.add(c, one, Tally.Shift.EARLY);
            assertThat(Tally.add(c, two, Tally.Shift.NIGHT)).isInstanceOf(java.util.EnumMap.class)
                    .containsExactly(java.util.Map.entry(Tally.Shift.EARLY, 1), java.util.Map.entry(Tally.Shift.NIGHT, 2));
        }
    }
}
