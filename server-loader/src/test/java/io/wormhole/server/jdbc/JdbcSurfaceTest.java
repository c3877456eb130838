package io.wormhole.server.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.jdbcprobe.SurfaceProbe;
import io.wormhole.server.testing.InBackend;
import io.wormhole.testing.PostgresCluster;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every method of every {@code java.sql} interface that JDBC over SPI implements, called on a real object in a real
 * call, ends as {@code jdbc-surface.txt} records (taken from the implementation before its reshaping): {@code ok}, the
 * class and SQLSTATE of what it threw, or {@code refused}: a {@code SQLFeatureNotSupportedException} that names the
 * method and, as pgJDBC's do, carries SQLSTATE 0A000.
 */
@ExtendWith(PostgresCluster.class)
class JdbcSurfaceTest {
    private static final String REFUSED = "SQLFeatureNotSupportedException";

    private static Connection trusted;

    @BeforeAll
    static void connect() throws Exception {
        trusted = PostgresCluster.connect();
        try (Statement st = trusted.createStatement()) {
            st.execute("SET wormhole.trusted = on");
        }
    }

    @AfterAll
    static void close() throws Exception {
        trusted.close();
    }

    static Stream<Class<?>> interfaces() {
        return Stream.of(Connection.class, DatabaseMetaData.class, Statement.class, PreparedStatement.class,
                ResultSet.class, ResultSetMetaData.class, ParameterMetaData.class, Array.class, SQLXML.class,
                Savepoint.class);
    }

    @ParameterizedTest
    @MethodSource("interfaces")
    void everyMethodEndsAsBeforeAndARefusalNamesItsMethod(Class<?> iface) throws Throwable {
        List<String> outcomes = new ArrayList<>();
        List<String> refusedWithoutState = new ArrayList<>();
        List<Method> methods = Arrays.stream(iface.getMethods())
                .sorted(Comparator.comparing(SurfaceProbe::signature)).toList();
        for (Method m : methods) {
            String signature = SurfaceProbe.signature(m);
            String[] outcome = ((String) InBackend.call(trusted, SurfaceProbe.class, "outcome", null,
                    iface.getName(), signature)).split("\n", 2);
            String name = iface.getSimpleName() + "." + signature;
            if (outcome[0].startsWith(REFUSED)
                    && outcome[1].contains(m.getDeclaringClass().getSimpleName() + "." + m.getName())) {
                outcomes.add(name + " refused");
                if (!outcome[0].equals(REFUSED + " 0A000")) {
                    refusedWithoutState.add(name + " " + outcome[0]);
                }
            } else {
                outcomes.add(name + " " + outcome[0]);
            }
        }
        assertThat(outcomes).containsExactlyElementsOf(recorded(iface));
        assertThat(refusedWithoutState).as("refusals without pgJDBC's SQLSTATE").isEmpty();
    }

    private static List<String> recorded(Class<?> iface) throws IOException {
        try (InputStream in = JdbcSurfaceTest.class.getResourceAsStream("jdbc-surface.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> l.startsWith(iface.getSimpleName() + ".")).toList();
        }
    }
}
