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
import java.util.regex.Pattern;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.openjdk.jmh.annotations.Mode;
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
    private String serverVersion;
    private String netem;

    private BenchMain(int port, String agent, boolean quick) {
        this.port = port;
        this.agent = agent;
        this.quick = quick;
    }

    /** A JMH score with its error (the 99.9 % confidence half-width), in the benchmark's unit. */
    private record Score(double value, double error, String unit) {
        String show() {
            String format = value >= 100 ? "%.0f" : "%.1f";
            return String.format(Locale.ROOT, format, value) + " ± "
                    + (Double.isNaN(error) ? "?" : String.format(Locale.ROOT, format, error)) + " " + unit;
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
    private void runOnly(String regex) throws RunnerException {
        String callCostPrefix = CallCostBench.class.getName() + ".";
        List<String> matched = BenchmarkList.defaultList()
                .find(OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT), List.of(regex),
                        List.of())
                .stream().map(BenchmarkListEntry::getUsername).toList();
        if (matched.isEmpty()) {
            throw new IllegalArgumentException("no benchmark matches --only " + regex);
        }
        List<String> singleShot = List.of(StartupBench.class.getName() + ".", StormBench.class.getName() + ".",
                AgentStartBench.class.getName() + ".");
        if (matched.stream().anyMatch(name -> !name.startsWith(callCostPrefix)
                && singleShot.stream().noneMatch(name::startsWith))) {
            ChainedOptionsBuilder options = options(Mode.AverageTime).include(regex)
                    .exclude(Pattern.quote(callCostPrefix));
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
        List<String> callCostNames = matched.stream().filter(name -> name.startsWith(callCostPrefix)).toList();
        if (!callCostNames.isEmpty()) {
            runCallCost(callCostNames.stream().map(name -> "^" + Pattern.quote(name) + "$").toList());
            StringBuilder md = new StringBuilder();
            callCost.section(md, verdicts, false);
            System.out.println(md);
        }
    }

    /**
     * The call-cost benchmarks in sample mode, with more iterations than elsewhere (their intervals are taken across
     * iterations), in passes: JMH runs one way after the other, and each way measured in several stretches of the
     * run is less at the mercy of what else the machine does during one of them.
     */
    private void runCallCost(List<String> includes) throws RunnerException {
        int passes = quick ? 2 : 3;
        for (int pass = 0; pass < passes; pass++) {
            ChainedOptionsBuilder options = options(Mode.SampleTime).timeUnit(TimeUnit.MICROSECONDS)
                    .warmupIterations(quick ? 3 : 5)
                    .warmupTime(quick ? TimeValue.milliseconds(500) : TimeValue.seconds(1))
                    .measurementIterations(quick ? 5 : 6)
                    .measurementTime(quick ? TimeValue.milliseconds(500) : TimeValue.seconds(1));
            includes.forEach(options::include);
            callCost.collect(new Runner(options.build()).run());
        }
    }

    private ChainedOptionsBuilder options(Mode mode) {
        return options(mode, true);
    }

    private ChainedOptionsBuilder options(Mode mode, boolean withAgent) {
        List<String> jvmArgs = new ArrayList<>(List.of("-Dbench.port=" + port, "-Dbench.agent=" + agent, "-Xmx512m"));
        if (withAgent) {
            jvmArgs.add(0, "-javaagent:" + agent);
        }
        return new OptionsBuilder().mode(mode).forks(1).jvmArgsAppend(jvmArgs.toArray(String[]::new))
                .warmupIterations(quick ? 2 : 4).warmupTime(quick ? TimeValue.milliseconds(500) : TimeValue.seconds(2))
                .measurementIterations(quick ? 3 : 5)
                .measurementTime(quick ? TimeValue.milliseconds(500) : TimeValue.seconds(2));
    }

    private void run() throws RunnerException, IOException, InterruptedException {
        runCallCost(List.of(Pattern.quote(CallCostBench.class.getName() + ".")));
        collect(new Runner(options(Mode.AverageTime).timeUnit(TimeUnit.MICROSECONDS)
                .include(ChainBench.class.getName()).include(WorkloadBench.class.getName()).build()).run(), "");
        collect(new Runner(options(Mode.SingleShotTime).timeUnit(TimeUnit.MILLISECONDS)
                .include(StartupBench.class.getName()).warmupIterations(quick ? 3 : 5)
                .measurementIterations(quick ? 10 : 30).build()).run(), "");
        collect(new Runner(options(Mode.SingleShotTime).timeUnit(TimeUnit.MILLISECONDS)
                .include(StormBench.class.getName()).warmupIterations(1)
                .measurementIterations(quick ? 3 : 5).build()).run(), "");
        for (int clients : CLIENTS) {
            collect(new Runner(options(Mode.Throughput).timeUnit(TimeUnit.SECONDS)
                    .include(ChainBench.class.getName()).param("n", "5").param("rttMillis", "0", "1").threads(clients)
                    .warmupIterations(quick ? 1 : 3).build()).run(), " clients=" + clients);
        }
        collect(new Runner(options(Mode.AverageTime).timeUnit(TimeUnit.MICROSECONDS)
                .include(BudgetBench.class.getName()).build()).run(), "");
        for (boolean withAgent : new boolean[] {false, true}) {
            collect(new Runner(options(Mode.AverageTime, withAgent).timeUnit(TimeUnit.NANOSECONDS)
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
            var primary = r.getPrimaryResult();
            scores.put(key, new Score(primary.getScore(), primary.getScoreError(),
                    primary.getScoreUnit().replace("ns/op", "ns").replace("us/op", "µs").replace("ms/op", "ms")));
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
            double mean = mb.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            double spread = mb.stream().mapToDouble(v -> Math.abs(v - mean)).max().orElseThrow();
            scores.put("rss " + what, new Score(mean, spread, "MB"));
        });
    }

    private Score get(String key) {
        Score s = scores.get(key);
        if (s == null) {
            throw new IllegalStateException("no result for " + key);
        }
        return s;
    }

    private static String ratio(double a, double b) {
        return String.format(Locale.ROOT, "%.2f×", a / b);
    }

    private void verdict(String what, double ratio, double atLeast) {
        verdicts.add((ratio >= atLeast ? "met: " : "**missed**: ") + what
                + String.format(Locale.ROOT, " (%.2f×)", ratio));
    }

    private String report() {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark results\n\n");
        md.append("Generated by `./wormhole bench").append(quick ? " --quick" : "").append("`; every figure below comes"
                + " from that one run, and rerunning the command regenerates this file and `speedup.png`. Latency: a"
                + " delaying TCP proxy on loopback (half the round-trip time each way, `DelayProxy`). ")
                .append(netem).append(" Warm-up iterations run without the delay, so that both JVMs reach steady"
                + " state as in a long-running application. The cluster runs with `synchronous_commit = off`, the same"
                + " for all three ways: a commit's disk flush would otherwise dominate, and scatter, the writing"
                + " workloads at 0 ms.\n\n");
        md.append("| machine | JDK | PostgreSQL |\n|---|---|---|\n| ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, ").append(System.getProperty("os.name")).append(' ')
                .append(System.getProperty("os.arch")).append(" | ").append(System.getProperty("java.vm.name"))
                .append(' ').append(System.getProperty("java.version")).append(" | ").append(serverVersion)
                .append(" |\n\n");
        md.append("Scores are JMH scores ± the 99.9 % confidence half-width. A ratio divides the baseline's time by"
                + " Wormhole's: above 1, Wormhole is faster.\n\n");
        chainSection(md);
        callCost.section(md, verdicts, true);
        workloadSection(md);
        microSection(md);
        throughputSection(md);
        budgetSection(md);
        agentSection(md);
        md.append("\n## Targets\n\n");
        verdicts.forEach(v -> md.append("- ").append(v).append('\n'));
        return md.toString();
    }

    private void chainSection(StringBuilder md) {
        md.append("## Dependent point lookups (N statements)\n\n| RTT | N | plain pgJDBC | @Remote | PL/pgSQL |"
                + " speed-up vs pgJDBC | vs PL/pgSQL |\n|---|---|---|---|---|---|---|\n");
        for (String rtt : RTTS) {
            for (String n : NS) {
                Score plain = get("ChainBench.plainJdbc rtt=" + rtt + " n=" + n);
                Score remote = get("ChainBench.remote rtt=" + rtt + " n=" + n);
                Score plpgsql = get("ChainBench.plpgsql rtt=" + rtt + " n=" + n);
                md.append("| ").append(rtt).append(" ms | ").append(n).append(" | ").append(plain.show())
                        .append(" | ").append(remote.show()).append(" | ").append(plpgsql.show()).append(" | ")
                        .append(ratio(plain.value(), remote.value())).append(" | ")
                        .append(ratio(plpgsql.value(), remote.value())).append(" |\n");
                double speedup = plain.value() / remote.value();
                if (rtt.equals("1") && n.equals("5")) {
                    verdict("N = 5 at 1 ms at least 4× faster than pgJDBC", speedup, 4);
                }
                if (rtt.equals("1") && n.equals("20")) {
                    verdict("N = 20 at 1 ms at least 15× faster than pgJDBC", speedup, 15);
                }
                if (rtt.equals("0")) {
                    verdict("N = " + n + " at 0 ms not more than 1.5× slower than pgJDBC", speedup, 1 / 1.5);
                }
                verdict("N = " + n + " at " + rtt + " ms within 1.5× of PL/pgSQL", plpgsql.value() / remote.value(),
                        1 / 1.5);
            }
        }
        md.append("\n![speed-up against N](speedup.png)\n");
    }

    private void workloadSection(StringBuilder md) {
        md.append("\n## Workloads\n\n| workload | RTT | plain pgJDBC | @Remote | PL/pgSQL | speed-up vs pgJDBC |"
                + " vs PL/pgSQL |\n|---|---|---|---|---|---|---|\n");
        for (String w : new String[] {"userStats", "transfer", "dashboard", "aggregate"}) {
            for (String rtt : RTTS) {
                Score plain = get("WorkloadBench." + w + "PlainJdbc rtt=" + rtt);
                Score remote = get("WorkloadBench." + w + "Remote rtt=" + rtt);
                Score plpgsql = get("WorkloadBench." + w + "Plpgsql rtt=" + rtt);
                md.append("| ").append(w).append(" | ").append(rtt).append(" ms | ").append(plain.show())
                        .append(" | ").append(remote.show()).append(" | ").append(plpgsql.show()).append(" | ")
                        .append(ratio(plain.value(), remote.value())).append(" | ")
                        .append(ratio(plpgsql.value(), remote.value())).append(" |\n");
                verdict(w + " at " + rtt + " ms within 1.5× of PL/pgSQL", plpgsql.value() / remote.value(), 1 / 1.5);
                if (rtt.equals("0")) {
                    verdict(w + " at 0 ms not more than 1.5× slower than pgJDBC", plain.value() / remote.value(),
                            1 / 1.5);
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
            md.append("| ").append(rtt).append(" ms | ").append(one.show()).append(" | ").append(call.show())
                    .append(" | ").append(String.format(Locale.ROOT, "%.1f µs", call.value() - one.value()))
                    .append(" | ").append(ratio(call.value(), one.value())).append(" |\n");
        }
        // The slope between N = 1 and N = 100 at 0 ms: the cost of one more statement, call overhead excluded.
        double remote = (get("ChainBench.remote rtt=0 n=100").value() - get("ChainBench.remote rtt=0 n=1").value()) / 99;
        double plpgsql = (get("ChainBench.plpgsql rtt=0 n=100").value() - get("ChainBench.plpgsql rtt=0 n=1").value())
                / 99;
        double plain = (get("ChainBench.plainJdbc rtt=0 n=100").value()
                - get("ChainBench.plainJdbc rtt=0 n=1").value()) / 99;
        md.append(String.format(Locale.ROOT, "%n## Per-statement cost%n%nOne more dependent point lookup (the slope"
                + " of the chain between N = 1 and N = 100 at 0 ms): JDBC over SPI **%.2f µs**, PL/pgSQL %.2f µs"
                + " (%.2f× PL/pgSQL's cost), plain pgJDBC over loopback %.2f µs.%n", remote, plpgsql,
                remote / plpgsql, plain));
        Score first = get("StartupBench.firstStatement");
        Score cold = get("StartupBench.firstCall");
        Score bundle = get("StartupBench.firstCallOfNewBundle");
        md.append("\n## First calls (one sample per fresh backend, no delay)\n\n| what | time | minus the first"
                + " SELECT 1 |\n|---|---|---|\n| first `SELECT 1` of a fresh backend | ").append(first.show())
                .append(" | |\n| first call in a fresh backend (JVM start, bundle defined) | ").append(cold.show())
                .append(String.format(Locale.ROOT, " | %.1f ms |%n", cold.value() - first.value()))
                .append("| first call of a bundle new to the server, JVM running (unknown-bundle answer, resend,"
                        + " verify, store, define) | ").append(bundle.show()).append(" | |\n");
        md.append("\n## Cold-start storms (clients connecting at once, each making its first call)\n\n| clients |"
                + " until the last one answered |\n|---|---|\n");
        for (String n : new String[] {"16", "48"}) {
            md.append("| ").append(n).append(" | ").append(get("StormBench.firstCalls connections=" + n).show())
                    .append(" |\n");
        }
        Score sql = get("rss sql");
        Score wormhole = get("rss wormhole");
        md.append(String.format(Locale.ROOT, "%n## Backend memory%n%nResident set of a backend after 1,000 rounds of"
                + " the workloads (mean ± largest deviation over the samples): SQL only %s; through Wormhole, with"
                + " its JVM, %s (**+%.0f MB**).%n", sql.show(), wormhole.show(), wormhole.value() - sql.value()));
    }

    private void throughputSection(StringBuilder md) {
        md.append("\n## Throughput (N = 5 chain, calls per second, all clients together)\n\n| RTT | clients |"
                + " plain pgJDBC | @Remote | PL/pgSQL | vs pgJDBC | vs PL/pgSQL |\n|---|---|---|---|---|---|---|\n");
        for (String rtt : new String[] {"0", "1"}) {
            for (int c : CLIENTS) {
                String at = " rtt=" + rtt + " n=5 clients=" + c;
                Score plain = get("ChainBench.plainJdbc" + at);
                Score remote = get("ChainBench.remote" + at);
                Score plpgsql = get("ChainBench.plpgsql" + at);
                md.append("| ").append(rtt).append(" ms | ").append(c).append(" | ").append(plain.show())
                        .append(" | ").append(remote.show()).append(" | ").append(plpgsql.show()).append(" | ")
                        .append(ratio(remote.value(), plain.value())).append(" | ")
                        .append(ratio(remote.value(), plpgsql.value())).append(" |\n");
            }
        }
    }

    private void budgetSection(StringBuilder md) {
        md.append("\n## Budget cost (a tight arithmetic loop, 1,000,000 iterations)\n\n| JIT | as compiled |"
                + " as the sandbox defines it | cost |\n|---|---|---|---|\n");
        for (String jit : new String[] {"c2", "c1"}) {
            Score compiled = get("BudgetBench." + jit + " variant=compiled");
            Score woven = get("BudgetBench." + jit + " variant=instrumented");
            double cost = woven.value() / compiled.value() - 1;
            md.append("| ").append(jit.equals("c2") ? "C2 (JDK default)" : "C1 only (the server's default)")
                    .append(" | ").append(compiled.show()).append(" | ").append(woven.show()).append(" | ")
                    .append(String.format(Locale.ROOT, "%+.1f %%", 100 * cost)).append(" |\n");
            verdicts.add((cost < 0.10 ? "met: " : "**missed**: ") + "budget cost under 10 % with "
                    + jit.toUpperCase(Locale.ROOT) + String.format(Locale.ROOT, " (%+.1f %%)", 100 * cost));
        }
    }

    private void agentSection(StringBuilder md) {
        Score without = get("AgentBench.ordinaryCall agent=without");
        Score with = get("AgentBench.ordinaryCall agent=with");
        md.append("\n## The agent's cost to code that is not @Remote\n\n| what | without the agent | with the agent |"
                + " difference |\n|---|---|---|---|\n| an ordinary method of a class that also has a `@Remote` method | ")
                .append(without.show()).append(" | ").append(with.show()).append(" | ")
                .append(String.format(Locale.ROOT, "%+.1f %%", 100 * (with.value() / without.value() - 1)))
                .append(" |\n");
        double[] startCost = new double[2];
        String[] apps = {"Plain", "Mixed"};
        for (int i = 0; i < apps.length; i++) {
            Score bare = get("AgentStartBench.jvmStart agent=without app=" + apps[i]);
            Score started = get("AgentStartBench.jvmStart agent=with app=" + apps[i]);
            startCost[i] = started.value() - bare.value();
            md.append(i == 0 ? "| a JVM that starts, runs a `main` without `@Remote` methods and exits | "
                    : "| the same, its class has a `@Remote` method (ByteBuddy built and applied) | ")
                    .append(bare.show()).append(" | ").append(started.show())
                    .append(String.format(Locale.ROOT, " | %+.0f ms |%n", startCost[i]));
        }
        // Within the two confidence intervals, or 3 %: no cost a measurement can tell from noise.
        boolean unmeasurable = Math.abs(with.value() - without.value())
                <= Math.max(0.03 * without.value(), nanToZero(with.error()) + nanToZero(without.error()));
        verdicts.add((unmeasurable ? "met: " : "**missed**: ") + "no measurable cost to a method that is not @Remote"
                + String.format(Locale.ROOT, " (%.2f ns against %.2f ns)", with.value(), without.value()));
        verdicts.add((startCost[0] < 300 ? "met: " : "**missed**: ") + "the agent starts in under 300 ms"
                + String.format(Locale.ROOT, " (%+.0f ms)", startCost[0]));
        verdicts.add((startCost[1] < 300 ? "met: " : "**missed**: ") + "the agent starts and transforms the first"
                + " class with a @Remote method in under 300 ms" + String.format(Locale.ROOT, " (%+.0f ms)", startCost[1]));
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
                Score plain = get("ChainBench.plainJdbc rtt=" + rtt + " n=" + NS[i]);
                Score remote = get("ChainBench.remote rtt=" + rtt + " n=" + NS[i]);
                speedups[i] = plain.value() / remote.value();
                // First-order propagation of both errors into the ratio.
                // Bars are symmetric; a wider one is clipped above zero, which a logarithmic axis cannot show.
                errors[i] = Math.min(0.9 * speedups[i], speedups[i] * Math.hypot(
                        nanToZero(plain.error()) / plain.value(), nanToZero(remote.error()) / remote.value()));
            }
            chart.addSeries("RTT " + rtt + " ms", ns, speedups, errors);
        }
        BitmapEncoder.saveBitmap(chart, png.toString().replaceAll("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
    }

    private static double nanToZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }
}
