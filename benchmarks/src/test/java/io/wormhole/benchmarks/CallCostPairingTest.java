package io.wormhole.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.util.ListStatistics;

class CallCostPairingTest {
    /**
     * Rounds on a machine whose speed drifts by half: each way's own interval is wide, but a ratio taken within each
     * round sees both sides slowed alike, so its interval is narrow and decides a 1.25× target the ways' intervals
     * could not.
     */
    @Test
    void aRatioTakenWithinRoundsIsNotWidenedByTheMachinesDrift() {
        List<Map<String, Double>> rounds = new ArrayList<>();
        ListStatistics remote = new ListStatistics();
        ListStatistics plain = new ListStatistics();
        double[] slowness = {1.0, 1.5, 1.1, 1.4, 1.0, 1.3, 1.2, 1.5};
        double[] jitter = {1.00, 1.02, 0.99, 1.01, 1.00, 0.98, 1.01, 1.00};
        for (int i = 0; i < slowness.length; i++) {
            double r = 60 * slowness[i] * jitter[i];
            double p = 50 * slowness[i];
            rounds.add(Map.of("remote", r, "plain", p, "other", 1.0));
            remote.addValue(r);
            plain.addValue(p);
        }
        Interval paired = Interval.ofRatios(CallCostFigures.paired(rounds, "remote", "plain"));
        assertThat(paired.value()).isCloseTo(1.2, within(0.01));
        assertThat(paired.atMost(1.25)).isEqualTo("met");
        assertThat(Interval.of(remote).over(Interval.of(plain)).atMost(1.25)).isEqualTo("unclear");
    }

    @Test
    void onlyRoundsThatMeasuredBothWaysCount() {
        List<Map<String, Double>> rounds = List.of(Map.of("a", 2.0, "b", 1.0), Map.of("a", 9.0),
                Map.of("a", 4.0, "b", 2.0), Map.of("b", 5.0));
        assertThat(CallCostFigures.paired(rounds, "a", "b").getN()).isEqualTo(2);
    }

    @Test
    void furtherStatementsCompareEachRoundsOwnDifferences() {
        // Round 2 is slower throughout: each way's N = 21 minus its N = 1 is taken within the round first.
        List<Map<String, Double>> rounds = List.of(
                Map.of("a1", 60.0, "a21", 140.0, "b1", 50.0, "b21", 90.0),
                Map.of("a1", 90.0, "a21", 210.0, "b1", 75.0, "b21", 135.0));
        ListStatistics ratios = CallCostFigures.pairedDifferences(rounds, "a1", "a21", "b1", "b21");
        assertThat(ratios.getN()).isEqualTo(2);
        assertThat(ratios.getMin()).isEqualTo(2.0);
        assertThat(ratios.getMax()).isEqualTo(2.0);
    }
}
