package com.example.attacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wormhole.agent.Premain;
import io.wormhole.testing.Backends;
import io.wormhole.testing.Bystander;
import io.wormhole.testing.PostgresCluster;
import io.wormhole.testing.Stops;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Calls that ignore every stop unless the host's watchdog ends them, shipped through the agent and run by a role that
 * holds only {@code wormhole_run} against a bundle another role installed. Each, stopped by a statement timeout, by
 * {@code pg_cancel_backend} or by {@code pg_terminate_backend}, ends within the deadline plus
 * {@code wormhole.stop_grace} plus one second: a plain 57014 ERROR where the call stopped, otherwise its backend
 * ends itself with a FATAL saying it did not stop, and no other session notices. They run on a cluster of their own:
 * a host without a watchdog leaves backends only SIGKILL ends, which the test then kills with the whole cluster.
 */
class JdkRunawaysTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** Beyond the bound, how long the test waits before it calls the call hung rather than slow. */
    private static final Duration HUNG = Duration.ofSeconds(5);
    /** Processor time a hostile call has used before the test stops it: it is at work by then. */
    private static final Duration BUSY = Duration.ofMillis(200);
    private static final ExecutorService CLIENTS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "runaway-client");
        t.setDaemon(true);
        return t;
    });
    private static PostgresCluster.Instance cluster;

    @BeforeAll
    static void installAgent() {
        Premain.install(ByteBuddyAgent.install());
    }

    @AfterAll
    static void tearDown() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The cluster, with the bundle installed by one role and a second role that may only run it. */
    private static PostgresCluster.Instance cluster() throws Exception {
        if (cluster != null) {
            return cluster;
        }
        cluster = PostgresCluster.isolated("runaways");
        try (Connection c = cluster.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE installer LOGIN IN ROLE wormhole_install");
            st.execute("CREATE ROLE runner LOGIN IN ROLE wormhole_run");
        }
        try (Connection c = cluster.connect("installer")) {
            assertThat(JdkRunaways.powerBitLength(c, 10)).isEqualTo(16);
            assertThat(JdkRunaways.sumBelow(c, 10)).isEqualTo(45);
            assertThat(JdkRunaways.addedPrecision(c, new BigDecimal("1E+3"), BigDecimal.ONE)).isEqualTo(4);
            assertThat(JdkRunaways.endlessResult(c, false).value()).isEqualTo(42);
            // The client's copies of these exceptions never loop: the flag that makes them loop stays on the server.
            assertThatThrownBy(() -> JdkRunaways.failWithEndlessMessage(c, false))
                    .isInstanceOf(RuntimeException.class).hasMessage("message after 0 steps");
            assertThatThrownBy(() -> JdkRunaways.failWithEndlessToString(c, false))
                    .isInstanceOf(RuntimeException.class).hasMessage("a plain message");
        }
        return cluster;
    }

    /**
     * A hostile call, and the same method with harmless arguments (which makes the runner's backend define the
     * bundle, so that a stop finds the hostile one at work). Ordinary completion is allowed only where the host need
     * not run the looping methods.
     */
    private record Runaway(String name, Call call, Call harmless, boolean mayComplete) {
        @Override
        public String toString() {
            return name;
        }
    }

    @FunctionalInterface
    private interface Call {
        Object run(Connection c) throws Throwable;
    }

    private enum Stop { STATEMENT_TIMEOUT, CANCEL, TERMINATE }

    static Stream<Arguments> runaways() {
        Stream<Runaway> all = Stream.of(
                new Runaway("BigInteger.pow", c -> JdkRunaways.powerBitLength(c, 120_000_000),
                        c -> JdkRunaways.powerBitLength(c, 3), false),
                new Runaway("LongStream.sum", c -> JdkRunaways.sumBelow(c, Long.MAX_VALUE),
                        c -> JdkRunaways.sumBelow(c, 3), false),
                new Runaway("BigDecimal.add of 1E+100000000",
                        c -> JdkRunaways.addedPrecision(c, new BigDecimal("1E+100000000"), BigDecimal.ONE),
                        c -> JdkRunaways.addedPrecision(c, BigDecimal.TEN, BigDecimal.ONE), false),
                new Runaway("an exception whose getMessage loops", c -> JdkRunaways.failWithEndlessMessage(c, true),
                        c -> outcome(cc -> JdkRunaways.failWithEndlessMessage(cc, false), c), false),
                // The host has no need of these methods; if it calls them, they must not escape the stop.
                new Runaway("an exception whose toString loops", c -> JdkRunaways.failWithEndlessToString(c, true),
                        c -> outcome(cc -> JdkRunaways.failWithEndlessToString(cc, false), c), true),
                new Runaway("a result whose hashCode, equals and toString loop",
                        c -> JdkRunaways.endlessResult(c, true), c -> JdkRunaways.endlessResult(c, false), true));
        return all.flatMap(r -> Stream.of(Stop.values()).map(s -> Arguments.of(r, s)));
    }

    @ParameterizedTest(name = "{0} under {1}")
    @MethodSource("runaways")
    void endsWithinTheDeadlinePlusTheGrace(Runaway runaway, Stop stop) throws Throwable {
        PostgresCluster.Instance pg = cluster();
        Future<Object> call = null;
        Duration bound = switch (stop) {
            case STATEMENT_TIMEOUT -> TIMEOUT.plus(Stops.CANCEL_GRACE_WALL).plus(Stops.SLACK);
            case CANCEL -> Stops.CANCEL_GRACE_WALL.plus(Stops.SLACK);
            case TERMINATE -> Stops.GRACE.plus(Stops.SLACK);
        };
        try (Bystander bystander = Bystander.watch(pg.connect()); Connection c = pg.connect("runner")) {
            assertThat(JdkRunaways.sumBelow(bystander.connection(), 3)).isEqualTo(3);
            runaway.harmless().run(c);
            int pid = Backends.pid(c);
            long logFrom = pg.logSize();
            if (stop == Stop.STATEMENT_TIMEOUT) {
                try (Statement st = c.createStatement()) {
                    st.execute("SET statement_timeout = " + TIMEOUT.toMillis());
                }
            }
            long start = System.nanoTime();
            call = CLIENTS.submit(() -> outcome(runaway.call(), c));
            if (stop != Stop.STATEMENT_TIMEOUT
                    && Stops.awaitCallActive(bystander.connection(), pid, Duration.ofSeconds(20), call::isDone)
                    && Stops.awaitBusy(pid, BUSY, Duration.ofSeconds(20), call::isDone)) {
                start = System.nanoTime();
                signal(bystander.connection(), stop == Stop.CANCEL ? "pg_cancel_backend" : "pg_terminate_backend",
                        pid);
                if (stop == Stop.TERMINATE) {
                    assertThat(Stops.awaitExit(pid, bound.plus(HUNG))).as("backend %d ended", pid).isTrue();
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("time until the backend ended")
                            .isLessThanOrEqualTo(bound);
                }
            }
            Object outcome = call.get(bound.plus(HUNG).toMillis(), TimeUnit.MILLISECONDS);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).as("%s under %s: time until the call ended", runaway, stop).isLessThanOrEqualTo(bound);
            if (runaway.mayComplete() && completedNormally(outcome)) {
                assertThat(Backends.pid(c)).isEqualTo(pid);
            } else {
                Stops.assertStopped((Throwable) outcome, stop == Stop.TERMINATE ? "57P01" : "57014", c, pid,
                        () -> pg.logSince(logFrom));
            }
            bystander.assertUndisturbed();
            assertThat(PostgresCluster.crashSign(pg.logSince(logFrom))).as("a crash in the server log").isNull();
        } catch (TimeoutException e) {
            throw new AssertionError(runaway + " under " + stop + " did not end within " + bound.plus(HUNG), e);
        } finally {
            if (call != null && !call.isDone()) {
                // A backend that ignores every stop: only killing the cluster ends it.
                cluster.close();
                cluster = null;
            }
        }
    }

    /** A harmless result or the exception the method threw on purpose: the host never ran the looping methods. */
    private static boolean completedNormally(Object outcome) {
        return outcome instanceof JdkRunaways.Endless e && e.value() == 42
                || outcome instanceof RuntimeException r && r.getClass().getSimpleName().startsWith("Endless");
    }

    private static void signal(Connection admin, String function, int pid) throws SQLException {
        try (Statement st = admin.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT " + function + "(" + pid + ")")) {
            rs.next();
            assertThat(rs.getBoolean(1)).as(function).isTrue();
        }
    }

    /** What the call returned, or what it threw (an exception is the expected outcome here). */
    private static Object outcome(Call call, Connection c) {
        try {
            return call.run(c);
        } catch (Throwable t) {
            return t;
        }
    }
}
