package io.wormhole.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.util.ListStatistics;

class InterleavedPairingTest {
    /** One round's medians in the ways' turn order: @Remote, PL/pgSQL, plain pgJDBC, SELECT 1 proxied and direct. */
    private static List<Double> round(double remote, double plpgsql, double plain, double proxied, double direct) {
        return List.of(remote, plpgsql, plain, proxied, direct);
    }

    @Test
    void everyRoundMeasuresEachWayOnceAndAnUnfinishedRoundCountsNot() {
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < InterleavedBench.WAYS.size(); i++) {
            seen.add(InterleavedBench.turn(i));
        }
        assertThat(seen).doesNotHaveDuplicates().containsExactlyElementsOf(InterleavedBench.WAYS);
        List<Double> medians = new ArrayList<>(round(1500, 1450, 7200, 1440, 40));
        medians.addAll(List.of(1600.0, 1500.0));
        List<Map<String, Double>> rounds = InterleavedBench.rounds(medians);
        assertThat(rounds).hasSize(1);
        assertThat(rounds.get(0)).containsEntry("remote", 1500.0).containsEntry("plainJdbc", 7200.0)
                .containsEntry("directSelect", 40.0);
    }

    /**
     * A round whose link added 1.4 ms: plain pgJDBC's five round trips each carry 0.4 ms more than at 1 ms, @Remote's
     * one carries it once. Judged at 1 ms, the speed-up is lower than as measured, since the overshoot flatters the
     * way with more round trips.
     */
    @Test
    void theRoundsOwnOvershootIsTakenFromEachRoundTrip() {
        List<Map<String, Double>> rounds = InterleavedBench.rounds(round(1500, 1450, 7200, 1440, 40));
        assertThat(InterleavedBench.roundTrips(rounds).getMean()).isCloseTo(1400, within(1e-9));
        assertThat(InterleavedBench.asMeasured(rounds).getMean()).isCloseTo(7200.0 / 1500, within(1e-9));
        assertThat(InterleavedBench.atNominal(rounds, 5).getMean())
                .isCloseTo((7200.0 - 5 * 400) / (1500 - 400), within(1e-9));
    }

    /** A link that fell short of 1 ms (0.9 ms added) is charged the shortfall instead: the speed-up rises. */
    @Test
    void aShortRoundTripIsMadeUpTheSameWay() {
        List<Map<String, Double>> rounds = InterleavedBench.rounds(round(1000, 980, 4700, 940, 40));
        ListStatistics nominal = InterleavedBench.atNominal(rounds, 5);
        assertThat(nominal.getMean()).isCloseTo((4700.0 + 5 * 100) / (1000 + 100), within(1e-9));
        assertThat(nominal.getMean()).isGreaterThan(InterleavedBench.asMeasured(rounds).getMean());
    }

    /** Two rounds on a machine that slowed down between them: each speed-up is its own round's. */
    @Test
    void speedUpsArePairedWithinRounds() {
        List<Double> medians = new ArrayList<>(round(1100, 1050, 5200, 1040, 40));
        medians.addAll(round(2200, 2100, 8800, 2080, 80));
        ListStatistics measured = InterleavedBench.asMeasured(InterleavedBench.rounds(medians));
        assertThat(measured.getN()).isEqualTo(2);
        assertThat(measured.getMin()).isCloseTo(8800.0 / 2200, within(1e-9));
        assertThat(measured.getMax()).isCloseTo(5200.0 / 1100, within(1e-9));
    }
}
