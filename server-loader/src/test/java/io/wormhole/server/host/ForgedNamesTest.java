package io.wormhole.server.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.hostprobe.NamedProbe;
import com.example.hostprobe.PureProbe;
import io.wormhole.server.testing.InBackend;
import io.wormhole.testing.PostgresCluster;
import io.wormhole.wire.Bundle;
import io.wormhole.wire.Request;
import io.wormhole.wire.Response;
import io.wormhole.wire.Values;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.postgresql.util.PSQLException;

/**
 * A method's name is the shipper's text, and the server writes it where a DBA reads: {@code pg_stat_activity}, the
 * CONTEXT line of messages raised during the call, the per-method statistics. The JVM allows any character in a
 * method name but {@code . ; [ / < >}, so a name can carry a line break and what looks like a log line of its own.
 */
@ExtendWith(PostgresCluster.class)
class ForgedNamesTest {
    /** As a log line looks with log_line_prefix = '%t ' (HotSpot refuses the . and [ of the default prefix in a name). */
    private static final String FORGED_LINE = "2026-12-02 00:00:00 UTC LOG:  forged by a method name";

    @Test
    void aMethodNameCannotStartALineOfTheServerLogNorBreakTheDbasViews() throws Throwable {
        String name = "probe\n" + FORGED_LINE + "\r\n" + FORGED_LINE;
        Bundle bundle = renamed(NamedProbe.class, "probe", name);
        long logFrom = PostgresCluster.shared().logSize();
        try (Connection c = PostgresCluster.connect()) {
            Request request = Request.withBundle(bundle, NamedProbe.class.getName(), name,
                    "(Ljava/sql/Connection;)J",
                    Values.writeArguments(new Object[] {null}, ForgedNamesTest.class.getClassLoader()));
            Response response = InBackend.send(c, request);
            assertThat(response.status()).isEqualTo(Response.Status.RETURNED);
            assertThat(Values.read(response.payload(), getClass().getClassLoader())).isEqualTo(42L);
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT method FROM wormhole.method_stats WHERE method LIKE '%NamedProbe%'");
                    ResultSet rs = st.executeQuery()) {
                assertThat(rs.next()).as("the call is counted").isTrue();
                String shown = rs.getString(1);
                assertThat(shown).as("the name as the statistics show it").contains(name);
            }
            try (PreparedStatement st = c.prepareStatement("SELECT count(*) FROM pg_stat_activity");
                    ResultSet rs = st.executeQuery()) {
                assertThat(rs.next()).isTrue();
            }
        }
        String log = PostgresCluster.shared().logSince(logFrom);
        assertThat(log).as("the call's WARNING reached the log").contains("named probe");
        assertThat(log.lines()).as("no line of the log is the shipper's").noneMatch(l -> l.startsWith(FORGED_LINE));
    }

    @Test
    void aNameTheJvmRefusesIsACleanErrorAndTheBackendGoesOn() throws Throwable {
        String name = "probe[0].x";
        Bundle bundle = renamed(NamedProbe.class, "probe", name);
        try (Connection c = PostgresCluster.connect()) {
            Request request = Request.withBundle(bundle, NamedProbe.class.getName(), name,
                    "(Ljava/sql/Connection;)J",
                    Values.writeArguments(new Object[] {null}, ForgedNamesTest.class.getClassLoader()));
            assertThatThrownBy(() -> InBackend.send(c, request)).isInstanceOfSatisfying(PSQLException.class, e -> {
                assertThat(e.getSQLState()).isEqualTo("42883");
                assertThat(e.getMessage()).contains("Illegal method name", name);
            });
            assertThat(InBackend.call(c, PureProbe.class, "add", 40L, 2L)).isEqualTo(42L);
        }
    }

    /**
     * JNI hands the host's messages over in modified UTF-8 (NUL as C0 80, a character beyond the BMP as two
     * surrogates), which a client and a log reader take for invalid UTF-8: an error naming such a class reaches the
     * client as UTF-8, NUL as U+FFFD.
     */
    @Test
    void anErrorNamingAClassWithNulAndAnAstralCharacterIsUtf8() throws Throwable {
        Request add = InBackend.request(PureProbe.class, "add", 1L, 2L);
        String name = "com.example.No\u0000Such\uD83D\uDE00Class";
        Request missing = Request.withBundle(InBackend.bundleOf(PureProbe.class), name, add.methodName(),
                add.descriptor(), add.arguments());
        try (Connection c = PostgresCluster.connect()) {
            assertThatThrownBy(() -> InBackend.send(c, missing)).isInstanceOfSatisfying(PSQLException.class, e -> {
                assertThat(e.getSQLState()).isEqualTo("42883");
                assertThat(e.getMessage()).contains("com.example.No\uFFFDSuch\uD83D\uDE00Class");
            });
            assertThat(InBackend.call(c, PureProbe.class, "add", 40L, 2L)).isEqualTo(42L);
        }
    }

    /** The class's bundle with one method renamed in its class file. */
    private static Bundle renamed(Class<?> type, String from, String to) {
        byte[] original = InBackend.bundleOf(type).classes().get(type.getName());
        ClassWriter writer = new ClassWriter(0);
        new ClassReader(original).accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                return super.visitMethod(access, from.equals(name) ? to : name, descriptor, signature, exceptions);
            }
        }, 0);
        Map<String, byte[]> classes = new HashMap<>();
        classes.put(type.getName(), writer.toByteArray());
        return new Bundle(classes);
    }
}
