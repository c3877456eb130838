package io.wormhole.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.util.ListStatistics;

class RowsPairingTest {
    /** Measurement iterations in order: plain pgJDBC first, then @Remote, round after round. */
    @Test
    void theWaysTakeTurnsAndEachKeepsItsOwnTimes() {
        assertThat(List.of(RowsBench.turn(0), RowsBench.turn(1), RowsBench.turn(2))).containsExactly("plainJdbc",
                "remote", "plainJdbc");
        List<ListStatistics> ways = RowsBench.byWay(List.of(600.0, 1100.0, 700.0, 1300.0, 650.0));
        assertThat(ways.get(RowsBench.WAYS.indexOf("plainJdbc")).getMean()).isCloseTo(650.0, within(1e-9));
        assertThat(ways.get(RowsBench.WAYS.indexOf("remote")).getMean()).isCloseTo(1200.0, within(1e-9));
    }

    /** Each ratio is taken within its round, so a slower round moves both sides; an unfinished round counts not. */
    @Test
    void ratiosAreTakenWithinRounds() {
        ListStatistics ratios = RowsBench.ratios(List.of(500.0, 900.0, 1000.0, 1800.0, 700.0));
        assertThat(ratios.getN()).isEqualTo(2);
        assertThat(ratios.getMin()).isCloseTo(1.8, within(1e-9));
        assertThat(ratios.getMax()).isCloseTo(1.8, within(1e-9));
    }
}
