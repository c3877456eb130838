package com.example.attacks;

import static io.wormhole.testing.Backends.assertUsable;
import static io.wormhole.testing.Backends.pid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.wormhole.Remote;
import io.wormhole.agent.Premain;
import io.wormhole.testing.PostgresCluster;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.util.PSQLException;

/**
 * Every attack in {@link Attacks}, shipped through the agent by a role that may install bundles: each must end in a
 * clear exception on the client, in bounded time, with nothing done, the connection usable and another session's
 * backend undisturbed.
 */
@ExtendWith(PostgresCluster.class)
class AdversarialTest {
    private static final long TIMEOUT_MILLIS = 500;
    private static Connection bystander;
    private static int bystanderPid;

    @BeforeAll
    static void setUp() throws Exception {
        Premain.install(ByteBuddyAgent.install());
        try (Connection c = PostgresCluster.connect(); Statement st = c.createStatement()) {
            st.execute("DROP ROLE IF EXISTS attacker");
            st.execute("CREATE ROLE attacker LOGIN IN ROLE wormhole_install");
        }
        bystander = PostgresCluster.connect();
        bystanderPid = pid(bystander);
        Files.deleteIfExists(Path.of(Attacks.MARKER));
    }

    static Stream<String> attacks() {
        return Arrays.stream(Attacks.class.getDeclaredMethods()).filter(m -> m.isAnnotationPresent(Remote.class))
                .map(Method::getName).sorted();
    }

    /**
     * Where the verifier must find each attack's forbidden reference when it is not in the attack's own method or
     * one of its lambdas: in the nested class the route goes through.
     */
    private static final Map<String, String> ROUTED_THROUGH = Map.of(
            "finalizer", "Attacks$Finalizable.finalize()V",
            "viaClassLoaderSubclass", "Attacks$Loader ",
            "viaDefaultMethod", "Attacks$Sneaky.steal(",
            "viaInheritedMethod", "Attacks$MyList.total(",
            "viaStaticInitializer", "Attacks$Loaded.<clinit>(",
            "viaThreadSubclass", "Attacks$Worker ");

    @Test
    void thereAreAtLeastFiftyTwoAttacks() {
        assertThat(attacks().count()).isGreaterThanOrEqualTo(52);
    }

    @Test
    void everyRegexRouteIsARunaway() {
        assertThat(regexRunaways()).hasSizeGreaterThanOrEqualTo(14);
    }

    @ParameterizedTest
    @MethodSource("attacks")
    void isRefusedWithNothingDone(String name) throws Exception {
        Method attack = Arrays.stream(Attacks.class.getDeclaredMethods()).filter(m -> m.getName().equals(name))
                .findFirst().orElseThrow();
        try (Connection c = PostgresCluster.connect("attacker")) {
            long start = System.nanoTime();
            Throwable thrown = outcome(attack, c);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(thrown).as(name + " must fail").isNotNull();
            assertThat(thrown).as(name).isInstanceOf(SecurityException.class);
            assertThat(thrown.getMessage()).as(name).contains("rejected by the verifier");
            // Each attack ships alone (the bundle holds what its method reaches): the refusal must be of its own code.
            String own = "com.example.attacks." + ROUTED_THROUGH.getOrDefault(name, "Attacks." + name + "(");
            assertThat(thrown.getMessage()).as(name).containsAnyOf(own, "com.example.attacks.Attacks.lambda$" + name
                    + "$");
            assertThat(millis).as(name + " took too long").isLessThan(20_000);
            assertUsable(c);
        }
        assertThat(Path.of(Attacks.MARKER)).as("a file written by " + name).doesNotExist();
        assertThat(pid(bystander)).isEqualTo(bystanderPid);
    }

    private static Throwable outcome(Method attack, Connection c) throws IllegalAccessException {
        try {
            attack.invoke(null, c);
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause();
        }
    }

    static Stream<Method> regexRunaways() {
        return Arrays.stream(RegexRunaways.class.getDeclaredMethods()).filter(m -> m.isAnnotationPresent(Remote.class))
                .sorted(Comparator.comparing(Method::getName));
    }

    static Stream<Method> runaways() throws NoSuchMethodException {
        Stream<Method> loops = Stream.of(Runaways.class.getMethod("spin", Connection.class),
                Runaways.class.getMethod("swallowEverything", Connection.class),
                Runaways.class.getMethod("catastrophicRegex", Connection.class));
        return Stream.concat(loops, regexRunaways());
    }

    /** Each runaway stops within the deadline plus what a stop takes: the poll that sees it, unwinding, the ERROR. */
    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("runaways")
    void runawaysStopAtTheStatementTimeoutEvenWhenTheyCatchEverything(Method runaway) throws Exception {
        String name = runaway.getName();
        try (Connection c = PostgresCluster.connect("attacker"); Statement st = c.createStatement()) {
            // The JVM is started, so the timeout can only catch the runaway.
            assertThat(Runaways.ready(c)).isEqualTo(1);
            st.execute("SET statement_timeout = '" + TIMEOUT_MILLIS + "ms'");
            long start = System.nanoTime();
            Throwable thrown = outcome(runaway, c);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(thrown).as(name).isInstanceOfSatisfying(PSQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("57014"));
            assertThat(millis).as(name).isLessThan(TIMEOUT_MILLIS + 1_500);
            st.execute("SET statement_timeout = 0");
            assertUsable(c);
        }
        assertThat(pid(bystander)).isEqualTo(bystanderPid);
    }

    @Test
    void stackAndHeapExhaustionEndOnlyTheCall() throws Exception {
        try (Connection c = PostgresCluster.connect("attacker")) {
            try {
                Runaways.recurse(c, 0);
                fail("recursion without end returned");
            } catch (StackOverflowError e) {
                assertThat(e.getStackTrace()[0].getMethodName()).isEqualTo("recurse");
            }
            assertUsable(c);
            // The call's memory limit stops it before the heap runs out: an ERROR naming the setting.
            try {
                Runaways.allocate(c);
                fail("allocation without end returned");
            } catch (Exception e) {
                assertThat(e).isInstanceOfSatisfying(PSQLException.class, pg -> {
                    assertThat(pg.getSQLState()).isEqualTo("53200");
                    assertThat(pg.getMessage()).contains("wormhole.call_memory_limit");
                });
            }
            assertUsable(c);
        }
        assertThat(pid(bystander)).isEqualTo(bystanderPid);
    }
}
