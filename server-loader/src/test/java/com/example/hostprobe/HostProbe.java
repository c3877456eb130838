package com.example.hostprobe;

import io.wormhole.server.pg.Backend;
import io.wormhole.server.pg.Params;
import io.wormhole.server.pg.PgException;
import io.wormhole.server.pg.Subtransaction;
import io.wormhole.server.pg.Plan;
import io.wormhole.server.pg.SpiResult;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** Code shipped into the backend by the host tests, standing in for what users will ship. */
public final class HostProbe {
    private HostProbe() {}

    public static String query(String sql) throws SQLException {
        try (Plan plan = Plan.prepare(sql)) {
            SpiResult r = plan.execute(Params.none(), 0);
            return r.rowCount() == 0 ? null : r.text(0, 0);
        }
    }

    public static int backendPid() throws SQLException {
        return Integer.parseInt(query("SELECT pg_backend_pid()"));
    }

    public static long add(long a, long b) {
        return a + b;
    }

    /** A failing statement is an exception Java can catch; the statements after it see the transaction intact. */
    /** A failed statement inside a savepoint: rolling back to it lets the call go on, its earlier work kept. */
    public static List<String> failThenContinue() throws SQLException {
        List<String> seen = new ArrayList<>();
        query("INSERT INTO host_t VALUES (1)");
        Subtransaction savepoint = Subtransaction.begin();
        try {
            query("SELECT 1/0");
            seen.add("no error");
        } catch (PgException e) {
            seen.add(e.getSQLState() + ": " + e.getMessage());
        }
        savepoint.rollback();
        query("INSERT INTO host_t VALUES (2)");
        seen.add(query("SELECT string_agg(v::text, ',' ORDER BY v) FROM host_t"));
        return seen;
    }

    /**
     * A savepoint a failed statement aborted cannot be released (25P02, as RELEASE SAVEPOINT then), and the refusal
     * is not an error that ends the call: rolling back to it lets the call go on.
     */
    public static List<String> releaseAbortedThenRollBack() throws SQLException {
        List<String> seen = new ArrayList<>();
        Subtransaction savepoint = Subtransaction.begin();
        try {
            query("SELECT 1/0");
        } catch (PgException e) {
            seen.add(e.getSQLState());
        }
        try {
            savepoint.release();
            seen.add("released");
        } catch (PgException e) {
            seen.add(e.getSQLState());
        }
        savepoint.rollback();
        seen.add(query("SELECT 6 * 7"));
        return seen;
    }

    /**
     * A failed statement with no savepoint: as in a transaction block, every statement after it fails with 25P02,
     * and the call's work is rolled back even though the method returns.
     */
    public static List<String> failThenGoOn() throws SQLException {
        List<String> seen = new ArrayList<>();
        query("INSERT INTO host_t VALUES (1)");
        for (String sql : List.of("SELECT 1/0", "INSERT INTO host_t VALUES (2)")) {
            try {
                query(sql);
                seen.add("no error");
            } catch (PgException e) {
                seen.add(e.getSQLState());
            }
        }
        return seen;
    }

    public static String failUncaught() throws SQLException {
        query("INSERT INTO host_t VALUES (3)");
        return query("SELECT 1/0");
    }

    public static String withDetail() throws SQLException {
        return query("DO $$ BEGIN RAISE EXCEPTION 'custom failure' USING ERRCODE = 'P0099', DETAIL = 'the detail',"
                + " HINT = 'the hint'; END $$");
    }

    public static String typedParameter(String text) throws SQLException {
        try (Plan plan = Plan.prepare("SELECT $1::int + 1")) {
            return plan.execute(Params.of(text), 0).text(0, 0);
        }
    }

    public static long busyLoop() {
        long n = 0;
        while (true) {
            Backend.checkInterrupts();
            n++;
        }
    }

    public static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }

    public static int allocate() {
        List<long[]> hog = new ArrayList<>();
        while (true) {
            hog.add(new long[1 << 20]);
        }
    }

    /** A thread of its own that tries to reach PostgreSQL. */
    public static String fromAnotherThread() throws InterruptedException {
        AtomicReference<String> outcome = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                Plan.prepare("SELECT 1");
                outcome.set("reached PostgreSQL");
            } catch (SQLException e) {
                outcome.set(e.getSQLState() + ": " + e.getMessage());
            } catch (Throwable e) {
                outcome.set(e.toString());
            }
        });
        t.start();
        t.join();
        return outcome.get();
    }

    public static void exit(int status) {
        System.exit(status);
    }

    public static int sum(int n) {
        int s = 0;
        for (int i = 1; i <= n; i++) {
            s += i;
        }
        return s;
    }

    /**
     * Makes a JDK class's initializer fail (trusted code may set the property it reads): from then on the class
     * fails every use in this VM.
     */
    public static String breakZoneRules() {
        System.setProperty("java.time.zone.DefaultZoneRulesProvider", "no.such.Provider");
        return java.time.ZoneId.of("Europe/Paris").getId();
    }

    /**
     * The same, hidden as a suppressed exception of a decoy: the first close handler throws the decoy, the second
     * breaks the class; the JDK adds what the second threw to the decoy's suppressed exceptions.
     */
    public static String breakZoneRulesBehindADecoy() {
        java.util.stream.Stream.empty().onClose(() -> {
            throw new IllegalStateException("decoy");
        }).onClose(HostProbe::breakZoneRules).close();
        return "unreachable";
    }
}
