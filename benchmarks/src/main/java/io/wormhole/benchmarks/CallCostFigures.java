package io.wormhole.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
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
 * its CPU time per call on both sides, and the ratios of @Remote's cost to the baselines' with intervals that decide
 * whether a target is met ({@link Interval}). A ratio is taken within each round of turns (the iterations that
 * measured every way once, seconds apart), and summed up as the geometric mean of the rounds' ratios
 * ({@link Interval#ofRatios}).
 */
final class CallCostFigures {
    private static final String[] GAPS = {"0.5", "2", "10"};
    /** The gap issues 10 and 11 state their targets at. */
    private static final String TARGET_GAP = "2";
    /** The long chain back to back, as the keys name it. */
    private static final String LONG = Integer.toString(CallCostBench.LONG_CHAIN);
    private static final String[] WAYS = {"remote", "plpgsql", "plainJdbc"};
    private static final Map<String, String> NAMES = Map.of("remote", "@Remote", "plpgsql", "PL/pgSQL",
            "plainJdbc", "plain pgJDBC");

    /** Each way's samples so far, by benchmark, way and parameters: a run may come in several passes. */
    private final Map<String, Samples> samples = new TreeMap<>();
    /** Each round's median call by key: the ways' iterations that ran next to each other. */
    private final List<Map<String, Double>> rounds = new ArrayList<>();
    /** Each measurement iteration's CPU per call in µs, client and backend, by the same keys. */
    private final Map<String, ListStatistics[]> cpu = new TreeMap<>();
    private int passes;

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
        for (RunResult r : results) {
            boolean backToBack = CallCostBench.backToBack(r.getParams().getBenchmark());
            for (BenchmarkResult fork : r.getBenchmarkResults()) {
                int index = 0;
                Map<String, Double> round = null;
                for (IterationResult iteration : fork.getIterationResults()) {
                    if (index % CallCostBench.turns(backToBack) == 0) {
                        round = new TreeMap<>();
                        rounds.add(round);
                    }
                    String key = key(r.getParams(), CallCostBench.turn(backToBack, index++));
                    Samples s = samples.computeIfAbsent(key, k -> new Samples());
                    Statistics calls = iteration.getPrimaryResult().getStatistics();
                    s.medians.addValue(calls.getPercentile(50));
                    round.put(key, calls.getPercentile(50));
                    for (var it = calls.getRawData(); it.hasNext(); ) {
                        var sample = it.next();
                        s.calls.addValue(sample.getKey(), sample.getValue());
                    }
                }
            }
        }
    }

    /** A pass begins: a fresh client, with fresh backends. */
    void startPass() {
        passes++;
    }

    /** Adds the CPU lines {@link CallCpu} wrote during one pass, and empties the file for the next. */
    void collectCpu(Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] f = line.split("\t");
            double calls = Double.parseDouble(f[1]);
            ListStatistics[] sides = cpu.computeIfAbsent(f[0], k -> new ListStatistics[] {new ListStatistics(),
                    new ListStatistics()});
            sides[0].addValue(Double.parseDouble(f[2]) / calls / 1000);
            sides[1].addValue(Double.parseDouble(f[3]) / calls / 1000);
        }
        Files.delete(file);
    }

    static String key(BenchmarkParams p, CallCostBench.Turn turn) {
        String n = Integer.toString(turn.n());
        return CallCostBench.backToBack(p.getBenchmark()) ? backToBack(turn.way(), n)
                : afterIdle(p.getParam("idleMillis"), turn.way(), n);
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
        return new Way(Interval.of(s.medians), s.calls.getPercentile(90), s.calls.getN(), s.medians.getN());
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
                .append(" reused prepared statement (one round trip per lookup). Every way gets the same priming (")
                .append(Priming.MILLIS / 1000.0).append(" s of back-to-back calls, taken one call of each way in turn,")
                .append(" which starts the backend's JVM for `@Remote`) and the same JMH warm-up.")
                .append(" JMH's sample mode times each call on its own. After an idle gap, the client parks for the gap")
                .append(" in a JMH invocation-level setup, outside the measured region, so the server sees no traffic")
                .append(" for that long and each sample is the call alone (a call lasts far longer than the two clock")
                .append(" reads JMH adds around it). Timing park and call together and subtracting a benchmark that")
                .append(" only parks would add the park's wake-up jitter to every sample and subtract distributions")
                .append(" that were never paired.\n\n")
                .append(String.format(Locale.ROOT, "The three ways run in one client, each on its own connection, and"
                        + " take turns iteration by iteration (back to back, every chain length too): a round of turns"
                        + " measures each once, seconds apart. A way's figure is the mean of its iterations' median"
                        + " calls, with a %.0f %% confidence interval across iterations (consecutive calls are not"
                        + " independent repetitions; iterations are). A ratio here is @Remote's time divided by the"
                        + " baseline's (below 1, @Remote is faster: the other way round from the tables above), taken"
                        + " within each round, where both ways met the same machine; its figure is the geometric mean"
                        + " of the rounds' ratios, and its %.0f %% interval that of their logarithms' mean, taken back"
                        + " (%d rounds back to back, %d after each gap, in %d passes, each a fresh client with fresh"
                        + " backends). The arithmetic mean of ratios would lean against whichever way is divided:"
                        + " rounds of 2 and 0.5 average 1.25 whichever way round they are taken. A target is met when"
                        + " the whole interval is"
                        + " within it, missed when the whole interval is beyond it, and unclear otherwise. The"
                        + " interval is this run's: runs of the same build a quarter of an hour apart on this shared"
                        + " machine have moved these ratios by more than it (`server-loader/native/README.md`, twelfth"
                        + " round), so a verdict near its threshold holds for this run only.%n%n",
                        Interval.CONFIDENCE * 100, Interval.CONFIDENCE * 100,
                        paired(rounds, backToBack("remote", "1"), backToBack("plainJdbc", "1")).getN(),
                        paired(rounds, afterIdle(TARGET_GAP, "remote", "5"), afterIdle(TARGET_GAP, "plpgsql", "5"))
                                .getN(), passes));
        if (complete) {
            for (String way : WAYS) {
                for (String gap : GAPS) {
                    get(afterIdle(gap, way, "5"));
                }
                for (String n : new String[] {"1", "2", LONG}) {
                    get(backToBack(way, n));
                }
            }
        }
        md.append("Back to back:\n\n| way | N = 1: median | p90 | N = 2: median | N = " + LONG + ": median | each"
                + " further statement |\n|---|---|---|---|---|---|\n");
        for (String way : WAYS) {
            String one = backToBack(way, "1");
            String two = backToBack(way, "2");
            String many = backToBack(way, LONG);
            md.append("| ").append(NAMES.get(way)).append(" | ")
                    .append(has(one) ? get(one).median().micros() + " | " + p90(get(one)) : "– | –").append(" | ")
                    .append(has(two) ? get(two).median().micros() : "–").append(" | ")
                    .append(has(many) ? get(many).median().micros() : "–").append(" | ")
                    .append(has(one, many) ? perStatement(way).micros() : "–").append(" |\n");
        }
        md.append("\nAfter an idle gap, N = 5 (the gap is not in the time):\n\n| way |");
        for (String gap : GAPS) {
            md.append(' ').append(gap).append(" ms gap: median | p90 |");
        }
        md.append("\n|---|").append("---|---|".repeat(GAPS.length)).append('\n');
        for (String way : WAYS) {
            md.append("| ").append(NAMES.get(way)).append(" |");
            for (String gap : GAPS) {
                String idle = afterIdle(gap, way, "5");
                md.append(' ').append(has(idle) ? get(idle).median().micros() + " | " + p90(get(idle)) : "– | –")
                        .append(" |");
            }
            md.append('\n');
        }
        cpuTable(md);
        md.append("\n| figure | ratio (interval) | target | verdict |\n|---|---|---|---|\n");
        for (String gap : GAPS) {
            String remoteIdle = afterIdle(gap, "remote", "5");
            for (String baseline : new String[] {"plpgsql", "plainJdbc"}) {
                if (has(remoteIdle, afterIdle(gap, baseline, "5"))) {
                    figure(md, verdicts, "calls after a " + gap + " ms idle gap, N = 5: @Remote ÷ "
                            + NAMES.get(baseline), paired(remoteIdle, afterIdle(gap, baseline, "5")),
                            gap.equals(TARGET_GAP) && baseline.equals("plpgsql")
                                    ? new Target[] {new Target(11, 1.3), new Target(10, 1.5)} : new Target[0]);
                }
            }
        }
        // "At least 0.8× plain pgJDBC's speed": @Remote's time at most 1 / 0.8 of pgJDBC's.
        if (has(backToBack("remote", "1"), backToBack("plainJdbc", "1"))) {
            figure(md, verdicts, "back to back, one lookup: @Remote ÷ plain pgJDBC",
                    paired(backToBack("remote", "1"), backToBack("plainJdbc", "1")), new Target(11, 1 / 0.8),
                    new Target(10, 1.3));
        }
        if (has(backToBack("remote", "2"), backToBack("plainJdbc", "2"))) {
            figure(md, verdicts, "back to back, N = 2: @Remote ÷ plain pgJDBC",
                    paired(backToBack("remote", "2"), backToBack("plainJdbc", "2")), new Target(11, 1));
        }
        if (has(backToBack("remote", "1"), backToBack("remote", LONG), backToBack("plpgsql", "1"),
                backToBack("plpgsql", LONG))) {
            figure(md, verdicts, "each further statement (N = " + LONG + " minus N = 1, ÷ "
                    + (CallCostBench.LONG_CHAIN - 1) + "): @Remote ÷ PL/pgSQL", perStatementRatio("remote", "plpgsql"),
                    new Target(11, 1.2), new Target(10, 1.3));
        }
    }

    /**
     * CPU per call next to the wall time: the client's benchmark thread, and the backend process with every thread
     * of its JVM, each measurement iteration's CPU divided by its calls.
     */
    private void cpuTable(StringBuilder md) {
        if (cpu.isEmpty()) {
            return;
        }
        md.append(String.format(Locale.ROOT, "%nCPU per call (µs, mean over the measurement iterations with its"
                + " %.0f %% interval): the client's calling thread (ThreadMXBean; after a gap, the wait's own CPU"
                + " left out) and the backend process, all its threads and its JVM's included (`utime + stime` from"
                + " `/proc/<pg_backend_pid()>/stat`, read around each iteration; the kernel counts it in clock ticks,"
                + " so an iteration's figure is good to a tick over its calls).%n%n| calls | way | wall (median) |"
                + " client CPU | backend CPU | both |%n|---|---|---|---|---|---|%n", Interval.CONFIDENCE * 100));
        List<String[]> rows = new ArrayList<>();
        for (String n : new String[] {"1", "2", LONG}) {
            rows.add(new String[] {"back to back, N = " + n, "BackToBack", n});
        }
        for (String gap : GAPS) {
            rows.add(new String[] {"after a " + gap + " ms gap, N = 5", gap, "5"});
        }
        for (String[] row : rows) {
            for (String way : WAYS) {
                String key = row[1].equals("BackToBack") ? backToBack(way, row[2]) : afterIdle(row[1], way, row[2]);
                ListStatistics[] sides = cpu.get(key);
                if (sides == null || !has(key)) {
                    continue;
                }
                Interval client = Interval.of(sides[0]);
                Interval backend = Interval.of(sides[1]);
                md.append("| ").append(row[0]).append(" | ").append(NAMES.get(way)).append(" | ")
                        .append(String.format(Locale.ROOT, "%.1f", get(key).median().value())).append(" | ")
                        .append(client.micros()).append(" | ").append(backend.micros()).append(" | ")
                        .append(String.format(Locale.ROOT, "%.1f", client.value() + backend.value())).append(" |\n");
            }
        }
    }

    private static String p90(Way w) {
        return String.format(Locale.ROOT, "%.1f µs (%d calls in %d iterations)", w.p90(), w.calls(),
                w.iterations());
    }

    /** The ratios {@code a / b} of the rounds that measured both. */
    static ListStatistics paired(List<Map<String, Double>> rounds, String a, String b) {
        ListStatistics ratios = new ListStatistics();
        for (Map<String, Double> round : rounds) {
            if (round.containsKey(a) && round.containsKey(b)) {
                ratios.addValue(round.get(a) / round.get(b));
            }
        }
        return ratios;
    }

    /**
     * The ratios of each further statement's cost, {@code (aLong - a1) / (bLong - b1)}, of the rounds that measured
     * all four.
     */
    static ListStatistics pairedDifferences(List<Map<String, Double>> rounds, String a1, String aLong, String b1,
            String bLong) {
        ListStatistics ratios = new ListStatistics();
        for (Map<String, Double> round : rounds) {
            if (round.containsKey(a1) && round.containsKey(aLong) && round.containsKey(b1) && round.containsKey(bLong)) {
                ratios.addValue((round.get(aLong) - round.get(a1)) / (round.get(bLong) - round.get(b1)));
            }
        }
        return ratios;
    }

    private Interval paired(String a, String b) {
        return Interval.ofRatios(paired(rounds, a, b));
    }

    /** Each further statement's cost, {@code a}'s over {@code b}'s, by the geometric mean of the rounds' ratios. */
    Interval perStatementRatio(String a, String b) {
        return Interval.ofRatios(pairedDifferences(rounds, backToBack(a, "1"), backToBack(a, LONG), backToBack(b, "1"),
                backToBack(b, LONG)));
    }

    /** Each further statement's cost back to back, one way: the long chain's median minus one lookup's, per statement. */
    Interval perStatement(String way) {
        return get(backToBack(way, LONG)).median().minus(get(backToBack(way, "1")).median())
                .times(1.0 / (CallCostBench.LONG_CHAIN - 1));
    }

    /** An upper bound on a ratio, and the issue that sets it. */
    record Target(int issue, double atMost) {}

    /** A figure's row and, for each target it has (issue 11's first, then issue 10's), its verdict. */
    private static void figure(StringBuilder md, List<String> verdicts, String what, Interval ratio,
            Target... targets) {
        md.append("| ").append(what).append(" | ").append(ratio.ratio()).append(" | ");
        if (targets.length == 0) {
            md.append("– | – |\n");
            return;
        }
        StringJoiner shown = new StringJoiner("; ");
        StringJoiner judged = new StringJoiner("; ");
        for (Target t : targets) {
            String verdict = ratio.atMost(t.atMost());
            String target = String.format(Locale.ROOT, "within %.2f× (issue %d)", t.atMost(), t.issue());
            shown.add(target);
            judged.add(verdict);
            verdicts.add(verdict + ": " + what + " " + target + " (" + ratio.ratio() + ")");
        }
        md.append(shown).append(" | ").append(judged).append(" |\n");
    }
}
