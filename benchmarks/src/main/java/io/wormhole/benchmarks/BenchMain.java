package io.wormhole.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.util.ListStatistics;

/**
 * One run of every benchmark, then {@code benchmarks/RESULTS.md} and {@code benchmarks/speedup.png} from its
 * results. Arguments: the PostgreSQL port, the agent jar, the output folder, then {@code --quick} (short
 * iterations) and {@code --only REGEX} (run the matching benchmarks and print JMH's summary, and the call-cost
 * section when those ran; no report).
 */
public final class BenchMain {
    private static final String[] RTTS = {"0", "1", "5"};
    private static final String[] NS = {"1", "5", "20", "100"};
    private static final int[] CLIENTS = {1, 2, 4, 8};

    private final int port;
    private final String agent;
    private final boolean quick;
    private final Map<String, Score> scores = new TreeMap<>();
    private final List<String> verdicts = new ArrayList<>();
    private final CallCostFigures callCost = new CallCostFigures();
    /** RowsBench's measured iterations in order, the ways taking turns. */
    private final List<Double> rowsTimes = new ArrayList<>();
    /** InterleavedBench's measured iterations' median calls in order, the ways taking turns, by chain length. */
    private final Map<Integer, List<Double>> interleavedMedians = new TreeMap<>();
    private String serverVersion;
    private String netem;

    private BenchMain(int port, String agent, boolean quick) {
        this.port = port;
        this.agent = agent;
        this.quick = quick;
    }

    /**
     * A benchmark's figure in its unit: the mean over its measurement iterations (JMH's score) with the
     * {@link Interval#CONFIDENCE} interval across them, the same rule the call-cost figures use.
     */
    private record Score(Interval ci, String unit) {
        double value() {
            return ci.value();
        }

        String show() {
            return ci.in(unit);
        }
    }

    public static void main(String[] args) throws Exception {
        List<String> flags = List.of(args).subList(3, args.length);
        BenchMain bench = new BenchMain(Integer.parseInt(args[0]), args[1], flags.contains("--quick"));
        System.setProperty("bench.port", args[0]);
        try (Connection conn = Database.connect(bench.port)) {
            Database.setUp(conn);
            bench.serverVersion = conn.getMetaData().getDatabaseProductVersion();
        }
        int only = flags.indexOf("--only");
        if (only >= 0) {
            bench.runOnly(flags.get(only + 1));
            return;
        }
        Path out = Path.of(args[2]);
        bench.netem = netemProbe();
        bench.run();
        Files.createDirectories(out);
        Path results = out.resolve("RESULTS.md");
        String report = bench.report();
        // The figures under load come from bench.sh --load, a run of their own: kept as they were.
        Optional<String> load = Files.exists(results) ? LoadFigures.SECTION.body(Files.readString(results))
                : Optional.empty();
        if (load.isPresent()) {
            report = LoadFigures.SECTION.into(report, load.get());
        }
        Files.writeString(results, report);
        bench.chart(out.resolve("speedup.png"));
        System.out.println("wrote " + out.resolve("RESULTS.md") + " and " + out.resolve("speedup.png"));
    }

    /**
     * Why the proxy stands in for {@code tc netem}: the answer of an attempt to add a netem qdisc inside a network
     * namespace of its own (which touches no interface the machine uses).
     */
    private static String netemProbe() throws IOException, InterruptedException {
        String ns = "wormhole-bench-probe-" + ProcessHandle.current().pid();
        String answer = command("ip", "netns", "add", ns);
        if (answer.isEmpty()) {
            answer = command("ip", "netns", "exec", ns, "tc", "qdisc", "add", "dev", "lo", "root", "netem", "delay",
                    "1ms");
            command("ip", "netns", "del", ns);
        }
        return answer.isEmpty() ? "`tc netem` works on this machine, but the harness does not use it yet."
                : "`tc netem` in a network namespace is not available here (`" + answer.strip() + "`).";
    }

    /** Runs a command; its output (empty when it succeeded silently). */
    private static String command(String... argv) throws IOException, InterruptedException {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor() == 0 ? output : output.isBlank() ? argv[0] + " failed" : output;
        } catch (IOException e) {
            return argv[0] + ": " + e.getMessage();
        }
    }

    /**
     * A developer's partial run: JMH's own summary, and the call-cost section on standard output when its
     * benchmarks ran (RESULTS.md only ever comes from a full run).
     */
    private void runOnly(String regex) throws RunnerException, IOException {
        String callCostPrefix = CallCostBench.class.getName() + ".";
        List<String> matched = BenchmarkList.defaultList()
                .find(OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT), List.of(regex),
                        List.of())
                .stream().map(BenchmarkListEntry::getUsername).toList();
        if (matched.isEmpty()) {
            throw new IllegalArgumentException("no benchmark matches --only " + regex);
        }
        String rowsPrefix = RowsBench.class.getName() + ".";
        String interleavedPrefix = InterleavedBench.class.getName() + ".";
        List<String> singleShot = List.of(StartupBench.class.getName() + ".", StormBench.class.getName() + ".",
                AgentStartBench.class.getName() + ".");
        if (matched.stream().anyMatch(name -> !name.startsWith(callCostPrefix) && !name.startsWith(rowsPrefix)
                && !name.startsWith(interleavedPrefix) && singleShot.stream().noneMatch(name::startsWith))) {
            ChainedOptionsBuilder options = options(Mode.AverageTime).include(regex)
                    .exclude(Pattern.quote(callCostPrefix)).exclude(Pattern.quote(rowsPrefix))
                    .exclude(Pattern.quote(interleavedPrefix));
            singleShot.forEach(prefix -> options.exclude(Pattern.quote(prefix)));
            new Runner(options.build()).run();
        }
        // A sample of these is one cold start (or one storm of them): averaged over a time, it means nothing.
        for (String prefix : singleShot) {
            List<String> names = matched.stream().filter(name -> name.startsWith(prefix)).toList();
            if (!names.isEmpty()) {
                ChainedOptionsBuilder options = options(Mode.SingleShotTime).timeUnit(TimeUnit.MILLISECONDS)
                        .warmupIterations(2).measurementIterations(quick ? 3 : 10);
                names.forEach(name -> options.include("^" + Pattern.quote(name) + "$"));
                new Runner(options.build()).run();
            }
        }
        if (matched.stream().anyMatch(name -> name.startsWith(rowsPrefix))) {
            runRows();
            printSection(this::resultSection);
        }
        if (matched.stream().anyMatch(name -> name.startsWith(interleavedPrefix))) {
            runInterleaved();
            printSection(this::interleavedSection);
        }
        List<String> callCostNames = matched.stream().filter(name -> name.startsWith(callCostPrefix)).toList();
        if (!callCostNames.isEmpty()) {
            runCallCost(callCostNames);
            printSection(md -> callCost.section(md, verdicts, false));
        }
    }

    /** Prints one section of the report and the verdicts it gave, for a run of some benchmarks only. */
    private void printSection(Consumer<StringBuilder> section) {
        StringBuilder md = new StringBuilder();
        section.accept(md);
        verdicts.forEach(v -> md.append("- ").append(v).append('\n'));
        verdicts.clear();
        System.out.println(md);
    }

    /**
     * The call-cost benchmarks in sample mode, the ways taking turns by iteration ({@link CallCostBench#turn}), in
     * passes: each pass is a fresh client with fresh backends, so a JIT's or a backend's luck in one of them does not
     * make a figure. Back to back, a round of turns takes nine short iterations; after a gap, three longer ones, so
     * that even the 10 ms gap leaves some forty calls to each iteration's median.
     */
    private void runCallCost(List<String> benchmarks) throws RunnerException, IOException {
        // A quick run keeps three passes of six rounds, as a full one: with twelve rounds the ratios' 99 % intervals
        // around the targets were still too wide to judge them by (one lookup 1.23×, 1.13-1.33; after a 2 ms gap
        // 1.42×, 1.11-1.72), and the rounds cost seconds against the passes' priming.
        int passes = 3;
        int rounds = 6;
        Path cpuLog = Files.createTempFile("wormhole-bench-cpu", ".tsv");
        Files.delete(cpuLog);
        for (int pass = 0; pass < passes; pass++) {
            callCost.startPass();
            for (String benchmark : benchmarks) {
                boolean backToBack = CallCostBench.backToBack(benchmark);
                int turns = CallCostBench.turns(backToBack);
                long millis = backToBack ? (quick ? 200 : 500) : (quick ? 500 : 1000);
                ChainedOptionsBuilder options = options(Mode.SampleTime, true, "-Dbench.cpu=" + cpuLog)
                        .include("^" + Pattern.quote(benchmark) + "$")
                        .timeUnit(TimeUnit.MICROSECONDS)
                        .warmupIterations(turns)
                        .warmupTime(TimeValue.milliseconds(millis))
                        .measurementIterations(turns * rounds)
                        .measurementTime(TimeValue.milliseconds(millis));
                callCost.collect(new Runner(options.build()).run());
                callCost.collectCpu(cpuLog);
            }
        }
    }

    private ChainedOptionsBuilder options(Mode mode) {
        return options(mode, true);
    }

    /**
     * The options every benchmark runs with. Five measurement iterations even in a quick run: a figure's interval is
     * taken across them, and with three it would be three times as wide for the same time.
     */
    private ChainedOptionsBuilder options(Mode mode, boolean withAgent, String... moreJvmArgs) {
        List<String> jvmArgs = new ArrayList<>(List.of("-Dbench.port=" + port, "-Dbench.agent=" + agent, "-Xmx512m"));
        if (withAgent) {
            jvmArgs.add(0, "-javaagent:" + agent);
        }
        jvmArgs.addAll(List.of(moreJvmArgs));
        return new OptionsBuilder().mode(mode).forks(1).jvmArgsAppend(jvmArgs.toArray(String[]::new))
                .warmupIterations(quick ? 2 : 4).warmupTime(quick ? TimeValue.milliseconds(500) : TimeValue.seconds(2))
                .measurementIterations(5)
                .measurementTime(quick ? TimeValue.milliseconds(300) : TimeValue.seconds(2));
    }

    private void run() throws RunnerException, IOException, InterruptedException {
        runCallCost(CallCostBench.BENCHMARKS);
        collect(new Runner(options(Mode.AverageTime).timeUnit(TimeUnit.MICROSECONDS)
                .include(ChainBench.class.getName()).include(WorkloadBench.class.getName()).build()).run(), "");
        collect(new Runner(options(Mode.SingleShotTime).timeUnit(TimeUnit.MILLISECONDS)
                .include(StartupBench.class.getName()).warmupIterations(quick ? 3 : 5)
                .measurementIterations(quick ? 10 : 30).build()).run(), "");
        collect(new Runner(options(Mode.SingleShotTime).timeUnit(TimeUnit.MILLISECONDS)
                .include(StormBench.class.getName()).warmupIterations(1)
                .measurementIterations(quick ? 3 : 5).build()).run(), "");
        // Several clients on two cores make a rate that swings from one short iteration to the next (8 clients at
        // 0 ms: 3,600 to 14,800 calls/s over five of 300 ms), so even a quick run measures eight iterations of a second.
        // After the priming, every way's rate still climbs for seconds once JMH's own loop takes over: with 8 clients,
        // @Remote went from 3,800 calls/s in the first second to 45,000-50,000 from the seventh on, plain pgJDBC from
        // 18,700 to 24,600 and PL/pgSQL from 49,000 to 57,000, whether each link had primed 6 s or 24 s. Eight
        // seconds of warm-up, the same for every way, let the measurement begin past that climb.
        for (int clients : CLIENTS) {
            collect(new Runner(options(Mode.Throughput).timeUnit(TimeUnit.SECONDS)
                    .include(ChainBench.class.getName()).param("n", "5").param("rttMillis", "0", "1").threads(clients)
                    .warmupIterations(8).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(quick ? 8 : 10).measurementTime(TimeValue.seconds(quick ? 1 : 2)).build())
                    .run(), " clients=" + clients);
        }
        runRows();
        runInterleaved();
        // Each side of these ratios is one JIT's luck in its fork: in one fork the instrumented loop under C1 came
        // out 1.28x the plain one (1,459 against 1,135 us, narrow intervals), in three forks each 1.00x. Three forks,
        // whose iterations make one interval.
        collect(new Runner(options(Mode.AverageTime).timeUnit(TimeUnit.MICROSECONDS).forks(3)
                .include(BudgetBench.class.getName()).build()).run(), "");
        for (boolean withAgent : new boolean[] {false, true}) {
            collect(new Runner(options(Mode.AverageTime, withAgent).timeUnit(TimeUnit.NANOSECONDS).forks(3)
                    .include(AgentBench.class.getName()).build()).run(), withAgent ? " agent=with" : " agent=without");
        }
        collect(new Runner(options(Mode.SingleShotTime).timeUnit(TimeUnit.MILLISECONDS)
                .include(AgentStartBench.class.getName()).warmupIterations(quick ? 2 : 5)
                .measurementIterations(quick ? 6 : 30).build()).run(), "");
        rss(quick ? 3 : 10);
    }

    private void collect(Collection<RunResult> results, String suffix) {
        for (RunResult r : results) {
            var p = r.getParams();
            String key = p.getBenchmark().replaceAll(".*\\.(\\w+\\.\\w+)$", "$1")
                    + (p.getParam("rttMillis") == null ? "" : " rtt=" + p.getParam("rttMillis"))
                    + (p.getParam("n") == null ? "" : " n=" + p.getParam("n"))
                    + (p.getParam("variant") == null ? "" : " variant=" + p.getParam("variant"))
                    + (p.getParam("agent") == null ? "" : " agent=" + p.getParam("agent"))
                    + (p.getParam("app") == null ? "" : " app=" + p.getParam("app"))
                    + (p.getParam("connections") == null ? "" : " connections=" + p.getParam("connections")) + suffix;
            ListStatistics iterations = new ListStatistics();
            for (BenchmarkResult fork : r.getBenchmarkResults()) {
                for (IterationResult iteration : fork.getIterationResults()) {
                    iterations.addValue(iteration.getPrimaryResult().getScore());
                }
            }
            scores.put(key, new Score(Interval.of(iterations), r.getPrimaryResult().getScoreUnit()
                    .replace("ns/op", "ns").replace("us/op", "µs").replace("ms/op", "ms")));
        }
    }

    /** Backend RSS, from {@link RssProbe} run with the agent: mean and spread over the samples, in MB. */
    private void rss(int samples) throws IOException, InterruptedException {
        Process probe = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + agent, "-Dbench.port=" + port, "-cp", System.getProperty("java.class.path"),
                RssProbe.class.getName(), Integer.toString(samples)).redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        Map<String, List<Double>> kb = new TreeMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(probe.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                String[] f = line.split(" ");
                kb.computeIfAbsent(f[0], k -> new ArrayList<>()).add(Double.parseDouble(f[1]) / 1024);
            }
        }
        if (probe.waitFor() != 0) {
            throw new IOException("the RSS probe failed");
        }
        kb.forEach((what, mb) -> {
            ListStatistics rss = new ListStatistics();
            mb.forEach(rss::addValue);
            scores.put("rss " + what, new Score(Interval.of(rss), "MB"));
        });
    }

    private Score get(String key) {
        Score s = scores.get(key);
        if (s == null) {
            throw new IllegalStateException("no result for " + key);
        }
        return s;
    }

    private void verdict(String what, Interval figure, String verdict) {
        verdicts.add(verdict + ": " + what + " (" + figure.ratio() + ")");
    }

    /**
     * The round trip the proxy actually added at a setting, in µs: {@code SELECT 1} through it minus {@code SELECT 1}
     * direct, both measured in this run with the same priming and warm-up ({@code WorkloadBench.selectOne}).
     */
    private Interval measuredRtt(String setting) {
        return get("WorkloadBench.selectOne rtt=" + setting).ci().minus(get("WorkloadBench.selectOne rtt=0").ci());
    }

    /** How a latency setting is labelled everywhere: by the round trip measured through the proxy. */
    private String label(String setting) {
        return setting.equals("0") ? "0 ms (direct)"
                : String.format(Locale.ROOT, "%.2f ms (set %s)", measuredRtt(setting).value() / 1000, setting);
    }

    private String report() {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark results\n\n");
        md.append("Generated by `./wormhole bench").append(quick ? " --quick" : "").append("`; every figure below comes"
                + " from that one run, and rerunning the command regenerates this file and `speedup.png`. Latency: a"
                + " delaying TCP proxy on loopback (half the round-trip time each way, `DelayProxy`). ")
                .append(netem).append(" Every way of every benchmark gets the same priming (")
                .append(Priming.MILLIS / 1000.0).append(" s of its own benchmark's calls on its fresh connection,"
                + " which for @Remote starts the backend's JVM and ships the bundle) and the same JMH warm-up;"
                + " warm-up iterations run without the delay, so that both JVMs reach steady state as in a"
                + " long-running application. The cluster runs with"
                + " `synchronous_commit = off`, the same for all ways: a commit's disk flush would otherwise dominate,"
                + " and scatter, the writing workloads at 0 ms. CPUs: ")
                .append(System.getProperty("bench.idle", "as the kernel leaves them")).append(". On this kind of"
                + " virtual machine a halted CPU takes the hypervisor tens of microseconds to wake, which a loopback"
                + " round trip pays or not as the scheduler places the client and its backend: left so, one lookup by"
                + " plain pgJDBC took 12 µs in some iterations and 80 µs in others, and which mode each way's backend"
                + " fell into decided the ratios at 0 ms more than the ways did (`server-loader/native/README.md`,"
                + " fifteenth round). Polling idle CPUs make every wake-up fast and alike: round trips are the"
                + " shortest this machine can make, so a call's fixed cost weighs as much as it ever can.\n\n");
        md.append("| machine | JDK | PostgreSQL |\n|---|---|---|\n| ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, ").append(System.getProperty("os.name")).append(' ')
                .append(System.getProperty("os.arch")).append(" | ").append(System.getProperty("java.vm.name"))
                .append(' ').append(System.getProperty("java.version")).append(" | ").append(serverVersion)
                .append(" |\n\n");
        md.append(String.format(Locale.ROOT, "A figure is the mean over the benchmark's measurement iterations"
                + " (JMH's score) with its %.0f %% confidence interval across them, as `value (low – high)`. A ratio"
                + " divides the baseline's time by Wormhole's (above 1, Wormhole is faster) unless its table says"
                + " otherwise; its interval is the range of the ratio over both figures' intervals, so it covers the"
                + " true ratio with at least 98 %% confidence. Every target below is judged on that interval: **met**"
                + " when the whole interval clears the threshold, **missed** when the whole interval falls short of"
                + " it, unclear otherwise. The machine is shared and the intervals are only as good as it is"
                + " quiet.%n%n", Interval.CONFIDENCE * 100));
        calibrationSection(md);
        chainSection(md);
        interleavedSection(md);
        callCost.section(md, verdicts, true);
        workloadSection(md);
        microSection(md);
        throughputSection(md);
        resultSection(md);
        budgetSection(md);
        agentSection(md);
        md.append("\n## Targets\n\n");
        verdicts.forEach(v -> md.append("- ").append(v).append('\n'));
        return md.toString();
    }

    private void calibrationSection(StringBuilder md) {
        md.append("## The delaying proxy, calibrated\n\nThe proxy adds more than it is set to (its threads must wake"
                + " up and copy each chunk), so every latency below is labelled with the round trip measured through"
                + " it in this run: `SELECT 1` through the proxy minus `SELECT 1` direct, both by JMH with the same"
                + " priming and warm-up. The targets stated at a 1 ms round trip are judged in the section on calls"
                + " interleaved with other work, below the lookups back to back.\n\n| proxy set to |"
                + " `SELECT 1` | minus direct `SELECT 1`: the round trip added | label |\n|---|---|---|---|\n");
        for (String rtt : RTTS) {
            md.append("| ").append(rtt).append(" ms | ").append(get("WorkloadBench.selectOne rtt=" + rtt).show())
                    .append(" | ").append(rtt.equals("0") ? "– (no proxy)" : measuredRtt(rtt).in("µs"))
                    .append(" | ").append(label(rtt)).append(" |\n");
        }
    }

    private void chainSection(StringBuilder md) {
        md.append("\n## Dependent point lookups (N statements)\n\n| RTT | N | plain pgJDBC | @Remote | PL/pgSQL |"
                + " speed-up vs pgJDBC | vs PL/pgSQL |\n|---|---|---|---|---|---|---|\n");
        for (String rtt : RTTS) {
            for (String n : NS) {
                Score plain = get("ChainBench.plainJdbc rtt=" + rtt + " n=" + n);
                Score remote = get("ChainBench.remote rtt=" + rtt + " n=" + n);
                Score plpgsql = get("ChainBench.plpgsql rtt=" + rtt + " n=" + n);
                Interval speedUp = plain.ci().over(remote.ci());
                Interval vsPlpgsql = plpgsql.ci().over(remote.ci());
                md.append("| ").append(label(rtt)).append(" | ").append(n).append(" | ").append(plain.show())
                        .append(" | ").append(remote.show()).append(" | ").append(plpgsql.show()).append(" | ")
                        .append(speedUp.ratio()).append(" | ").append(vsPlpgsql.ratio()).append(" |\n");
                String at = " at " + label(rtt);
                if (rtt.equals("0")) {
                    verdict("N = " + n + at + " not more than 1.5× slower than pgJDBC", speedUp,
                            speedUp.atLeast(1 / 1.5));
                }
                verdict("N = " + n + at + " within 1.5× of PL/pgSQL", vsPlpgsql, vsPlpgsql.atLeast(1 / 1.5));
            }
        }
        md.append("\n![speed-up against N](speedup.png)\n");
    }

    private void workloadSection(StringBuilder md) {
        md.append("\n## Workloads\n\nThe PL/pgSQL functions run the same statements as the Java, in the same order,"
                + " with typed variables; plain pgJDBC runs the transfer in one transaction, as its atomicity needs."
                + " The aggregation also has the one SQL query a DBA would write (window functions for the longest"
                + " run, `var_pop` for the variance), through a prepared statement.\n\n| workload | RTT | plain pgJDBC |"
                + " @Remote | PL/pgSQL | one SQL query | speed-up vs pgJDBC | vs PL/pgSQL | vs one query |\n"
                + "|---|---|---|---|---|---|---|---|---|\n");
        for (String w : new String[] {"userStats", "transfer", "dashboard", "aggregate"}) {
            for (String rtt : RTTS) {
                Score plain = get("WorkloadBench." + w + "PlainJdbc rtt=" + rtt);
                Score remote = get("WorkloadBench." + w + "Remote rtt=" + rtt);
                Score plpgsql = get("WorkloadBench." + w + "Plpgsql rtt=" + rtt);
                Score sql = scores.get("WorkloadBench." + w + "Sql rtt=" + rtt);
                Interval speedUp = plain.ci().over(remote.ci());
                Interval vsPlpgsql = plpgsql.ci().over(remote.ci());
                md.append("| ").append(w).append(" | ").append(label(rtt)).append(" | ").append(plain.show())
                        .append(" | ").append(remote.show()).append(" | ").append(plpgsql.show()).append(" | ")
                        .append(sql == null ? "–" : sql.show()).append(" | ").append(speedUp.ratio()).append(" | ")
                        .append(vsPlpgsql.ratio()).append(" | ")
                        .append(sql == null ? "–" : sql.ci().over(remote.ci()).ratio()).append(" |\n");
                verdict(w + " at " + label(rtt) + " within 1.5× of PL/pgSQL", vsPlpgsql, vsPlpgsql.atLeast(1 / 1.5));
                if (rtt.equals("0")) {
                    verdict(w + " at 0 ms not more than 1.5× slower than pgJDBC", speedUp, speedUp.atLeast(1 / 1.5));
                }
            }
        }
    }

    private void microSection(StringBuilder md) {
        md.append("\n## Per-call overhead\n\n| RTT | SELECT 1 | empty @Remote call | overhead | ratio |\n"
                + "|---|---|---|---|---|\n");
        for (String rtt : RTTS) {
            Score one = get("WorkloadBench.selectOne rtt=" + rtt);
            Score call = get("WorkloadBench.remoteEmptyCall rtt=" + rtt);
            md.append("| ").append(label(rtt)).append(" | ").append(one.show()).append(" | ").append(call.show())
                    .append(" | ").append(call.ci().minus(one.ci()).in("µs")).append(" | ")
                    .append(call.ci().over(one.ci()).ratio()).append(" |\n");
        }
        // One figure per quantity: the paired call-cost family's, not a slope between ChainBench's separate forks.
        md.append(String.format(Locale.ROOT, "%n## Per-statement cost%n%nOne more dependent point lookup at 0 ms"
                + " (N = %d minus N = 1 back to back, in the call-cost section above, the ways taking turns): JDBC"
                + " over SPI **%s**, PL/pgSQL %s (%s PL/pgSQL's cost, the geometric mean of the rounds' ratios),"
                + " plain pgJDBC over loopback"
                + " %s.%n", CallCostBench.LONG_CHAIN, callCost.perStatement("remote").in("µs"),
                callCost.perStatement("plpgsql").in("µs"), callCost.perStatementRatio("remote", "plpgsql").ratio(),
                callCost.perStatement("plainJdbc").in("µs")));
        Score first = get("StartupBench.firstStatement");
        Score cold = get("StartupBench.firstCall");
        Score bundle = get("StartupBench.firstCallOfNewBundle");
        md.append("\n## First calls (one sample per fresh backend, no delay)\n\n| what | time | minus the first"
                + " SELECT 1 |\n|---|---|---|\n| first `SELECT 1` of a fresh backend | ").append(first.show())
                .append(" | |\n| first call in a fresh backend (JVM start, bundle defined) | ").append(cold.show())
                .append(" | ").append(cold.ci().minus(first.ci()).in("ms")).append(" |\n")
                .append("| first call of a bundle new to the server, JVM running (unknown-bundle answer, resend,"
                        + " verify, store, define) | ").append(bundle.show()).append(" | |\n");
        verdicts.add(cold.ci().atMost(150) + ": the first call in a fresh backend (JVM start, bundle defined, verified"
                + " and sandboxed as for any role) in under 150 ms (" + cold.ci().in("ms") + ")");
        md.append("\n## Cold-start storms (clients connecting at once, each making its first call)\n\n| clients |"
                + " until the last one answered |\n|---|---|\n");
        for (String n : new String[] {"16", "48"}) {
            md.append("| ").append(n).append(" | ").append(get("StormBench.firstCalls connections=" + n).show())
                    .append(" |\n");
        }
        Interval storm = get("StormBench.firstCalls connections=48").ci();
        verdicts.add(storm.atMost(5000) + ": 48 fresh backends making their first calls at once all answered within"
                + " 5 s (" + storm.in("ms") + ")");
        Score sql = get("rss sql");
        Score wormhole = get("rss wormhole");
        md.append(String.format(Locale.ROOT, "%n## Backend memory%n%nResident set of a backend after 1,000 rounds of"
                + " the workloads (mean over the samples with its interval): SQL only %s; through Wormhole, with"
                + " its JVM, %s (**+%.0f MB**).%n", sql.show(), wormhole.show(), wormhole.value() - sql.value()));
    }

    private void throughputSection(StringBuilder md) {
        md.append("\n## Throughput (N = 5 chain, calls per second, all clients together)\n\nRatios here divide"
                + " @Remote's rate by the baseline's: above 1, @Remote serves more.\n\n| RTT | clients |"
                + " plain pgJDBC | @Remote | PL/pgSQL | vs pgJDBC | vs PL/pgSQL |\n|---|---|---|---|---|---|---|\n");
        for (String rtt : new String[] {"0", "1"}) {
            for (int c : CLIENTS) {
                String at = " rtt=" + rtt + " n=5 clients=" + c;
                Score plain = get("ChainBench.plainJdbc" + at);
                Score remote = get("ChainBench.remote" + at);
                Score plpgsql = get("ChainBench.plpgsql" + at);
                Interval vsPlain = remote.ci().over(plain.ci());
                md.append("| ").append(label(rtt)).append(" | ").append(c).append(" | ").append(plain.show())
                        .append(" | ").append(remote.show()).append(" | ").append(plpgsql.show()).append(" | ")
                        .append(vsPlain.ratio()).append(" | ").append(remote.ci().over(plpgsql.ci()).ratio())
                        .append(" |\n");
                if (rtt.equals("0") && c == 8) {
                    verdict("throughput with 8 clients at 0 ms not below plain pgJDBC's (@Remote's rate ÷ pgJDBC's)",
                            vsPlain, vsPlain.atLeast(1));
                }
            }
        }
    }

    /** The large result's two ways, one call per iteration, taking turns ({@link RowsBench}); their times kept. */
    private void runRows() throws RunnerException {
        rowsTimes.clear();
        for (RunResult r : new Runner(options(Mode.SingleShotTime).timeUnit(TimeUnit.MILLISECONDS)
                .include(RowsBench.class.getName()).warmupIterations(2 * RowsBench.WAYS.size())
                .measurementIterations(16 * RowsBench.WAYS.size()).build()).run()) {
            for (BenchmarkResult fork : r.getBenchmarkResults()) {
                for (IterationResult iteration : fork.getIterationResults()) {
                    rowsTimes.add(iteration.getPrimaryResult().getScore());
                }
            }
        }
    }

    /**
     * The calls through the proxy interleaved with other work ({@link InterleavedBench}), the ways taking turns by
     * iteration; each iteration's median call kept, by chain length.
     */
    private void runInterleaved() throws RunnerException {
        interleavedMedians.clear();
        int ways = InterleavedBench.WAYS.size();
        for (RunResult r : new Runner(options(Mode.SampleTime).timeUnit(TimeUnit.MICROSECONDS)
                .include("^" + Pattern.quote(InterleavedBench.class.getName() + ".call") + "$")
                .warmupIterations(ways).warmupTime(TimeValue.milliseconds(500))
                .measurementIterations((quick ? 8 : 16) * ways)
                .measurementTime(quick ? TimeValue.seconds(1) : TimeValue.seconds(2)).build()).run()) {
            List<Double> medians = interleavedMedians.computeIfAbsent(Integer.valueOf(r.getParams().getParam("n")),
                    k -> new ArrayList<>());
            for (BenchmarkResult fork : r.getBenchmarkResults()) {
                for (IterationResult iteration : fork.getIterationResults()) {
                    medians.add(iteration.getPrimaryResult().getStatistics().getPercentile(50));
                }
            }
        }
    }

    private void interleavedSection(StringBuilder md) {
        md.append("\n## Dependent lookups through the proxy, each call after other work on its connection\n\n"
                + "Issue 11's 1 ms targets are stated for calls interleaved with other work, as an application makes"
                + " them: here each call follows a `SELECT 1` on the same connection through the same link (outside"
                + " the timed call), so the backend has waited a round trip and more since its last call. The five"
                + " ways take turns iteration by iteration in one fork, each on its own connection through one proxy"
                + " set to 1 ms: @Remote, PL/pgSQL and plain pgJDBC, and `SELECT 1` through the proxy and direct,"
                + " whose difference is the round trip the proxy added in that round. A figure is the mean of the"
                + " iterations' median calls; a speed-up (plain pgJDBC's time ÷ @Remote's) is taken within each"
                + " round (the geometric mean of the rounds' speed-ups, with the interval of their logarithms' mean,"
                + " taken back), and judged at the nominal 1 ms with the round's own measured excess over 1 ms taken"
                + " from each round trip, N times from plain pgJDBC's time and once from @Remote's.\n\n| N | round trip"
                + " measured | plain pgJDBC | @Remote | PL/pgSQL | speed-up as measured | speed-up at 1 ms |"
                + " @Remote ÷ PL/pgSQL |\n|---|---|---|---|---|---|---|---|\n");
        for (Map.Entry<Integer, List<Double>> e : interleavedMedians.entrySet()) {
            int n = e.getKey();
            List<Map<String, Double>> rounds = InterleavedBench.rounds(e.getValue());
            Interval rtt = Interval.of(InterleavedBench.roundTrips(rounds));
            Interval measured = Interval.ofRatios(InterleavedBench.asMeasured(rounds));
            Interval nominal = Interval.ofRatios(InterleavedBench.atNominal(rounds, n));
            Interval vsPlpgsql = Interval.ofRatios(CallCostFigures.paired(rounds, "remote", "plpgsql"));
            md.append("| ").append(n).append(" | ").append(rtt.in("µs")).append(" | ")
                    .append(interleavedWay(rounds, "plainJdbc")).append(" | ").append(interleavedWay(rounds, "remote"))
                    .append(" | ").append(interleavedWay(rounds, "plpgsql")).append(" | ").append(measured.ratio())
                    .append(" | ").append(nominal.ratio()).append(" | ").append(vsPlpgsql.ratio()).append(" |\n");
            double target = n == 5 ? 4.5 : n == 20 ? 17 : Double.NaN;
            if (!Double.isNaN(target)) {
                verdicts.add(nominal.atLeast(target) + String.format(Locale.ROOT, ": N = %d at a 1 ms round trip,"
                        + " each call after other work, at least %.1f× faster than pgJDBC (judged at 1 ms: %s; as"
                        + " measured at %s: %s; %d rounds)", n, target, nominal.ratio(), rtt.in("µs"),
                        measured.ratio(), rounds.size()));
            }
        }
    }

    private static String interleavedWay(List<Map<String, Double>> rounds, String way) {
        ListStatistics medians = new ListStatistics();
        rounds.forEach(r -> medians.addValue(r.get(way)));
        return Interval.of(medians).in("µs");
    }

    private void resultSection(StringBuilder md) {
        List<ListStatistics> ways = RowsBench.byWay(rowsTimes);
        Score plain = new Score(Interval.of(ways.get(RowsBench.WAYS.indexOf("plainJdbc"))), "ms");
        Score remote = new Score(Interval.of(ways.get(RowsBench.WAYS.indexOf("remote"))), "ms");
        ListStatistics rounds = RowsBench.ratios(rowsTimes);
        Interval ratio = Interval.ofRatios(rounds);
        md.append("\n## A large result (a million small records at 0 ms)\n\nA list of records (int, text, bigint) read"
                + " from `generate_series`: plain pgJDBC receives every row as a row; @Remote builds the list in the"
                + " backend and returns it encoded. One call per iteration, the two ways taking turns on one"
                + " connection; the ratio divides @Remote's time by plain pgJDBC's within each round of turns ("
                + rounds.getN() + " rounds): the geometric mean of those ratios, with the interval of their"
                + " logarithms' mean, taken back.\n\n|"
                + " plain pgJDBC | @Remote | @Remote ÷ plain pgJDBC |\n|---|---|---|\n| ").append(plain.show())
                .append(" | ").append(remote.show()).append(" | ").append(ratio.ratio()).append(" |\n");
        verdict("a million small records within 2× of plain pgJDBC's time (@Remote ÷ pgJDBC)", ratio,
                ratio.atMost(2));
    }

    private void budgetSection(StringBuilder md) {
        md.append("\n## Budget cost (a tight arithmetic loop, 1,000,000 iterations)\n\nThree forks of each, their"
                + " iterations making one interval: one fork's JIT can compile the same loop a quarter slower.\n\n"
                + "| JIT | as compiled | as the sandbox defines it | time ratio |\n|---|---|---|---|\n");
        for (String jit : new String[] {"c2", "c1"}) {
            Score compiled = get("BudgetBench." + jit + " variant=compiled");
            Score woven = get("BudgetBench." + jit + " variant=instrumented");
            Interval cost = woven.ci().over(compiled.ci());
            md.append("| ").append(jit.equals("c2") ? "C2 (the JDK's and the server's default)" : "C1 only (the tier the server's JVM starts in)")
                    .append(" | ").append(compiled.show()).append(" | ").append(woven.show()).append(" | ")
                    .append(cost.ratio()).append(" |\n");
            verdict("budget cost under 10 % with " + jit.toUpperCase(Locale.ROOT) + " (instrumented ÷ compiled"
                    + " within 1.10×)", cost, cost.atMost(1.10));
        }
    }

    private void agentSection(StringBuilder md) {
        Score without = get("AgentBench.ordinaryCall agent=without");
        Score with = get("AgentBench.ordinaryCall agent=with");
        Interval callCost = with.ci().over(without.ci());
        md.append("\n## The agent's cost to code that is not @Remote\n\nThe ordinary method: three forks each way, their"
                + " iterations making one interval.\n\n| what | without the agent | with the agent |"
                + " difference |\n|---|---|---|---|\n| an ordinary method of a class that also has a `@Remote` method | ")
                .append(without.show()).append(" | ").append(with.show()).append(" | ").append(callCost.ratio())
                .append(" |\n");
        String[] apps = {"Plain", "Mixed"};
        Interval[] startCost = new Interval[apps.length];
        for (int i = 0; i < apps.length; i++) {
            Score bare = get("AgentStartBench.jvmStart agent=without app=" + apps[i]);
            Score started = get("AgentStartBench.jvmStart agent=with app=" + apps[i]);
            startCost[i] = started.ci().minus(bare.ci());
            md.append(i == 0 ? "| a JVM that starts, runs a `main` without `@Remote` methods and exits | "
                    : "| the same, its class has a `@Remote` method (woven) | ")
                    .append(bare.show()).append(" | ").append(started.show()).append(" | ")
                    .append(startCost[i].in("ms")).append(" |\n");
        }
        // No cost a measurement can tell from noise: at most 3 %.
        verdict("no measurable cost to a method that is not @Remote (with ÷ without the agent within 1.03×)",
                callCost, callCost.atMost(1.03));
        verdicts.add(startCost[0].atMost(300) + ": the agent starts in under 300 ms (" + startCost[0].in("ms") + ")");
        verdicts.add(startCost[1].atMost(300) + ": the agent starts and transforms the first class with a @Remote"
                + " method in under 300 ms (" + startCost[1].in("ms") + ")");
    }

    private void chart(Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(500).title("@Remote speed-up over plain pgJDBC")
                .xAxisTitle("dependent statements (N)").yAxisTitle("speed-up (×)").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        double[] ns = new double[NS.length];
        for (String rtt : RTTS) {
            double[] speedups = new double[NS.length];
            double[] errors = new double[NS.length];
            for (int i = 0; i < NS.length; i++) {
                ns[i] = Integer.parseInt(NS[i]);
                Interval speedUp = get("ChainBench.plainJdbc rtt=" + rtt + " n=" + NS[i]).ci()
                        .over(get("ChainBench.remote rtt=" + rtt + " n=" + NS[i]).ci());
                speedups[i] = speedUp.value();
                // Bars are symmetric: the interval's wider side, clipped above zero, which a logarithmic axis
                // cannot show.
                double wider = Math.max(speedUp.high() - speedUp.value(), speedUp.value() - speedUp.low());
                errors[i] = Math.min(0.9 * speedups[i], Double.isFinite(wider) ? wider : Double.MAX_VALUE);
            }
            chart.addSeries("RTT " + label(rtt), ns, speedups, errors);
        }
        BitmapEncoder.saveBitmap(chart, png.toString().replaceAll("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
    }
}
