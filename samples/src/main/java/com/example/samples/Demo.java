package com.example.samples;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs every sample twice, as plain JDBC from here and as a {@code @Remote} call, and prints the results, how many
 * statements each sent to the server (a round trip each), and the time each way took: directly on this machine
 * (0 ms round trip) and through a proxy that adds 1 ms to every round trip, as a network in a data centre does
 * (the median of five runs after twenty unmeasured ones, which let both JVMs compile the code, each on data set up
 * afresh). Run it with
 * {@code -javaagent:wormhole-agent.jar}.
 */
public final class Demo {
    private Demo() {}

    /** Work a sample does on a connection. */
    private interface Work {
        Object run(Connection conn) throws Exception;
    }

    /** Puts a sample's tables back as they were, so both variants start from the same data. */
    private interface SetUp {
        void run(Connection conn) throws Exception;
    }

    private static final int WARM_RUNS = 20;
    private static final int TIMED_RUNS = 5;

    public static void main(String[] args) throws Exception {
        try (Connection conn = Samples.connect(); DelayProxy proxy = new DelayProxy(Samples.port());
                Connection far = Samples.connectThrough(proxy)) {
            proxy.rttMillis(1);
            LocalDate from = LocalDate.of(2026, 11, 1);
            LocalDate to = LocalDate.of(2026, 11, 7);
            BigDecimal thirty = new BigDecimal("30.00");
            BigDecimal fiveHundred = new BigDecimal("500.00");
            compare("update_user_stats (3 dependent statements)", conn, far, UserStats::setUp,
                    c -> UserStats.plainUpdateUserStats(c, 1), c -> UserStats.updateUserStats(c, 1));
            compare("dashboard: a user and their last 3 posts (records)", conn, far, UserStats::setUp,
                    c -> Dashboard.plainLoad(c, 1, 3), c -> Dashboard.load(c, 1, 3));
            compare("headlines through a third-party library (Apache Commons Lang)", conn, far, UserStats::setUp,
                    c -> Headlines.plainHeadlines(c, 1, 20), c -> Headlines.headlines(c, 1, 20));
            compare("sales report by day over 2,000 rows (java.time, BigDecimal, streams)", conn, far,
                    SalesReport::setUp, c -> SalesReport.plainByDay(c, from, to), c -> SalesReport.byDay(c, from, to));
            compare("transfer 30.00 from account 1 to 2", conn, far, Transfers::setUp,
                    c -> Transfers.plainTransfer(c, 1, 2, thirty), c -> Transfers.transfer(c, 1, 2, thirty));
            compare("transfer 500.00 from account 2 (insufficient funds; balances after the call)", conn, far,
                    Transfers::setUp,
                    c -> failure(c, cc -> Transfers.plainTransfer(cc, 2, 1, fiveHundred)),
                    c -> failure(c, cc -> Transfers.transfer(cc, 2, 1, fiveHundred)));
            System.out.println("  why the balances differ: the method updates both accounts, then throws. Plain JDBC"
                    + " ran in auto-commit, so each UPDATE was committed as it ran and the money moved anyway; a"
                    + " @Remote call's work is undone when its method throws, as if it were one transaction.");
            compare("orders: advance the PAID ones (enums in and out, a lambda)", conn, far, Orders::setUp,
                    c -> Orders.plainAdvance(c, Orders.Status.PAID), c -> Orders.advance(c, Orders.Status.PAID));
        }
    }

    private static Object failure(Connection conn, Work work) throws Exception {
        String outcome;
        try {
            outcome = "returned " + work.run(conn);
        } catch (InsufficientFundsException e) {
            outcome = e.getClass().getSimpleName() + ": " + e.getMessage() + " (shortfall " + e.shortfall() + ")";
        }
        // Read the balances past the counting wrapper: they are the demo's look, not the sample's work.
        try (Statement st = conn.unwrap(Connection.class).createStatement();
                var rs = st.executeQuery("SELECT string_agg(id || '=' || balance, ', ' ORDER BY id) FROM accounts")) {
            rs.next();
            return outcome + "; balances " + rs.getString(1);
        }
    }

    /** {@code conn} reaches the database directly, {@code far} through the 1 ms proxy. */
    private static void compare(String name, Connection conn, Connection far, SetUp setUp, Work plain, Work remote)
            throws Exception {
        setUp.run(conn);
        AtomicInteger plainCount = new AtomicInteger();
        Object plainResult = plain.run(counting(conn, plainCount));
        setUp.run(conn);
        AtomicInteger remoteCount = new AtomicInteger();
        Object remoteResult = remote.run(counting(conn, remoteCount));
        System.out.printf("%n%s%n  plain JDBC: %s%n  @Remote:    %s%n  round trips: plain JDBC %d, @Remote %d%n",
                name, shorten(plainResult), shorten(remoteResult), plainCount.get(), remoteCount.get());
        System.out.printf("  time: at 0 ms plain JDBC %.2f ms, @Remote %.2f ms; through a 1 ms round trip plain JDBC"
                + " %.2f ms, @Remote %.2f ms%n", millis(conn, conn, setUp, plain),
                millis(conn, conn, setUp, remote), millis(conn, far, setUp, plain), millis(conn, far, setUp, remote));
    }

    /** The median time of {@code work} on {@code link}, data set up afresh (on {@code conn}) before every run. */
    private static double millis(Connection conn, Connection link, SetUp setUp, Work work) throws Exception {
        long[] runs = new long[TIMED_RUNS];
        for (int i = 0; i < WARM_RUNS; i++) {
            setUp.run(conn);
            work.run(link);
        }
        for (int i = 0; i < TIMED_RUNS; i++) {
            setUp.run(conn);
            long start = System.nanoTime();
            work.run(link);
            runs[i] = System.nanoTime() - start;
        }
        java.util.Arrays.sort(runs);
        return runs[TIMED_RUNS / 2] / 1e6;
    }

    private static String shorten(Object o) {
        String s = String.valueOf(o);
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    /** The connection, counting every statement it sends. */
    private static Connection counting(Connection conn, AtomicInteger count) {
        return (Connection) Proxy.newProxyInstance(Demo.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    // pgJDBC's own interfaces stay hidden: the agent's function-call message through them would pass
                    // the count by, so its calls come here as statements, one round trip each either way.
                    if (method.getName().equals("isWrapperFor") && args[0] != Connection.class) {
                        return false;
                    }
                    Object result = invoke(conn, method, args);
                    if (result instanceof Statement st) {
                        Class<?> type = result instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
                        return Proxy.newProxyInstance(Demo.class.getClassLoader(), new Class<?>[] {type},
                                (p, m, a) -> {
                                    if (m.getName().startsWith("execute")) {
                                        count.incrementAndGet();
                                    }
                                    return invoke(st, m, a);
                                });
                    }
                    return result;
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
