package io.wormhole.server.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.hostprobe.ConcurrentProbe;
import com.example.hostprobe.HostProbe;
import com.example.hostprobe.ParallelBulkProbe;
import com.example.hostprobe.PureProbe;
import io.wormhole.server.testing.InBackend;
import io.wormhole.testing.PostgresCluster;
import io.wormhole.wire.Bundle;
import io.wormhole.wire.Request;
import io.wormhole.wire.Response;
import io.wormhole.wire.ThrowableTransport;
import io.wormhole.wire.Values;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.util.PGobject;
import org.postgresql.util.PSQLException;

@ExtendWith(PostgresCluster.class)
class SandboxTest {

    @Test
    void codeThatReachesIntoTheServerIsRejectedUnlessTrusted() throws Throwable {
        try (Connection c = PostgresCluster.connect()) {
            assertThatThrownBy(() -> InBackend.call(c, HostProbe.class, "add", 1L, 2L))
                    .isInstanceOf(SecurityException.class)
                    .hasMessageContaining("rejected by the verifier")
                    .hasMessageContaining("io.wormhole.server.pg");
            assertThat(InBackend.call(c, PureProbe.class, "add", 1L, 2L)).isEqualTo(3L);
        }
    }

    /**
     * A frame whose bundle brings its own {@code org.postgresql.util.PGobject} (so that shipped code would see another
     * class than the one the server's JDBC returns) is refused whole, and the session goes on.
     */
    /**
     * The concurrent collections run as plain ones in the backend; a bulk operation that would fan out to the common
     * ForkJoinPool (other threads, in a backend) is refused before the call runs, naming it.
     */
    @Test
    void theConcurrentCollectionsRunAsPlainOnesAndTheirParallelBulkOperationsAreRefused() throws Throwable {
        try (Connection c = PostgresCluster.connect()) {
            assertThat(InBackend.call(c, ConcurrentProbe.class, "countWords", "to be or not to be"))
                    .isEqualTo("[to, be, or, not] {be=2, not=1, or=1, to=2}");
            assertThatThrownBy(() -> InBackend.call(c, ParallelBulkProbe.class, "sumInParallel", 1000))
                    .isInstanceOf(SecurityException.class).hasMessageContaining("rejected by the verifier")
                    .hasMessageContaining("ConcurrentHashMap.reduceValuesToLong(");
        }
    }

    @Test
    void aBundleThatBringsItsOwnPgJdbcClassIsRefused() throws Throwable {
        Map<String, byte[]> classes = new HashMap<>(InBackend.bundleOf(PureProbe.class).classes());
        try (InputStream in = PGobject.class.getResourceAsStream("PGobject.class")) {
            classes.put(PGobject.class.getName(), in.readAllBytes());
        }
        Request request = Request.withBundle(new Bundle(classes), PureProbe.class.getName(), "add", "(JJ)J",
                Values.writeArguments(new Object[] {1L, 2L}, SandboxTest.class.getClassLoader()));
        try (Connection c = PostgresCluster.connect()) {
            Response response = InBackend.send(c, request);
            assertThat(response.status()).isEqualTo(Response.Status.THREW);
            assertThat(ThrowableTransport.read(response.payload(), SandboxTest.class.getClassLoader(),
                    new StackTraceElement[0]).getMessage()).contains("rejected by the verifier")
                    .contains("class org.postgresql.util.PGobject is in org.postgresql.*, which a bundle may not define");
            assertThat(InBackend.call(c, PureProbe.class, "add", 1L, 2L)).isEqualTo(3L);
        }
    }

    @Test
    void manyCallsOutliveTheJdksGeneratedReflectionAccessors() throws Throwable {
        try (Connection c = PostgresCluster.connect()) {
            for (long i = 0; i < 60; i++) {
                assertThat(InBackend.call(c, PureProbe.class, "add", i, 1L)).isEqualTo(i + 1);
            }
        }
    }

    @Test
    void aTightLoopStopsAtTheStatementTimeout() throws Throwable {
        try (Connection c = PostgresCluster.connect(); Statement st = c.createStatement()) {
            st.execute("SET statement_timeout = '300ms'");
            assertThatThrownBy(() -> InBackend.call(c, PureProbe.class, "spin"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("57014"));
            assertThatThrownBy(() -> InBackend.call(c, PureProbe.class, "swallow"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("57014"));
            st.execute("SET statement_timeout = 0");
            assertThat(InBackend.call(c, PureProbe.class, "add", 2L, 2L)).isEqualTo(4L);
        }
    }

    @Test
    void aCatastrophicRegularExpressionStopsAtTheStatementTimeout() throws Throwable {
        try (Connection c = PostgresCluster.connect(); Statement st = c.createStatement()) {
            assertThat((String[]) InBackend.call(c, PureProbe.class, "regexStillWorks", "one, two,three 42"))
                    .containsExactly("one|two|three 42", "_n_, tw_,thr__ 42", "true");
            st.execute("SET statement_timeout = '500ms'");
            long start = System.nanoTime();
            assertThatThrownBy(() -> InBackend.call(c, PureProbe.class, "catastrophicRegex", 40))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("57014"));
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(30_000);
            st.execute("SET statement_timeout = 0");
            assertThat(InBackend.call(c, PureProbe.class, "add", 2L, 2L)).isEqualTo(4L);
        }
    }

    @Test
    void standardOutputReachesTheClientAsNotices() throws Throwable {
        try (Connection c = PostgresCluster.connect()) {
            var st = c.prepareStatement("SELECT wormhole.invoke(?)");
            st.setBytes(1, InBackend.request(PureProbe.class, "print", "hello from the backend").encode());
            st.executeQuery().close();
            SQLWarning w = st.getWarnings();
            String message = w == null ? null : w.getMessage();
            assertThat(message).isEqualTo("hello from the backend");
        }
    }
}
