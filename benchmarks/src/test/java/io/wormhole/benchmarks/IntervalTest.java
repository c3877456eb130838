package io.wormhole.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.util.ListStatistics;

class IntervalTest {
    @Test
    void aTargetIsMetOnlyWhenTheWholeIntervalClearsIt() {
        // A point ratio of 4.7 clears "at least 4.5×", but its interval does not.
        assertThat(new Interval(4.7, 4.1, 5.3).atLeast(4.5)).isEqualTo("unclear");
        assertThat(new Interval(4.7, 4.6, 4.8).atLeast(4.5)).isEqualTo("met");
        assertThat(new Interval(4.3, 4.1, 4.4).atLeast(4.5)).isEqualTo("**missed**");
        assertThat(new Interval(1.2, 1.1, 1.4).atMost(1.3)).isEqualTo("unclear");
        assertThat(new Interval(1.2, 1.1, 1.3).atMost(1.3)).isEqualTo("met");
        assertThat(new Interval(1.5, 1.31, 1.7).atMost(1.3)).isEqualTo("**missed**");
    }

    @Test
    void aRatioSpansTheCornersOfBothIntervalsAndIsUnboundedWhenTheDivisorMayBeZero() {
        Interval ratio = new Interval(10, 8, 12).over(new Interval(2, 1, 4));
        assertThat(ratio.value()).isEqualTo(5);
        assertThat(ratio.low()).isEqualTo(2);
        assertThat(ratio.high()).isEqualTo(12);
        Interval unbounded = new Interval(10, 8, 12).over(new Interval(2, -1, 5));
        assertThat(unbounded.high()).isInfinite();
        assertThat(unbounded.atMost(100)).isEqualTo("unclear");
        assertThat(unbounded.atLeast(0.01)).isEqualTo("unclear");
    }

    @Test
    void aDifferenceWidensByBothIntervalsAndANegativeFactorSwapsTheBounds() {
        Interval d = new Interval(10, 9, 11).minus(new Interval(4, 3, 5));
        assertThat(d).isEqualTo(new Interval(6, 4, 8));
        assertThat(d.times(-2)).isEqualTo(new Interval(-12, -16, -8));
    }

    @Test
    void theIntervalOfRepetitionsIsTheirMeanWithTheConfidenceIntervalAtNinetyNinePercent() {
        ListStatistics five = new ListStatistics();
        for (double v : new double[] {10, 11, 9, 10, 10}) {
            five.addValue(v);
        }
        Interval i = Interval.of(five);
        assertThat(i.value()).isEqualTo(10);
        // t(0.995, 4) = 4.604; the standard error is sqrt(0.5 / 5).
        assertThat(i.high() - i.value()).isCloseTo(4.604 * Math.sqrt(0.5 / 5), within(1e-3));
        assertThat(i.low()).isCloseTo(2 * i.value() - i.high(), within(1e-9));
    }

    @Test
    void roundsRatiosAreSummedUpSymmetricallyOnTheirLogarithms() {
        ListStatistics ratios = new ListStatistics(new double[] {2, 0.5, 1.6, 0.625, 1});
        ListStatistics inverse = new ListStatistics(new double[] {0.5, 2, 0.625, 1.6, 1});
        Interval i = Interval.ofRatios(ratios);
        Interval j = Interval.ofRatios(inverse);
        // The arithmetic mean says 1.145 whichever way round: each way slower than the other. The geometric mean: 1.
        assertThat(ratios.getMean()).isCloseTo(1.145, within(1e-9));
        assertThat(inverse.getMean()).isCloseTo(1.145, within(1e-9));
        assertThat(i.value()).isCloseTo(1, within(1e-9));
        assertThat(i.value() * j.value()).isCloseTo(1, within(1e-9));
        assertThat(i.low() * j.high()).isCloseTo(1, within(1e-9));
        // The interval is the logarithms' interval, taken back.
        ListStatistics logs = new ListStatistics();
        for (double r : new double[] {2, 0.5, 1.6, 0.625, 1}) {
            logs.addValue(Math.log(r));
        }
        assertThat(i.high()).isCloseTo(Math.exp(Interval.of(logs).high()), within(1e-9));
    }

    @Test
    void aRatioThatIsNotPositiveLeavesTheGeometricMeanUnbounded() {
        Interval i = Interval.ofRatios(new ListStatistics(new double[] {1.2, -0.3, 1.1}));
        assertThat(i.high()).isInfinite();
        assertThat(i.atMost(100)).isEqualTo("unclear");
    }
}
