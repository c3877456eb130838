package io.wormhole.benchmarks;

import com.example.samples.InsufficientFundsException;
import com.example.samples.Transfers;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Figures under load (issue 15), outside JMH because they need every operation's latency and a server restart in
 * the middle of a run: transfers between random accounts from 16 and 48 clients at once, each on a connection of
 * its own, three ways (an {@code @Remote} call, the same statements by plain pgJDBC in one transaction, a PL/pgSQL
 * function); then a fast restart of the server under 48 clients making {@code @Remote} calls, reconnecting as a pool
 * would, and the time until throughput is back.
 *
 * <p>Every operation is timed, so the percentiles are of all of them, not of a sample. A run's clients first warm
 * up together: each makes calls until every client has made 50 (the {@code @Remote} clients' backends start their
 * VMs then), then all go on for {@code WARM_SECONDS} more before the measured {@code MEASURE_SECONDS}.
 *
 * <p>Arguments: the server's port, then the command that runs {@code pg_ctl} on its data directory and log (words).
 * {@code benchmarks/bench.sh --load} runs it; {@code -Dload.only=restart} runs the restart alone.
 */
public final class LoadFigures {
    private static final int ACCOUNTS = 10_000;
    private static final int WARM_CALLS = 50;
    private static final int WARM_SECONDS = 10;
    private static final int MEASURE_SECONDS = 10;
    private static final BigDecimal ONE = BigDecimal.ONE;

    private enum Way { REMOTE, PLAIN_JDBC, PLPGSQL }

    private final int port;
    private final List<String> pgCtl;

    private LoadFigures(int port, List<String> pgCtl) {
        this.port = port;
        this.pgCtl = pgCtl;
    }

    public static void main(String[] args) throws Exception {
        LoadFigures figures = new LoadFigures(Integer.parseInt(args[0]), List.of(args).subList(1, args.length));
        try (Connection c = figures.connect()) {
            Database.setUp(c);
        }
        figures.accounts();
        BigDecimal before = figures.total();
        if (!"restart".equals(System.getProperty("load.only"))) {
            for (int clients : new int[] {16, 48}) {
                for (Way way : Way.values()) {
                    figures.steady(way, clients);
                }
            }
        }
        figures.restart(48);
        BigDecimal after = figures.total();
        System.out.println("invariant: total balance " + before + " before, " + after + " after"
                + (before.compareTo(after) == 0 ? " (unchanged)" : " (CHANGED)"));
    }

    /**
     * A client's connection. Its VM's heap is 32 MB (a transfer holds a few kB): with the default 256 MB, 48 VMs would
     * reserve more than the default {@code wormhole.memory_cap} of this 24 GB host and the last ones would wait.
     */
    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres?options="
                + URLEncoder.encode("-c wormhole.max_heap=32MB", StandardCharsets.UTF_8), "postgres", "");
    }

    private void accounts() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO accounts SELECT i, 1000000 FROM generate_series(1, " + ACCOUNTS + ") i"
                    + " ON CONFLICT (id) DO UPDATE SET balance = 1000000");
            st.execute("ANALYZE accounts");
        }
    }

    private BigDecimal total() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT sum(balance) FROM accounts")) {
            rs.next();
            return rs.getBigDecimal(1);
        }
    }

    /** One transfer between two random accounts, the lower id first so that no two transfers deadlock. */
    private static void transfer(Way way, Connection c, SplittableRandom random) throws SQLException {
        long a = 1 + random.nextInt(ACCOUNTS);
        long b = 1 + random.nextInt(ACCOUNTS - 1);
        if (b >= a) {
            b++;
        }
        long from = Math.min(a, b);
        long to = Math.max(a, b);
        try {
            switch (way) {
                case REMOTE -> Transfers.transfer(c, from, to, ONE);
                case PLAIN_JDBC -> {
                    Transfers.plainTransfer(c, from, to, ONE);
                    c.commit();
                }
                case PLPGSQL -> {
                    try (PreparedStatement st = c.prepareStatement("SELECT bench_transfer(?, ?, ?)")) {
                        st.setLong(1, from);
                        st.setLong(2, to);
                        st.setBigDecimal(3, ONE);
                        st.executeQuery().close();
                    }
                }
            }
        } catch (InsufficientFundsException e) {
            throw new IllegalStateException("an account ran dry: the run moves 1 at a time from a million", e);
        }
    }

    private static Connection prepared(Connection c, Way way) throws SQLException {
        c.setAutoCommit(way != Way.PLAIN_JDBC);
        return c;
    }

    /** Throughput and latency percentiles of {@code clients} clients making transfers {@code way}. */
    private void steady(Way way, int clients) throws Exception {
        CountDownLatch warmedUp = new CountDownLatch(clients);
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean done = new AtomicBoolean();
        long[][] latencies = new long[clients][];
        int[] counts = new int[clients];
        List<Thread> threads = new ArrayList<>();
        AtomicInteger failures = new AtomicInteger();
        for (int i = 0; i < clients; i++) {
            int me = i;
            Thread t = new Thread(() -> {
                SplittableRandom random = new SplittableRandom(me * 7919L + clients);
                long[] mine = new long[1 << 16];
                int n = 0;
                try (Connection c = prepared(connect(), way)) {
                    for (int k = 0; k < WARM_CALLS; k++) {
                        transfer(way, c, random);
                    }
                    warmedUp.countDown();
                    while (!done.get()) {
                        boolean measured = measuring.get();
                        long start = System.nanoTime();
                        transfer(way, c, random);
                        long took = System.nanoTime() - start;
                        if (measured && measuring.get()) {
                            if (n == mine.length) {
                                mine = Arrays.copyOf(mine, n * 2);
                            }
                            mine[n++] = took;
                        }
                    }
                } catch (SQLException | RuntimeException e) {
                    failures.incrementAndGet();
                    e.printStackTrace();
                    warmedUp.countDown();
                }
                latencies[me] = mine;
                counts[me] = n;
            }, "load-" + i);
            threads.add(t);
            t.start();
        }
        if (!warmedUp.await(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the clients did not warm up within five minutes");
        }
        TimeUnit.SECONDS.sleep(WARM_SECONDS);
        measuring.set(true);
        long start = System.nanoTime();
        TimeUnit.SECONDS.sleep(MEASURE_SECONDS);
        measuring.set(false);
        long elapsed = System.nanoTime() - start;
        done.set(true);
        for (Thread t : threads) {
            t.join();
        }
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int i = 0; i < clients; i++) {
            System.arraycopy(latencies[i], 0, all, at, counts[i]);
            at += counts[i];
        }
        Arrays.sort(all);
        System.out.printf(Locale.ROOT, "steady clients=%d way=%s: %.0f transfers/s, p50 %.2f ms, p99 %.2f ms,"
                        + " p99.9 %.2f ms, max %.2f ms (%d transfers, %d clients failed)%n", clients,
                way.name().toLowerCase(Locale.ROOT), total / (elapsed / 1e9), pct(all, 0.50), pct(all, 0.99),
                pct(all, 0.999), all.length == 0 ? 0 : all[all.length - 1] / 1e6, total, failures.get());
    }

    private static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, p * sorted.length)] / 1e6;
    }

    /**
     * A fast restart under {@code clients} clients making {@code @Remote} transfers: each client reconnects when its
     * connection breaks (every 20 ms, as a pool retries), and the figure is the time from the outage's start (the
     * first tenth of a second without a completion) until the completions of the last second reach 90 % of the rate
     * before it. It does not count from launching {@code pg_ctl}: on two saturated cores the postmaster logged the
     * shutdown request 3-5 s after the launch (the processes in between, {@code runuser} and {@code pg_ctl}, wait
     * their turn among a hundred runnable ones), and transfers went on until then.
     */
    private void restart(int clients) throws Exception {
        long origin = System.nanoTime();
        AtomicBoolean done = new AtomicBoolean();
        CountDownLatch warmedUp = new CountDownLatch(clients);
        int buckets = 6000;
        AtomicInteger[] perTenth = new AtomicInteger[buckets];
        for (int i = 0; i < buckets; i++) {
            perTenth[i] = new AtomicInteger();
        }
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            int me = i;
            Thread t = new Thread(() -> {
                SplittableRandom random = new SplittableRandom(me * 31L + 5);
                boolean counted = false;
                while (!done.get()) {
                    try (Connection c = connect()) {
                        while (!done.get()) {
                            transfer(Way.REMOTE, c, random);
                            int tenth = (int) ((System.nanoTime() - origin) / 100_000_000L);
                            if (tenth < buckets) {
                                perTenth[tenth].incrementAndGet();
                            }
                            if (!counted) {
                                counted = true;
                                warmedUp.countDown();
                            }
                        }
                    } catch (SQLException e) {
                        sleepQuietly(20);
                    }
                }
            }, "restart-load-" + i);
            threads.add(t);
            t.start();
        }
        if (!warmedUp.await(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the clients did not start within five minutes");
        }
        TimeUnit.SECONDS.sleep(WARM_SECONDS + 5);
        int restartTenth = (int) ((System.nanoTime() - origin) / 100_000_000L);
        long stopStart = System.nanoTime();
        pgCtl("restart", "-m", "fast", "-w", "-t", "60");
        double restartSeconds = (System.nanoTime() - stopStart) / 1e9;
        int endTenth = Math.min(buckets, restartTenth + 400);
        TimeUnit.MILLISECONDS.sleep((endTenth - (System.nanoTime() - origin) / 100_000_000L) * 100);
        done.set(true);
        for (Thread t : threads) {
            t.join(TimeUnit.MINUTES.toMillis(1));
        }
        double before = 0;
        for (int i = restartTenth - 50; i < restartTenth; i++) {
            before += perTenth[i].get();
        }
        before /= 5;
        // The outage: from the last tenth with completions before the first empty one after the restart began, to
        // the next tenth with completions; then the first second after it that reaches 90 % of the rate before.
        int down = restartTenth;
        while (down < endTenth && perTenth[down].get() > 0) {
            down++;
        }
        int up = down;
        while (up < endTenth && perTenth[up].get() == 0) {
            up++;
        }
        int back = -1;
        for (int i = up + 9; i < endTenth; i++) {
            int second = 0;
            for (int j = i - 9; j <= i; j++) {
                second += perTenth[j].get();
            }
            if (second >= 0.9 * before) {
                back = i + 1;
                break;
            }
        }
        StringBuilder timeline = new StringBuilder();
        for (int t = restartTenth - 20; t + 10 <= endTenth; t += 10) {
            int second = 0;
            for (int j = t; j < t + 10; j++) {
                second += perTenth[j].get();
            }
            timeline.append(String.format(Locale.ROOT, " %+.0fs:%d", (t - restartTenth) / 10.0, second));
        }
        System.out.println("transfers per second around the restart:" + timeline);
        System.out.printf(Locale.ROOT, "restart clients=%d: %.0f transfers/s before; pg_ctl restart -m fast returned"
                + " after %.1f s; no transfer completed from %.1f s to %.1f s after pg_ctl was launched; back to 90 %%"
                + " of the rate before %s%n", clients, before, restartSeconds, (down - restartTenth) / 10.0,
                (up - restartTenth) / 10.0, back < 0 ? "never within the run"
                        : String.format(Locale.ROOT, "%.1f s after the outage began", (back - down) / 10.0));
    }

    private void pgCtl(String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(pgCtl);
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (p.waitFor() != 0) {
            throw new IOException("pg_ctl " + String.join(" ", args) + " failed");
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
