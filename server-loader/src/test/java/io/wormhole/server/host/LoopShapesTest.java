package io.wormhole.server.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.hostprobe.LoopShapes;
import io.wormhole.server.testing.InBackend;
import io.wormhole.testing.PostgresCluster;
import io.wormhole.wire.Bundle;
import io.wormhole.wire.Request;
import io.wormhole.wire.Response;
import io.wormhole.wire.Values;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.postgresql.util.PSQLException;

/**
 * Loops that no backward branch closes, shipped in request frames as an attacker would send them: they run to their
 * end when they have one, and stop at {@code statement_timeout} when they have none.
 */
@ExtendWith(PostgresCluster.class)
class LoopShapesTest {
    private static final String EDGE = "com.example.gen.EdgeLoops";
    private static final long TIMEOUT_MILLIS = 500;
    /** The deadline plus what a stop may take: the poll that sees it, unwinding, the ERROR's round trip. */
    private static final long STOPPED_WITHIN_MILLIS = TIMEOUT_MILLIS + 1_500;

    @Test
    void loopsClosedByAnExceptionEdgeRunToTheirEnd() throws Exception {
        try (Connection c = PostgresCluster.connect()) {
            assertThat(returned(c, "handlerBeforeTheTry", 1_000L)).isEqualTo(1_000L);
            assertThat(returned(c, "handlerCoveringItself", 1_000L)).isEqualTo(1_000L);
            assertThat(returned(c, "releasingAnotherObject", 1_000L)).isEqualTo(1_000L);
        }
    }

    @Test
    void aLoopWhoseHandlerJumpsBackBeforeTheTryStopsAtTheStatementTimeout() throws Exception {
        assertStopsAtTheTimeout("handlerBeforeTheTry");
    }

    @Test
    void aLoopThroughACatchAllHandlerCoveringItselfStopsAtTheStatementTimeout() throws Exception {
        assertStopsAtTheTimeout("handlerCoveringItself");
    }

    /**
     * A monitor held in a loop whose handler has the shape of javac's release but releases an object it never took:
     * the release the weaving gives the handler's trampoline fails, and the call must still stop, not come round.
     */
    @Test
    void aLoopHoldingAMonitorWhoseHandlerReleasesAnotherObjectStopsAtTheStatementTimeout() throws Exception {
        assertStopsAtTheTimeout("releasingAnotherObject");
    }

    @ParameterizedTest
    @ValueSource(strings = {"spinWhileLocked", "spinThroughACatchWhileLocked"})
    void aLoopInsideSynchronizedStopsAtTheStatementTimeout(String method) throws Throwable {
        try (Connection c = PostgresCluster.connect(); Statement st = c.createStatement()) {
            // Started JVM, bundle installed: the timeout can only catch the loop.
            assertThat(InBackend.call(c, LoopShapes.class, "countWhileLocked", 3L)).isEqualTo(3L);
            st.execute("SET statement_timeout = '" + TIMEOUT_MILLIS + "ms'");
            long start = System.nanoTime();
            assertThatThrownBy(() -> InBackend.call(c, LoopShapes.class, method))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("57014"));
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(STOPPED_WITHIN_MILLIS);
            st.execute("SET statement_timeout = 0");
            assertThat(returned(c, "handlerBeforeTheTry", 3L)).isEqualTo(3L);
            assertThat(InBackend.call(c, LoopShapes.class, "countWhileLocked", 4L)).isEqualTo(4L);
        }
    }

    private static void assertStopsAtTheTimeout(String method) throws Exception {
        try (Connection c = PostgresCluster.connect(); Statement st = c.createStatement()) {
            // Started JVM, bundle installed: the timeout can only catch the loop.
            assertThat(returned(c, method, 2L)).isEqualTo(2L);
            st.execute("SET statement_timeout = '" + TIMEOUT_MILLIS + "ms'");
            long start = System.nanoTime();
            assertThatThrownBy(() -> returned(c, method, Long.MAX_VALUE))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("57014"));
            assertThat((System.nanoTime() - start) / 1_000_000).as(method).isLessThan(STOPPED_WITHIN_MILLIS);
            st.execute("SET statement_timeout = 0");
            assertThat(returned(c, method, 5L)).isEqualTo(5L);
        }
    }

    private static Object returned(Connection c, String method, long limit) throws SQLException {
        Request request = Request.withBundle(new Bundle(Map.of(EDGE, edgeLoops())), EDGE, method, "(J)J",
                Values.writeArguments(new Object[] {limit}, LoopShapesTest.class.getClassLoader()));
        Response response = InBackend.send(c, request);
        assertThat(response.status()).as(method).isEqualTo(Response.Status.RETURNED);
        return Values.read(response.payload(), LoopShapesTest.class.getClassLoader());
    }

    /**
     * Methods counting to {@code limit}. Two close each turn by an exception javac would never route that way:
     * {@code handlerBeforeTheTry} divides by zero and its handler, placed before the try range, falls into it again;
     * {@code handlerCoveringItself} throws from a catch-all handler whose range includes the handler itself. The
     * third, {@code releasingAnotherObject}, counts holding a monitor, under a handler shaped as javac's release
     * that releases another object.
     */
    private static byte[] edgeLoops() {
        ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        w.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, EDGE.replace('.', '/'), null,
                "java/lang/Object", null);
        Object[] counters = {Opcodes.LONG, Opcodes.LONG};

        MethodVisitor m = w.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "handlerBeforeTheTry", "(J)J", null,
                null);
        m.visitCode();
        Label handler = new Label();
        Label start = new Label();
        Label end = new Label();
        Label done = new Label();
        m.visitTryCatchBlock(start, end, handler, "java/lang/ArithmeticException");
        m.visitInsn(Opcodes.LCONST_0);
        m.visitVarInsn(Opcodes.LSTORE, 2);
        m.visitJumpInsn(Opcodes.GOTO, start);
        m.visitLabel(handler);
        m.visitFrame(Opcodes.F_NEW, 2, counters, 1, new Object[] {"java/lang/ArithmeticException"});
        m.visitInsn(Opcodes.POP);
        m.visitLabel(start);
        m.visitFrame(Opcodes.F_NEW, 2, counters, 0, new Object[0]);
        countOrLeave(m, done);
        m.visitInsn(Opcodes.ICONST_1);
        m.visitInsn(Opcodes.ICONST_0);
        m.visitInsn(Opcodes.IDIV);
        m.visitInsn(Opcodes.POP);
        m.visitLabel(end);
        m.visitLabel(done);
        m.visitFrame(Opcodes.F_NEW, 2, counters, 0, new Object[0]);
        m.visitVarInsn(Opcodes.LLOAD, 2);
        m.visitInsn(Opcodes.LRETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();

        m = w.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "handlerCoveringItself", "(J)J", null, null);
        m.visitCode();
        handler = new Label();
        start = new Label();
        end = new Label();
        done = new Label();
        m.visitTryCatchBlock(start, end, handler, null);
        m.visitInsn(Opcodes.LCONST_0);
        m.visitVarInsn(Opcodes.LSTORE, 2);
        m.visitLabel(start);
        m.visitInsn(Opcodes.ACONST_NULL);
        m.visitInsn(Opcodes.ATHROW);
        m.visitLabel(handler);
        m.visitFrame(Opcodes.F_NEW, 2, counters, 1, new Object[] {"java/lang/Throwable"});
        m.visitInsn(Opcodes.POP);
        countOrLeave(m, done);
        m.visitInsn(Opcodes.ACONST_NULL);
        m.visitInsn(Opcodes.ATHROW);
        m.visitLabel(end);
        m.visitLabel(done);
        m.visitFrame(Opcodes.F_NEW, 2, counters, 0, new Object[0]);
        m.visitVarInsn(Opcodes.LLOAD, 2);
        m.visitInsn(Opcodes.LRETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();

        m = w.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "releasingAnotherObject", "(J)J", null, null);
        m.visitCode();
        Object[] objects = {Opcodes.LONG, Opcodes.LONG, "java/lang/Object", "java/lang/Object"};
        handler = new Label();
        start = new Label();
        end = new Label();
        done = new Label();
        Label released = new Label();
        m.visitTryCatchBlock(start, end, handler, null);
        m.visitTryCatchBlock(handler, released, handler, null);
        m.visitInsn(Opcodes.LCONST_0);
        m.visitVarInsn(Opcodes.LSTORE, 2);
        newObject(m);
        newObject(m);
        m.visitVarInsn(Opcodes.ASTORE, 5);
        m.visitInsn(Opcodes.DUP);
        m.visitVarInsn(Opcodes.ASTORE, 4);
        m.visitInsn(Opcodes.MONITORENTER);
        m.visitLabel(start);
        m.visitFrame(Opcodes.F_NEW, 4, objects, 0, new Object[0]);
        countOrLeave(m, done);
        m.visitJumpInsn(Opcodes.GOTO, start);
        m.visitLabel(done);
        m.visitFrame(Opcodes.F_NEW, 4, objects, 0, new Object[0]);
        m.visitVarInsn(Opcodes.ALOAD, 4);
        m.visitInsn(Opcodes.MONITOREXIT);
        m.visitLabel(end);
        m.visitVarInsn(Opcodes.LLOAD, 2);
        m.visitInsn(Opcodes.LRETURN);
        m.visitLabel(handler);
        m.visitFrame(Opcodes.F_NEW, 4, objects, 1, new Object[] {"java/lang/Throwable"});
        m.visitVarInsn(Opcodes.ASTORE, 6);
        m.visitVarInsn(Opcodes.ALOAD, 5);
        m.visitInsn(Opcodes.MONITOREXIT);
        m.visitLabel(released);
        m.visitVarInsn(Opcodes.ALOAD, 6);
        m.visitInsn(Opcodes.ATHROW);
        m.visitMaxs(0, 0);
        m.visitEnd();

        w.visitEnd();
        return w.toByteArray();
    }

    private static void newObject(MethodVisitor m) {
        m.visitTypeInsn(Opcodes.NEW, "java/lang/Object");
        m.visitInsn(Opcodes.DUP);
        m.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
    }

    /** {@code if (++n >= limit) goto done}: a forward branch only. */
    private static void countOrLeave(MethodVisitor m, Label done) {
        m.visitVarInsn(Opcodes.LLOAD, 2);
        m.visitInsn(Opcodes.LCONST_1);
        m.visitInsn(Opcodes.LADD);
        m.visitVarInsn(Opcodes.LSTORE, 2);
        m.visitVarInsn(Opcodes.LLOAD, 2);
        m.visitVarInsn(Opcodes.LLOAD, 0);
        m.visitInsn(Opcodes.LCMP);
        m.visitJumpInsn(Opcodes.IFGE, done);
    }
}
