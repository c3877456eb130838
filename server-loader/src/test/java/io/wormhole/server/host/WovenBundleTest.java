package io.wormhole.server.host;

import static io.wormhole.server.host.Sessions.byHash;
import static io.wormhole.server.host.Sessions.dba;
import static io.wormhole.server.host.Sessions.outcome;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.hostprobe.WovenProbe;
import io.wormhole.server.testing.InBackend;
import io.wormhole.testing.PostgresCluster;
import io.wormhole.wire.Bundle;
import io.wormhole.wire.Hex;
import io.wormhole.wire.Request;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * A stored bundle carries its classes as the sandbox defines them (woven once, when the verifier accepted it), and
 * a fresh backend defines those bytes without weaving them again. They are trusted code, so they count only under
 * the verdict they were made with: after an allowlist change the bundle is verified and woven again from the shipped
 * classes, and woven classes made by other weaving code are ignored. To see which bytes a backend defined, the tests
 * rewrite the stored woven classes (as only the host, or a superuser, can) so that they answer differently.
 */
@ExtendWith(PostgresCluster.class)
class WovenBundleTest {
    private static final String SHIPPED = "as shipped: ";
    private static final String REWRITTEN = "as stored: ";

    private final Request word = InBackend.request(WovenProbe.class, "word", "ab");

    @BeforeEach
    @AfterEach
    void evict() throws SQLException {
        Sessions.evict(WovenProbe.class);
    }

    /** Installs the bundle from a backend of its own and returns its stored woven classes. */
    private Map<String, byte[]> install() throws Exception {
        try (Connection c = PostgresCluster.connect()) {
            assertThat(outcome(c, word)).isEqualTo(SHIPPED + "abab");
        }
        return stored();
    }

    private Map<String, byte[]> stored() throws SQLException {
        try (Connection c = PostgresCluster.connect();
                PreparedStatement st = c.prepareStatement("SELECT woven FROM wormhole.bundles WHERE hash = ?")) {
            st.setBytes(1, word.bundleHash());
            try (ResultSet rs = st.executeQuery()) {
                assertThat(rs.next()).isTrue();
                byte[] woven = rs.getBytes(1);
                return woven == null ? null : Bundle.fromBytes(woven).classes();
            }
        }
    }

    /** Stores {@code woven} with the answer's prefix rewritten, made by {@code wovenBy} (null: kept as it is). */
    private void storeRewritten(Map<String, byte[]> woven, String wovenBy) throws SQLException {
        Map<String, byte[]> rewritten = new HashMap<>();
        woven.forEach((name, bytes) -> rewritten.put(name, rewriteAnswer(bytes)));
        try (Connection c = PostgresCluster.connect(); PreparedStatement st = c.prepareStatement(
                "UPDATE wormhole.bundles SET woven = ?, woven_by = coalesce(?, woven_by) WHERE hash = ?")) {
            st.setBytes(1, new Bundle(rewritten).toBytes());
            st.setString(2, wovenBy);
            st.setBytes(3, word.bundleHash());
            assertThat(st.executeUpdate()).isEqualTo(1);
        }
    }

    private static byte[] rewriteAnswer(byte[] classFile) {
        ClassWriter writer = new ClassWriter(0);
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature,
                        exceptions)) {
                    @Override
                    public void visitLdcInsn(Object value) {
                        super.visitLdcInsn(SHIPPED.equals(value) ? REWRITTEN : value);
                    }

                    @Override
                    public void visitInvokeDynamicInsn(String name, String descriptor,
                            org.objectweb.asm.Handle bootstrap, Object... arguments) {
                        Object[] args = arguments.clone();
                        for (int i = 0; i < args.length; i++) {
                            if (args[i] instanceof String recipe && recipe.startsWith(SHIPPED)) {
                                args[i] = REWRITTEN + recipe.substring(SHIPPED.length());
                            }
                        }
                        super.visitInvokeDynamicInsn(name, descriptor, bootstrap, args);
                    }
                };
            }
        }, 0);
        return writer.toByteArray();
    }

    /** What a fresh backend answers when the client sends only the bundle's hash. */
    private Object freshAnswer() throws SQLException {
        try (Connection c = PostgresCluster.connect()) {
            return byHash(c, word);
        }
    }

    @Test
    void aFreshBackendDefinesTheStoredWovenClassesAsTheyAre() throws Exception {
        Map<String, byte[]> woven = install();
        assertThat(woven).containsOnlyKeys(WovenProbe.class.getName());
        // Woven: the budget's poll is in, and the bytes differ from the shipped ones.
        assertThat(new String(woven.get(WovenProbe.class.getName()), java.nio.charset.StandardCharsets.ISO_8859_1))
                .contains("io/wormhole/server/sandbox/Budget");
        storeRewritten(woven, null);
        assertThat(freshAnswer()).isEqualTo(REWRITTEN + "abab");
    }

    @Test
    void anAllowlistChangeDiscardsTheStoredWovenClassesAndWeavesTheShippedOnesAgain() throws Exception {
        storeRewritten(install(), null);
        // Any committed change bumps the version, even one that leaves the bundle accepted.
        dba("SELECT wormhole.allowlist_add('deny java.lang.System#getProperty')",
                "SELECT wormhole.allowlist_remove('deny java.lang.System#getProperty')");
        assertThat(freshAnswer()).isEqualTo(SHIPPED + "abab");
        assertThat(stored()).isNotNull();
        assertThat(new String(stored().get(WovenProbe.class.getName()), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(REWRITTEN);
    }

    @Test
    void aNarrowedAllowlistRejectsAStoredWovenBundleAndDropsItsWovenClasses() throws Exception {
        install();
        try {
            dba("SELECT wormhole.allowlist_add('deny java.lang.String#repeat')");
            Object answer = freshAnswer();
            assertThat(answer).isInstanceOf(SecurityException.class);
            assertThat(((Throwable) answer).getMessage()).contains("java.lang.String.repeat");
            assertThat(stored()).isNull();
        } finally {
            dba("SELECT wormhole.allowlist_remove('deny java.lang.String#repeat')");
        }
    }

    @Test
    void wovenClassesOfOtherWeavingCodeAreWovenAgain() throws Exception {
        storeRewritten(install(), "woven by another version of the instrumenter");
        assertThat(freshAnswer()).isEqualTo(SHIPPED + "abab");
    }

    /**
     * A stored verdict stands only under the verifier that made it: a server whose verifier is stricter (this session's
     * monitor rule) judges stored bundles again instead of trusting an older server's acceptance, and a rejection made
     * by other code does not outlive it either.
     */
    @Test
    void aVerdictMadeByOtherVerifierCodeIsMadeAgain() throws Exception {
        install();
        String refusal = "refused by another version of the verifier";
        dba("UPDATE wormhole.bundles SET rejection = '" + refusal + "', woven = NULL,"
                + " woven_by = 'another version' WHERE hash = '\\x" + Hex.of(word.bundleHash()) + "'");
        assertThat(freshAnswer()).isEqualTo(SHIPPED + "abab");
        assertThat(stored()).as("woven again, and stored").isNotNull();
        // The same rejection recorded by this server's own code stands.
        dba("UPDATE wormhole.bundles SET rejection = '" + refusal + "', woven = NULL WHERE hash = '\\x"
                + Hex.of(word.bundleHash()) + "'");
        Object answer = freshAnswer();
        assertThat(answer).isInstanceOf(SecurityException.class);
        assertThat(((Throwable) answer).getMessage()).contains(refusal);
    }
}
