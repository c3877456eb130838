package io.wormhole.server.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.example.hostprobe.HostProbe;
import com.example.overflow.OverflowHandlers;
import io.wormhole.server.testing.InBackend;
import io.wormhole.testing.Backends;
import io.wormhole.testing.Bystander;
import io.wormhole.testing.PostgresCluster;
import io.wormhole.wire.Bundle;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Shipped code that overflows the stack and calls into the host from its handlers, as a backend's first call:
 * the call fails with the overflow, and the backend's later calls, of any bundle, work as before.
 */
@ExtendWith(PostgresCluster.class)
class OverflowHandlersTest {

    @ParameterizedTest(name = "{0} in the handler")
    @ValueSource(strings = {"print", "query", "savepoint", "swallow"})
    void aCallThatOverflowsIntoTheHostLeavesTheBackendUsable(String handler) throws Throwable {
        try (Bystander bystander = Bystander.watch(PostgresCluster.connect());
                Connection c = PostgresCluster.connect()) {
            overflowIntoTheHost(c, handler);
            bystander.assertUndisturbed();
        }
    }

    /**
     * The same once the host's own code (its statements, its notices, the call's way in and out) runs as C2 compiled
     * it, inlined deeper and into other frames than C1's: the reserve kept for the host is measured against frames
     * whose size the JIT decides.
     */
    @ParameterizedTest(name = "{0} in the handler")
    @ValueSource(strings = {"print", "query", "savepoint", "swallow"})
    void aCallThatOverflowsIntoTheHostCompiledByC2LeavesTheBackendUsable(String handler) throws Throwable {
        try (Bystander bystander = Bystander.watch(PostgresCluster.connect());
                Connection c = PostgresCluster.connect();
                CompileLog compiles = CompileLog.of(c, "")) {
            long until = System.nanoTime() + 60_000_000_000L;
            while (!compiles.compiled("io.wormhole.server.jdbc.SpiStatement", "", 4)
                    || !compiles.compiled("io.wormhole.server.call.Dispatcher", "", 4)) {
                assertThat(System.nanoTime()).as("the host's code compiled by C2 within a minute").isLessThan(until);
                for (int i = 0; i < 200; i++) {
                    InBackend.call(c, OverflowHandlers.class, "hello", null, "warm");
                }
            }
            overflowIntoTheHost(c, handler);
            bystander.assertUndisturbed();
        }
    }

    private static void overflowIntoTheHost(Connection c, String handler) throws Throwable {
        int pid = Backends.pid(c);
        Object[] args = handler.equals("print") || handler.equals("swallow") ? new Object[] {0}
                : new Object[] {null, 0};
        assertThatThrownBy(() -> InBackend.call(c, OverflowHandlers.class, handler, args))
                .satisfiesAnyOf(e -> assertThat(e).isInstanceOf(StackOverflowError.class),
                        e -> assertThat(e).isInstanceOfSatisfying(SQLException.class,
                                s -> assertThat(s.getSQLState()).isEqualTo("54001")));
        for (int i = 0; i < 2; i++) {
            assertThat(InBackend.call(c, OverflowHandlers.class, "hello", null, "again"))
                    .as("a later call in the same backend").isEqualTo("hello postgres again");
        }
        assertThat(Backends.pid(c)).isEqualTo(pid);
    }

    /**
     * The JDK's own handlers still run at the bottom of the stack: a stream's close handlers run one after another
     * whatever the first throws, so a second one that prints runs host code where the first overflowed. The call
     * fails with the overflow and the backend serves later calls, or, when a class was left uninitializable on the
     * way, the backend ends with a FATAL naming it; never a backend whose later calls fail.
     */
    @Test
    void hostCodeTheJdkRunsAtTheBottomFailsTheCallOrEndsTheBackend() throws Throwable {
        try (Bystander bystander = Bystander.watch(PostgresCluster.connect());
                Connection c = PostgresCluster.connect()) {
            Throwable failure = catchThrowable(() -> InBackend.call(c, OverflowHandlers.class, "streamClose", 0));
            if (failure instanceof SQLException e && e.getMessage().startsWith("FATAL: the Java class ")) {
                assertThat(e.getMessage()).contains("failed to initialize during this call; the backend ends");
                assertThat(c.isValid(1)).as("the backend ended").isFalse();
                try (Connection fresh = PostgresCluster.connect()) {
                    assertThat(InBackend.call(fresh, OverflowHandlers.class, "hello", null, "fresh"))
                            .isEqualTo("hello postgres fresh");
                }
            } else {
                assertThat(failure).isInstanceOf(StackOverflowError.class);
                assertThat(InBackend.call(c, OverflowHandlers.class, "hello", null, "again"))
                        .as("a later call in the same backend").isEqualTo("hello postgres again");
            }
            bystander.assertUndisturbed();
        }
    }

    /**
     * An error that reaches the host only as a suppressed exception of the decoy the method throws is seen all the
     * same: the call that left a JDK class uninitializable ends its backend, not a later, innocent one.
     */
    @Test
    void anErrorHiddenAsASuppressedExceptionIsSeen() throws Throwable {
        try (Connection c = PostgresCluster.connect(); Statement st = c.createStatement()) {
            st.execute("SET wormhole.trusted = on");
            assertThatThrownBy(() -> InBackend.call(c, HostProbe.class, "breakZoneRulesBehindADecoy"))
                    .isInstanceOf(SQLException.class).hasMessageStartingWith(
                            "FATAL: the Java class java.time.zone.ZoneRulesProvider failed to initialize");
            assertThat(c.isValid(1)).as("the backend ended").isFalse();
        }
    }

    /**
     * A recursion inside the JDK alone passes no shipped entry, so the reserve cannot stop it: at the guard zone the
     * JDK can fail silently and stay wrong for later calls (German locale data cached as missing, helper-22's break).
     * A call that went there ends its backend, with a FATAL naming the cause; one that stayed shallow does not.
     */
    @Test
    void aRecursionInsideTheJdkAloneThatReachesTheEndOfTheStackEndsTheBackend() throws Throwable {
        try (Bystander bystander = Bystander.watch(PostgresCluster.connect());
                Connection c = PostgresCluster.connect()) {
            int pid = Backends.pid(c);
            assertThat(InBackend.call(c, OverflowHandlers.class, "germanAtTheEndOfJdkOnlyFunctions", 1000))
                    .isEqualTo("1,5");
            assertThat(Backends.pid(c)).as("a shallow recursion keeps the backend").isEqualTo(pid);
            assertThatThrownBy(() -> InBackend.call(c, OverflowHandlers.class, "germanAtTheEndOfJdkOnlyFunctions",
                    500_000)).isInstanceOf(SQLException.class).hasMessageStartingWith(
                            "FATAL: Java code of this call ran to the end of the stack; the backend ends");
            assertThat(c.isValid(1)).as("the backend ended").isFalse();
            try (Connection fresh = PostgresCluster.connect()) {
                assertThat(InBackend.call(fresh, OverflowHandlers.class, "german")).as("German, in a new backend")
                        .isEqualTo("1.234,5 | 1. März 2020");
            }
            bystander.assertUndisturbed();
        }
    }

    /**
     * JDK caches that remember a failure: German locale data first loaded at the bottom of the stack would be cached
     * as missing, silently, for every later call of the backend. Shipped code's frames stop short of the bottom, so
     * the JDK work they start has room to finish.
     */
    @Test
    void localeDataFirstUsedDeepInARecursionStaysRight() throws Throwable {
        try (Bystander bystander = Bystander.watch(PostgresCluster.connect());
                Connection c = PostgresCluster.connect()) {
            int pid = Backends.pid(c);
            assertThatThrownBy(() -> InBackend.call(c, OverflowHandlers.class, "localeAtTheBottom"))
                    .isInstanceOf(StackOverflowError.class);
            assertThat(InBackend.call(c, OverflowHandlers.class, "german")).as("German, in a later call")
                    .isEqualTo("1.234,5 | 1. März 2020");
            assertThat(Backends.pid(c)).isEqualTo(pid);
            bystander.assertUndisturbed();
        }
    }

    /**
     * Shipped code at the end of a recursion inside the JDK alone still meets the reserve, however the JDK enters
     * it: an override (a nested list's hashCode), a static method reference or a constructor reference (composed
     * functions). German locale data it loads there stays right for later calls of the backend that loaded it. The
     * test deepens the recursion until it overflows.
     *
     * <p>Near the end of the stack a call may instead end its backend at the tripwire: as C2 compiles the recursion,
     * its frames go in and out of compiled form, and one that unwinds into a larger interpreted frame can run past
     * the reserve (a clean FATAL, as {@code aRecursionInsideTheJdkAlone...} shows). The search goes on in a new
     * backend then, one step less deep; the locale must load, and stay right, in one of them.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"germanAtTheEndOfAJdkRecursion", "germanAtTheEndOfComposedFunctions",
            "germanAtTheEndOfComposedConstructors"})
    void localeDataFirstUsedAtTheEndOfAJdkRecursionStaysRight(String recursion) throws Throwable {
        Connection c = PostgresCluster.connect();
        try {
            // How deep the nesting can go, without loading the locale; then the locale first loaded at the end of
            // a recursion a little less deep, level by level, until it loads.
            int deepest = 30_000;
            for (boolean overflowed = false; !overflowed && deepest < 1_000_000; ) {
                try {
                    InBackend.call(c, OverflowHandlers.class, recursion, deeper(deepest), false);
                    deepest = deeper(deepest);
                } catch (StackOverflowError e) {
                    overflowed = true;
                } catch (SQLException ranToTheEnd) {
                    c = reconnectAfterTheEndOfTheStack(c, ranToTheEnd);
                    overflowed = true;
                }
            }
            int loadedIn = 0;
            for (int depth = deeper(deepest); depth > deepest - deepest / 6 && loadedIn == 0;
                    depth -= Math.max(50, deepest / 700)) {
                try {
                    InBackend.call(c, OverflowHandlers.class, recursion, depth, true);
                    loadedIn = Backends.pid(c);
                } catch (StackOverflowError tooDeep) {
                    // One step less deep.
                } catch (SQLException ranToTheEnd) {
                    c = reconnectAfterTheEndOfTheStack(c, ranToTheEnd); // and one step less deep
                }
            }
            assertThat(loadedIn).as("the locale loaded at the end of a recursion").isNotZero();
            assertThat(InBackend.call(c, OverflowHandlers.class, "german")).as("German, in a later call")
                    .isEqualTo("1.234,5 | 1. März 2020");
            assertThat(Backends.pid(c)).as("the backend that loaded it").isEqualTo(loadedIn);
        } finally {
            c.close();
        }
    }

    /**
     * The next depth to try on the way to a recursion's overflow: a twentieth deeper. A level of these recursions
     * takes a few words of stack as C2 compiles them and ten times that as C1 or the interpreter runs them, so the
     * steps, like the overflow, are in proportion to the stack rather than a count of levels.
     */
    private static int deeper(int depth) {
        return depth + Math.max(1_000, depth / 20);
    }

    /**
     * The JDK calls an enum's {@code values()} by reflection ({@code Class.getEnumConstants}), and a method reference
     * puts that call at the end of a recursion inside the JDK alone: {@code values()} looks at the stack too. This
     * {@code values()} is made to load German locale data first (javac's only clones the constants); the JDK
     * swallows what it throws. Level by level up from the bottom, a {@code values()} that did not look would start
     * loading the locale where too little stack is left, over and over (helper-20's break: later calls then formatted
     * German with English data, or the backend ended).
     *
     * <p>Its backends compile with C1 alone. With C2, the levels of the recursion go in and out of compiled code as
     * the backend warms up, and near the end of the stack a call whose {@code values()} look would refuse can instead
     * run into the tripwire on its way back (a clean FATAL, as {@code aRecursionInsideTheJdkAlone...} shows): in one
     * run 37 refusals came between a hundred such ends, and the descent took minutes. The look is the same code
     * under either compiler.
     */
    @Test
    void anEnumsValuesCalledByTheJdkAtTheEndOfItsRecursionMeetsTheReserve() throws Throwable {
        Bundle bundle = withValuesRunningShippedCode(InBackend.bundleOf(OverflowHandlers.class));
        String recursion = "germanAtTheEndOfEnumConstants";
        Connection c = withC1Only(PostgresCluster.connect());
        try {
            // A recursion too deep for the stack runs to the guard zone inside the JDK and ends its backend
            // (aRecursionInsideTheJdkAlone...): each such step goes on in a new one.
            int deepest = 30_000;
            for (boolean overflowed = false; !overflowed && deepest < 1_000_000; ) {
                try {
                    InBackend.callIn(c, bundle, OverflowHandlers.class, recursion, deeper(deepest), false);
                    deepest = deeper(deepest);
                } catch (StackOverflowError e) {
                    overflowed = true;
                } catch (SQLException ranToTheEnd) {
                    c = withC1Only(reconnectAfterTheEndOfTheStack(c, ranToTheEnd));
                    InBackend.callIn(c, bundle, OverflowHandlers.class, recursion, 1, false); // initializes the enum
                    overflowed = true;
                }
            }
            // Then to the level: the deepest recursion that still returns, loading nothing (german = false).
            for (int tooDeep = deeper(deepest); tooDeep - deepest > 1; ) {
                int depth = (deepest + tooDeep) >>> 1;
                try {
                    InBackend.callIn(c, bundle, OverflowHandlers.class, recursion, depth, false);
                    deepest = depth;
                } catch (StackOverflowError e) {
                    tooDeep = depth;
                } catch (SQLException ranToTheEnd) {
                    c = withC1Only(reconnectAfterTheEndOfTheStack(c, ranToTheEnd));
                    InBackend.callIn(c, bundle, OverflowHandlers.class, recursion, 1, false);
                    tooDeep = depth;
                }
            }
            int refused = 0;
            boolean loaded = false;
            for (int depth = deepest; depth > deepest - 30_000 && !loaded;
                    depth -= refused > 0 && refused < 150 ? 1 : 25) {
                try {
                    if (InBackend.callIn(c, bundle, OverflowHandlers.class, recursion, depth, true).equals("-1")) {
                        refused++;
                    } else {
                        loaded = true;
                    }
                } catch (StackOverflowError tooDeep) {
                    // One step less deep.
                } catch (SQLException ranToTheEnd) {
                    c = withC1Only(reconnectAfterTheEndOfTheStack(c, ranToTheEnd)); // and one step less deep
                    InBackend.callIn(c, bundle, OverflowHandlers.class, recursion, 1, false);
                }
            }
            assertThat(refused).as("calls whose values() had too little stack").isGreaterThanOrEqualTo(150);
            assertThat(loaded).as("the locale loaded at the end of a recursion").isTrue();
            assertThat(InBackend.callIn(c, bundle, OverflowHandlers.class, "german")).as("German, in a later call")
                    .isEqualTo("1.234,5 | 1. März 2020");
        } finally {
            c.close();
        }
    }

    /**
     * A look that fails grants no credit: the JDK swallows the overflow of an enum's {@code values()} past the reserve
     * (reflection wraps it, {@code getEnumConstants} returns null), and a counted recursion going on from there gets
     * the reserve's overflow at its next entry. When a failed look refilled the credit, each level refilled it and the
     * recursion ran to the JVM's own guard, where German locale data was cached as missing (helper-22).
     */
    @Test
    void aFailedLookThatTheJdkSwallowsGrantsNoCredit() throws Throwable {
        Bundle bundle = withValuesRunningShippedCode(InBackend.bundleOf(OverflowHandlers.class));
        try (Bystander bystander = Bystander.watch(PostgresCluster.connect());
                Connection c = PostgresCluster.connect()) {
            int pid = Backends.pid(c);
            assertThatThrownBy(() -> InBackend.callIn(c, bundle, OverflowHandlers.class, "diveAskingForConstants", 0))
                    .isInstanceOf(StackOverflowError.class).hasMessageContaining("kept for the JDK and the host");
            assertThat(InBackend.callIn(c, bundle, OverflowHandlers.class, "german")).as("German, in a later call")
                    .isEqualTo("1.234,5 | 1. März 2020");
            assertThat(Backends.pid(c)).isEqualTo(pid);
            bystander.assertUndisturbed();
        }
    }

    /**
     * A frame that takes monitors without releasing them is refused before it runs: the interpreter grows a frame by
     * 16 bytes for each monitor it holds, so a loop of unpaired {@code monitorenter} grew one frame by 460 kB after the
     * reserve charged its entry, and then called the JDK at the guard zone (helper-22; the tripwire ended the
     * backend). The same method as javac writes it runs, and the backend goes on.
     */
    @Test
    void aFrameThatKeepsTakingMonitorsIsRefusedBeforeItRuns() throws Throwable {
        Bundle bundle = withMonitorsTakenInALoop(InBackend.bundleOf(OverflowHandlers.class));
        try (Connection c = PostgresCluster.connect()) {
            int pid = Backends.pid(c);
            assertThatThrownBy(() -> InBackend.callIn(c, bundle, OverflowHandlers.class, "germanUnderLock", 30_000))
                    .hasMessageContaining("OverflowHandlers.germanUnderLock(I)Ljava/lang/String; runs an"
                            + " instruction holding a monitor where no handler catches everything")
                    .hasMessageContaining("monitors must be taken and released as synchronized blocks do");
            assertThat(InBackend.call(c, OverflowHandlers.class, "germanUnderLock", 40))
                    .as("javac's synchronized blocks, 40 deep").isEqualTo("1.234,5 | 1. März 2020");
            assertThat(Backends.pid(c)).isEqualTo(pid);
        }
    }

    /**
     * An overflow rethrown from the handler that releases a {@code synchronized} block's monitor leaves that frame
     * while it still holds the monitor, and the interpreter replaces it with an IllegalMonitorStateException, which
     * the level above caught and returned from, or looped on (helper-23). The call still ends with the overflow, and
     * the level that caught it goes no further.
     */
    @Test
    void anOverflowThatLeavesAFrameHoldingAMonitorStillEndsTheCall() throws Throwable {
        try (Bystander bystander = Bystander.watch(PostgresCluster.connect());
                Connection c = PostgresCluster.connect()) {
            int pid = Backends.pid(c);
            try (Statement s = c.createStatement()) {
                s.execute("SET statement_timeout = '30s'");
            }
            for (boolean spin : new boolean[] {false, true}) {
                assertThatThrownBy(() -> InBackend.call(c, OverflowHandlers.class, "overflowUnderLock", 0, spin))
                        .as("spin: %s", spin).isInstanceOf(StackOverflowError.class)
                        .hasMessage("shipped code reached the part of the stack kept for the JDK and the host");
            }
            assertThat(InBackend.call(c, OverflowHandlers.class, "german")).as("German, in a later call")
                    .isEqualTo("1.234,5 | 1. März 2020");
            assertThat(Backends.pid(c)).isEqualTo(pid);
            bystander.assertUndisturbed();
        }
    }

    /** The bundle with {@code germanUnderLock(k)} taking one object's monitor k times in a loop, then German. */
    private static Bundle withMonitorsTakenInALoop(Bundle bundle) {
        return withBody(bundle, OverflowHandlers.class, "germanUnderLock", mv -> {
            mv.visitTypeInsn(Opcodes.NEW, "java/lang/Object");
            mv.visitInsn(Opcodes.DUP);
            mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
            mv.visitVarInsn(Opcodes.ASTORE, 1);
            Label loop = new Label();
            Label done = new Label();
            mv.visitLabel(loop);
            mv.visitVarInsn(Opcodes.ILOAD, 0);
            mv.visitJumpInsn(Opcodes.IFLE, done);
            mv.visitVarInsn(Opcodes.ALOAD, 1);
            mv.visitInsn(Opcodes.MONITORENTER);
            mv.visitIincInsn(0, -1);
            mv.visitJumpInsn(Opcodes.GOTO, loop);
            mv.visitLabel(done);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, Type.getInternalName(OverflowHandlers.class), "german",
                    "()Ljava/lang/String;", false);
            mv.visitInsn(Opcodes.ARETURN);
        });
    }

    /** A new connection, once {@code c}'s backend ended because a call ran to the end of its stack. */
    /** {@code c}, its backend's JVM (not started yet) set to compile with C1 alone. */
    private static Connection withC1Only(Connection c) throws SQLException {
        JvmOptions.change(c, defaults -> {
            assertThat(defaults).contains("-XX:CICompilerCount=2");
            return defaults.replace("-XX:CICompilerCount=2", "-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1");
        });
        return c;
    }

    private static Connection reconnectAfterTheEndOfTheStack(Connection c, SQLException e) throws SQLException {
        assertThat(e.getMessage()).startsWith("FATAL: Java code of this call ran to the end of the stack");
        assertThat(c.isValid(1)).as("the backend ended").isFalse();
        c.close();
        return PostgresCluster.connect();
    }

    /**
     * A counted entry's charge bounds its compiled frame, which grows with the method's code: C1 gives each value it
     * spills a slot of its own. {@code wide} keeps 900 sums across calls (about 7 kB compiled, under 200 bytes by
     * its locals and operand stack); charged by those alone, a credit's worth of its frames ran past the reserve to
     * the JVM's own guard and the overflow came from there (helper-21, who then had German locale data cached as
     * missing for later calls of the backend). Whatever the credit left when the recursion starts, the overflow must
     * be the reserve's.
     */
    @Test
    void aCompiledFrameFarLargerThanItsLocalsStillMeetsTheReserve() throws Throwable {
        Bundle bundle = withWideFrames(InBackend.bundleOf(OverflowHandlers.class));
        try (Connection c = PostgresCluster.connect()) {
            int pid = Backends.pid(c);
            InBackend.callIn(c, bundle, OverflowHandlers.class, "warmWide", 200);
            for (int pads = 0; pads <= 120; pads += 8) {
                int shift = pads;
                assertThat(catchThrowable(() -> InBackend.callIn(c, bundle, OverflowHandlers.class, "endlessWide",
                        shift))).as("the overflow after %d pads", pads).isInstanceOf(StackOverflowError.class)
                        .hasMessage("shipped code reached the part of the stack kept for the JDK and the host");
            }
            assertThat(InBackend.callIn(c, bundle, OverflowHandlers.class, "german")).as("German, in a later call")
                    .isEqualTo("1.234,5 | 1. März 2020");
            assertThat(Backends.pid(c)).isEqualTo(pid);
        }
    }

    /** The bundle with {@code OverflowHandlers.wide} keeping 900 sums of {@code System.nanoTime()} across calls. */
    private static Bundle withWideFrames(Bundle bundle) {
        String owner = Type.getInternalName(OverflowHandlers.class);
        return withBody(bundle, OverflowHandlers.class, "wide", mv -> {
            mv.visitVarInsn(Opcodes.ILOAD, 0);
            mv.visitInsn(Opcodes.I2L);
            for (int i = 0; i < 900; i++) {
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/System", "nanoTime", "()J", false);
                mv.visitInsn(Opcodes.LADD);
            }
            mv.visitVarInsn(Opcodes.LSTORE, 2);
            Label deeper = new Label();
            mv.visitVarInsn(Opcodes.ILOAD, 0);
            mv.visitVarInsn(Opcodes.ILOAD, 1);
            mv.visitJumpInsn(Opcodes.IF_ICMPLT, deeper);
            mv.visitVarInsn(Opcodes.LLOAD, 2);
            mv.visitInsn(Opcodes.LRETURN);
            mv.visitLabel(deeper);
            mv.visitVarInsn(Opcodes.LLOAD, 2);
            mv.visitVarInsn(Opcodes.ILOAD, 0);
            mv.visitInsn(Opcodes.ICONST_1);
            mv.visitInsn(Opcodes.IADD);
            mv.visitVarInsn(Opcodes.ILOAD, 1);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, owner, "wide", "(II)J", false);
            mv.visitInsn(Opcodes.LADD);
            mv.visitInsn(Opcodes.LRETURN);
        });
    }

    /** The bundle with {@code Constants.values()} running {@code OverflowHandlers.fromValues()} before it answers. */
    private static Bundle withValuesRunningShippedCode(Bundle bundle) {
        String internal = Type.getInternalName(OverflowHandlers.Constants.class);
        return withBody(bundle, OverflowHandlers.Constants.class, "values", mv -> {
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, Type.getInternalName(OverflowHandlers.class), "fromValues",
                    "()V", false);
            mv.visitInsn(Opcodes.ICONST_0);
            mv.visitTypeInsn(Opcodes.ANEWARRAY, internal);
            mv.visitInsn(Opcodes.ARETURN);
        });
    }

    /** The bundle with the body of {@code owner}'s method {@code method} replaced by the code {@code body} writes. */
    private static Bundle withBody(Bundle bundle, Class<?> owner, String method, Consumer<MethodVisitor> body) {
        Map<String, byte[]> classes = new HashMap<>(bundle.classes());
        ClassReader reader = new ClassReader(classes.get(owner.getName()));
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS | ClassWriter.COMPUTE_FRAMES);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                if (!name.equals(method)) {
                    return mv;
                }
                mv.visitCode();
                body.accept(mv);
                mv.visitMaxs(0, 0);
                mv.visitEnd();
                return null;
            }
        }, 0);
        classes.put(owner.getName(), writer.toByteArray());
        return new Bundle(classes);
    }

    /**
     * A JDK class whose initializer failed fails every later call of the backend, whoever makes it, so the backend
     * ends with a FATAL naming it. (Shipped code's way there, an initializer first run at the bottom of the stack,
     * is closed by the reserve; trusted code breaks one through the property it reads.) Other sessions go on, and a
     * new connection's calls work.
     */
    @Test
    void aJdkClassLeftUninitializableEndsTheBackend() throws Throwable {
        try (Bystander bystander = Bystander.watch(PostgresCluster.connect());
                Connection c = PostgresCluster.connect(); Statement st = c.createStatement()) {
            st.execute("SET wormhole.trusted = on");
            assertThatThrownBy(() -> InBackend.call(c, HostProbe.class, "breakZoneRules"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("FATAL: the Java class java.time.zone.ZoneRulesProvider failed to"
                            + " initialize during this call; the backend ends");
            assertThat(c.isValid(1)).as("the backend ended").isFalse();
            try (Connection fresh = PostgresCluster.connect()) {
                assertThat(InBackend.call(fresh, OverflowHandlers.class, "initializeAt", 0, 10))
                        .as("a new backend's VM").isEqualTo("ThaiBuddhist");
            }
            bystander.assertUndisturbed();
        }
    }

    /**
     * Shipped code stops short of the stack's last part: a JDK class first used just above the deepest frame
     * shipped code can reach initializes, and serves later calls. The test steps the recursion up one level a call
     * from where it overflowed until the class is used.
     */
    @Test
    void aJdkClassFirstUsedAtTheDeepestShippedFrameInitializes() throws Throwable {
        try (Bystander bystander = Bystander.watch(PostgresCluster.connect());
                Connection c = PostgresCluster.connect()) {
            int pid = Backends.pid(c);
            Object id = null;
            // The first rounds only overflow, until the recursion is compiled and its depth settles.
            for (int round = 0; round < 2000 && id == null; round++) {
                int target = round < 5 ? Integer.MAX_VALUE : (Integer) InBackend.call(c, OverflowHandlers.class,
                        "deepest") - 1;
                try {
                    id = InBackend.call(c, OverflowHandlers.class, "initializeAt", 0, target);
                } catch (StackOverflowError tooDeep) {
                    // Used no class yet: one level less next time.
                }
            }
            assertThat(id).isEqualTo("ThaiBuddhist");
            assertThat(InBackend.call(c, OverflowHandlers.class, "initializeAt", 0, 10)).as("a later call")
                    .isEqualTo("ThaiBuddhist");
            assertThat(Backends.pid(c)).isEqualTo(pid);
            bystander.assertUndisturbed();
        }
    }
}
