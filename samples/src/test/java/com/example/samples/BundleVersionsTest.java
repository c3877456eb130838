package com.example.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.wormhole.agent.Premain;
import io.wormhole.testing.Backends;
import io.wormhole.testing.PostgresCluster;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two versions of one application class, as two deployments of an application would have them, calling the same
 * database: each version is a bundle of its own, and the old one keeps working after the new one is installed.
 */
@ExtendWith(PostgresCluster.class)
class BundleVersionsTest {
    private static final String SOURCE = """
            package com.example.versions;

            import io.wormhole.Remote;
            import java.sql.Connection;
            import java.sql.ResultSet;
            import java.sql.SQLException;
            import java.sql.Statement;

            public final class Greeting {
                @Remote
                public static String greet(Connection conn, String who) throws SQLException {
                    try (Statement st = conn.createStatement();
                            ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
                        rs.next();
                        return "%s " + who + " from backend " + rs.getInt(1);
                    }
                }
            }
            """;

    @BeforeAll
    static void installAgent() {
        Premain.install(ByteBuddyAgent.install());
    }

    /** The class compiled from {@link #SOURCE} with {@code greeting}, loaded by a class loader of its own. */
    private static Method version(Path dir, String greeting) throws Exception {
        return SourceCompiler.load(dir, "com.example.versions.Greeting", SOURCE.formatted(greeting),
                BundleVersionsTest.class.getClassLoader()).getMethod("greet", Connection.class, String.class);
    }

    private static List<String> bundlesHoldingGreeting(Connection c) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT encode(hash, 'hex')"
                + " FROM wormhole.bundles WHERE 'com.example.versions.Greeting' = ANY (class_names) ORDER BY 1")) {
            List<String> hashes = new java.util.ArrayList<>();
            while (rs.next()) {
                hashes.add(rs.getString(1));
            }
            return hashes;
        }
    }

    @Test
    void aChangedClassIsANewBundleAndTheOldOneKeepsWorking(@TempDir Path tmp) throws Exception {
        Method v1 = version(tmp.resolve("v1"), "Hello");
        Method v2 = version(tmp.resolve("v2"), "Good evening");
        try (Connection c = PostgresCluster.connect(); Connection other = PostgresCluster.connect()) {
            int pid = Backends.pid(c);
            assertThat(v1.invoke(null, c, "Ada")).isEqualTo("Hello Ada from backend " + pid);
            assertThat(bundlesHoldingGreeting(c)).hasSize(1);

            assertThat(v2.invoke(null, c, "Ada")).isEqualTo("Good evening Ada from backend " + pid);
            assertThat(bundlesHoldingGreeting(c)).as("the new version is a bundle of its own").hasSize(2);

            // The client of the old version goes on, in the same backend and in another one.
            assertThat(v1.invoke(null, c, "Grace")).isEqualTo("Hello Grace from backend " + pid);
            assertThat((String) v1.invoke(null, other, "Grace")).startsWith("Hello Grace from backend ")
                    .doesNotEndWith(" " + pid);
            assertThat((String) v2.invoke(null, other, "Grace")).startsWith("Good evening Grace");
        }
    }
}
