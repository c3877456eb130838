package io.wormhole.benchmarks;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.util.ListStatistics;

/**
 * A figure with its confidence interval (a time, a rate, or a ratio of two of them), and the one rule every target
 * in RESULTS.md is judged by: met when the whole interval is on the right side of the bound, missed when the whole
 * interval is on the wrong side, unclear otherwise.
 */
record Interval(double value, double low, double high) {
    /** Each measured figure's interval; a ratio's, built from two (or four) of them, covers at least 98 % (96 %). */
    static final double CONFIDENCE = 0.99;

    /** The mean of independent repetitions (a benchmark's iterations) with its {@link #CONFIDENCE} interval. */
    static Interval of(ListStatistics repetitions) {
        double[] ci = repetitions.getConfidenceIntervalAt(CONFIDENCE);
        return new Interval(repetitions.getMean(), ci[0], ci[1]);
    }

    /**
     * Ratios taken within rounds (each round's a ÷ b): their geometric mean, with the {@link #CONFIDENCE} interval of
     * their logarithms' mean taken back. The arithmetic mean of ratios is not symmetric, so it leans against whichever
     * way is divided: rounds of 2 and 0.5 average 1.25 whichever way round they are taken, and one round where the
     * divisor met a quiet spell outweighs several of the other kind. Unbounded if a ratio is not positive.
     */
    static Interval ofRatios(ListStatistics ratios) {
        ListStatistics logs = new ListStatistics();
        for (Iterator<Map.Entry<Double, Long>> raw = ratios.getRawData(); raw.hasNext(); ) {
            Map.Entry<Double, Long> ratio = raw.next();
            if (!(ratio.getKey() > 0)) {
                return new Interval(ratios.getMean(), Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
            }
            for (long i = 0; i < ratio.getValue(); i++) {
                logs.addValue(Math.log(ratio.getKey()));
            }
        }
        Interval log = of(logs);
        return new Interval(Math.exp(log.value), Math.exp(log.low), Math.exp(log.high));
    }

    Interval minus(Interval b) {
        return new Interval(value - b.value, low - b.high, high - b.low);
    }

    Interval times(double factor) {
        return factor >= 0 ? new Interval(value * factor, low * factor, high * factor)
                : new Interval(value * factor, high * factor, low * factor);
    }

    /** The range of a / b over both intervals; unbounded when b's interval reaches zero. */
    Interval over(Interval b) {
        if (b.low <= 0) {
            return new Interval(value / b.value, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
        }
        double[] corners = {low / b.low, low / b.high, high / b.low, high / b.high};
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double c : corners) {
            min = Math.min(min, c);
            max = Math.max(max, c);
        }
        return new Interval(value / b.value, min, max);
    }

    /** The verdict on "this figure is at most {@code bound}". */
    String atMost(double bound) {
        return high <= bound ? "met" : low > bound ? "**missed**" : "unclear";
    }

    /** The verdict on "this figure is at least {@code bound}". */
    String atLeast(double bound) {
        return low >= bound ? "met" : high < bound ? "**missed**" : "unclear";
    }

    String micros() {
        return String.format(Locale.ROOT, "%.1f µs (%.1f – %.1f)", value, low, high);
    }

    /** In the unit given, with as many decimals as the value's size calls for. */
    String in(String unit) {
        String format = Math.abs(value) >= 100 ? "%.0f" : Math.abs(value) >= 10 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, format + " %s (" + format + " – " + format + ")", value, unit, low, high);
    }

    String ratio() {
        return Double.isInfinite(high) ? String.format(Locale.ROOT, "%.2f× (unbounded)", value)
                : String.format(Locale.ROOT, "%.2f× (%.2f – %.2f)", value, low, high);
    }
}
