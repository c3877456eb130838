package io.wormhole.benchmarks;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.util.ListStatistics;
import org.openjdk.jmh.util.MultisetStatistics;
import org.openjdk.jmh.util.Statistics;

/**
 * The call-cost figures from one run of {@link CallCostBench}: each way's median call with a confidence interval,
 * and the ratios of @Remote's cost to the baselines' with intervals that decide whether a target is met.
 */
final class CallCostFigures {
    /** Each way's interval; a ratio's, built from two (or four) of them, covers at least 98 % (96 %). */
    private static final double CONFIDENCE = 0.99;
    private static final String IDLE = "2";
    private static final String[] WAYS = {"remote", "plpgsql", "plainJdbc"};
    private static final Map<String, String> NAMES = Map.of("remote", "@Remote", "plpgsql", "PL/pgSQL",
            "plainJdbc", "plain pgJDBC");

    /** Each way's samples so far, by benchmark, way and parameters: a run may come in several passes. */
    private final Map<String, Samples> samples = new TreeMap<>();
    private int passes;

    /** A value with its confidence interval, in µs or as a ratio. */
    record Interval(double value, double low, double high) {
        Interval minus(Interval b) {
            return new Interval(value - b.value, low - b.high, high - b.low);
        }

        Interval times(double factor) {
            return new Interval(value * factor, low * factor, high * factor);
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

        String micros() {
            return String.format(Locale.ROOT, "%.1f µs (%.1f – %.1f)", value, low, high);
        }

        String ratio() {
            return Double.isInfinite(high) ? String.format(Locale.ROOT, "%.2f× (unbounded)", value)
                    : String.format(Locale.ROOT, "%.2f× (%.2f – %.2f)", value, low, high);
        }
    }

    /**
     * One way's calls in one benchmark: each measurement iteration's median (the iterations are the independent
     * repetitions; consecutive calls are not), and every call pooled, for the tail.
     */
    private static final class Samples {
        final ListStatistics medians = new ListStatistics();
        final MultisetStatistics calls = new MultisetStatistics();
    }

    /** A way's figure: the mean of the iterations' medians with its interval, and the pooled 90th percentile. */
    private record Way(Interval median, double p90, long calls, long iterations) {}

    /** Adds one pass over the benchmarks. */
    void collect(Collection<RunResult> results) {
        passes++;
        for (RunResult r : results) {
            Samples s = samples.computeIfAbsent(key(r.getParams()), k -> new Samples());
            for (BenchmarkResult fork : r.getBenchmarkResults()) {
                for (IterationResult iteration : fork.getIterationResults()) {
                    Statistics calls = iteration.getPrimaryResult().getStatistics();
                    s.medians.addValue(calls.getPercentile(50));
                    for (var it = calls.getRawData(); it.hasNext(); ) {
                        var sample = it.next();
                        s.calls.addValue(sample.getKey(), sample.getValue());
                    }
                }
            }
        }
    }

    private static String key(BenchmarkParams p) {
        String bench = p.getBenchmark().replaceAll(".*\\.(\\w+)\\.call$", "$1");
        return bench.equals("AfterIdle") ? afterIdle(p.getParam("idleMillis"), p.getParam("way"), p.getParam("n"))
                : backToBack(p.getParam("way"), p.getParam("n"));
    }

    private static String afterIdle(String idle, String way, String n) {
        return "AfterIdle idle=" + idle + " way=" + way + " n=" + n;
    }

    private static String backToBack(String way, String n) {
        return "BackToBack way=" + way + " n=" + n;
    }

    private Way get(String key) {
        Samples s = samples.get(key);
        if (s == null) {
            throw new IllegalStateException("no result for " + key);
        }
        double[] ci = s.medians.getConfidenceIntervalAt(CONFIDENCE);
        return new Way(new Interval(s.medians.getMean(), ci[0], ci[1]), s.calls.getPercentile(90), s.calls.getN(),
                s.medians.getN());
    }

    private boolean has(String... keys) {
        for (String k : keys) {
            if (!samples.containsKey(k)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The section of RESULTS.md and its verdicts. A partial run (bench.sh --only) writes the parts whose
     * benchmarks ran; a full run has them all, which {@code complete} checks.
     */
    void section(StringBuilder md, List<String> verdicts, boolean complete) {
        md.append("\n## Call cost at 0 ms, one connection: after an idle gap, one lookup, each further statement\n\n")
                .append("The same dependent point lookups three ways, each on a backend of its own: `@Remote`, a PL/pgSQL")
                .append(" function with static SQL called through a reused prepared statement, and plain pgJDBC with one")
                .append(" reused prepared statement (one round trip per lookup). Every way gets the same priming (1.5 s")
                .append(" of back-to-back calls, which starts the backend's JVM for `@Remote`) and the same JMH warm-up.")
                .append(" JMH's sample mode times each call on its own. After an idle gap, the client parks for the gap")
                .append(" in a JMH invocation-level setup, outside the measured region, so the server sees no traffic")
                .append(" for that long and each sample is the call alone (a call lasts far longer than the two clock")
                .append(" reads JMH adds around it). Timing park and call together and subtracting a benchmark that")
                .append(" only parks would add the park's wake-up jitter to every sample and subtract distributions")
                .append(" that were never paired.\n\n")
                .append(String.format(Locale.ROOT, "A way's figure is the mean of the measurement iterations' median"
                        + " calls, with a %.0f %% confidence interval across iterations (the iterations are the"
                        + " independent repetitions; consecutive calls are not). A ratio here is @Remote's time divided"
                        + " by the baseline's (below 1, @Remote is faster: the other way round from the tables above);"
                        + " its interval is the range of that ratio over both ways' intervals (a slope"
                        + " over four), so it covers the true ratio with at least 98 %% (96 %%) confidence. A target is"
                        + " met when the whole interval is within it, missed when the whole interval is beyond it, and"
                        + " unclear otherwise. JMH runs the ways one after another; the whole set runs in %d passes, so"
                        + " that each way is measured in stretches spread over the run, but load from elsewhere on the"
                        + " machine can still move a ratio by more than its interval says: these figures are only as"
                        + " good as the machine is quiet.%n%n", CONFIDENCE * 100, passes));
        if (complete) {
            for (String way : WAYS) {
                get(afterIdle(IDLE, way, "5"));
                get(backToBack(way, "1"));
                get(backToBack(way, "21"));
            }
        }
        md.append("| way | after a " + IDLE + " ms gap, N = 5: median | p90 | back to back, N = 1: median | p90 |"
                + " N = 21: median | each further statement |\n|---|---|---|---|---|---|---|\n");
        for (String way : WAYS) {
            md.append("| ").append(NAMES.get(way)).append(" | ");
            String idle = afterIdle(IDLE, way, "5");
            md.append(has(idle) ? get(idle).median().micros() + " | " + p90(get(idle)) : "– | –").append(" | ");
            String one = backToBack(way, "1");
            String many = backToBack(way, "21");
            md.append(has(one) ? get(one).median().micros() + " | " + p90(get(one)) : "– | –").append(" | ");
            md.append(has(many) ? get(many).median().micros() : "–").append(" | ");
            md.append(has(one, many) ? slope(way).micros() : "–").append(" |\n");
        }
        md.append("\n| figure | ratio (interval) | target | verdict |\n|---|---|---|---|\n");
        String remoteIdle = afterIdle(IDLE, "remote", "5");
        if (has(remoteIdle, afterIdle(IDLE, "plpgsql", "5"))) {
            figure(md, verdicts, "calls after a " + IDLE + " ms idle gap, N = 5: @Remote ÷ PL/pgSQL",
                    get(remoteIdle).median().over(get(afterIdle(IDLE, "plpgsql", "5")).median()), 1.5);
        }
        if (has(remoteIdle, afterIdle(IDLE, "plainJdbc", "5"))) {
            figure(md, verdicts, "calls after a " + IDLE + " ms idle gap, N = 5: @Remote ÷ plain pgJDBC",
                    get(remoteIdle).median().over(get(afterIdle(IDLE, "plainJdbc", "5")).median()), Double.NaN);
        }
        if (has(backToBack("remote", "1"), backToBack("plainJdbc", "1"))) {
            figure(md, verdicts, "back to back, one lookup: @Remote ÷ plain pgJDBC",
                    get(backToBack("remote", "1")).median().over(get(backToBack("plainJdbc", "1")).median()), 1.3);
        }
        if (has(backToBack("remote", "1"), backToBack("remote", "21"), backToBack("plpgsql", "1"),
                backToBack("plpgsql", "21"))) {
            figure(md, verdicts, "each further statement (N = 21 minus N = 1, ÷ 20): @Remote ÷ PL/pgSQL",
                    slope("remote").over(slope("plpgsql")), 1.3);
        }
    }

    private static String p90(Way w) {
        return String.format(Locale.ROOT, "%.1f µs (%d calls in %d iterations)", w.p90(), w.calls(),
                w.iterations());
    }

    private Interval slope(String way) {
        return get(backToBack(way, "21")).median().minus(get(backToBack(way, "1")).median()).times(1.0 / 20);
    }

    /** A figure's row and, when it has a target (an upper bound on the ratio), its verdict. */
    private static void figure(StringBuilder md, List<String> verdicts, String what, Interval ratio, double atMost) {
        md.append("| ").append(what).append(" | ").append(ratio.ratio()).append(" | ");
        if (Double.isNaN(atMost)) {
            md.append("– | – |\n");
            return;
        }
        String verdict = ratio.high() <= atMost ? "met" : ratio.low() > atMost ? "**missed**" : "unclear";
        String target = String.format(Locale.ROOT, "within %.1f×", atMost);
        md.append(target).append(" | ").append(verdict).append(" |\n");
        verdicts.add(verdict + ": " + what + " " + target + " (" + ratio.ratio() + ")");
    }
}
