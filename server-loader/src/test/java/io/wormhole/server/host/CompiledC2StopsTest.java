package io.wormhole.server.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.example.c2frames.C2Loops;
import io.wormhole.server.testing.InBackend;
import io.wormhole.testing.Backends;
import io.wormhole.testing.PostgresCluster;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Shipped loops and recursions compiled by C2 still stop at {@code statement_timeout} (helper-27): warmed up until
 * the backend's JVM reports them compiled by C2 (level 4, whole or by on-stack replacement of their loop), then run
 * without end, they end with 57014 within the second of the deadline and the backend goes on. Guards against
 * C2 removing, hoisting or strip-mining the weaving's polls.
 */
@ExtendWith(PostgresCluster.class)
class CompiledC2StopsTest {
    private static final long TIMEOUT_MILLIS = 500;
    private static final long STOPPED_WITHIN_MILLIS = TIMEOUT_MILLIS + 1_000;
    private static final long WARM_UP_NANOS = 60_000_000_000L;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"longLoop, 20000, 9223372036854775807", "nestedSums, 3, 2147483647", "arrayLoop, 200, 2147483647",
        "emptyLoop, 2000, 2147483647", "fib, 18, 60", "leafCalls, 20000, 9223372036854775807"})
    void aLoopCompiledByC2StopsAtTheStatementTimeout(String method, long warm, long endless) throws Throwable {
        try (Connection c = PostgresCluster.connect(); Statement st = c.createStatement();
                CompileLog compiles = CompileLog.of(c, "")) {
            int pid = Backends.pid(c);
            boolean isLong = method.equals("longLoop") || method.equals("leafCalls");
            long until = System.nanoTime() + WARM_UP_NANOS;
            do {
                for (int i = 0; i < 50; i++) {
                    InBackend.call(c, C2Loops.class, method, isLong ? (Object) warm : (Object) (int) warm);
                }
            } while (!compiles.compiled(C2Loops.class.getName(), method, 4) && System.nanoTime() < until);
            assertThat(compiles.compiled(C2Loops.class.getName(), method, 4)).as("%s compiled by C2", method).isTrue();
            st.execute("SET statement_timeout = " + TIMEOUT_MILLIS);
            long start = System.nanoTime();
            Throwable stop = catchThrowable(() -> InBackend.call(c, C2Loops.class, method,
                    isLong ? (Object) endless : (Object) (int) endless));
            long millis = (System.nanoTime() - start) / 1_000_000;
            st.execute("SET statement_timeout = 0");
            assertThat(stop).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("57014"));
            assertThat(stop.getMessage()).doesNotContain("did not stop");
            assertThat(millis).as("stopped after %d ms", millis).isLessThan(STOPPED_WITHIN_MILLIS);
            assertThat(Backends.pid(c)).isEqualTo(pid);
        }
    }
}
