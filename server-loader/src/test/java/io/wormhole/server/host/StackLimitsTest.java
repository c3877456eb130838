package io.wormhole.server.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.hostprobe.HostProbe;
import io.wormhole.server.testing.InBackend;
import io.wormhole.testing.Backends;
import io.wormhole.testing.PostgresCluster;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postgresql.util.PSQLException;

/**
 * The stack guarantees hold whatever stack limit the server was started with ({@code ulimit -s} 8 MB, unlimited)
 * and up to the {@code max_stack_depth} a DBA may set under it: after the JVM started, PostgreSQL's deepest
 * recursions are still clean 54001 ERRORs, Java recursion is still a clean error, and the backend lives. Each limit
 * needs a server of its own.
 */
class StackLimitsTest {

    @ParameterizedTest(name = "ulimit -s {1}, max_stack_depth {2}")
    @CsvSource({"stack-8mb, 8388608, 2MB", "stack-8mb-deep, 8388608, 7MB", "stack-unlimited, unlimited, 2MB",
        "stack-unlimited-deep, unlimited, 7MB"})
    void postgresAndJavaRecursionStayCleanErrors(String name, String stackLimit, String maxStackDepth)
            throws Throwable {
        try (PostgresCluster.Instance cluster = PostgresCluster.isolated(name, stackLimit);
                Connection c = cluster.connect(); Statement st = c.createStatement()) {
            long logFrom = cluster.logSize();
            st.execute("SET wormhole.trusted = on");
            st.execute("SET max_stack_depth = '" + maxStackDepth + "'");
            st.execute("CREATE FUNCTION pg_temp.down(n int) RETURNS int LANGUAGE plpgsql"
                    + " AS $$ BEGIN RETURN pg_temp.down(n + 1) + 1; END $$");
            int pid = Backends.pid(c);
            assertThat(InBackend.call(c, HostProbe.class, "add", 1L, 2L)).isEqualTo(3L);
            assertThat(Backends.runsJvm(pid)).isTrue();
            for (String sql : new String[] {"SELECT pg_temp.down(0)",
                "SELECT (repeat('[', 200000) || repeat(']', 200000))::jsonb",
                "SELECT " + String.join("+", Collections.nCopies(300_000, "1"))}) {
                assertThatThrownBy(() -> st.execute(sql)).as(sql.substring(0, Math.min(40, sql.length())))
                        .isInstanceOfSatisfying(PSQLException.class, e -> {
                            assertThat(e.getSQLState()).isEqualTo("54001");
                            assertThat(e.getMessage()).contains("stack depth limit exceeded");
                        });
                assertThat(Backends.pid(c)).isEqualTo(pid);
            }
            assertThatThrownBy(() -> InBackend.call(c, HostProbe.class, "recurse", 0))
                    .satisfiesAnyOf(e -> assertThat(e).isInstanceOf(StackOverflowError.class),
                            e -> assertThat(e).isInstanceOfSatisfying(SQLException.class,
                                    s -> assertThat(s.getSQLState()).isEqualTo("54001")));
            assertThat(InBackend.call(c, HostProbe.class, "sum", 100)).as("a call afterwards").isEqualTo(5050);
            assertThat(Backends.pid(c)).isEqualTo(pid);
            assertThat(PostgresCluster.crashSign(cluster.logSince(logFrom))).as("a crash in the server log").isNull();
        }
    }
}
