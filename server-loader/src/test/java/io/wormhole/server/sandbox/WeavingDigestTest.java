package io.wormhole.server.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The weaving identity the build writes: any change to a class of the sandbox package (inner classes included) or of
 * the verifier's gives another identity, so that verdicts and woven classes stored by other code are made again;
 * rebuilding the same classes gives the same one, so that stored weaving survives a rebuild.
 */
class WeavingDigestTest {
    @TempDir
    Path classes;

    private Path sandbox() throws IOException {
        return Files.createDirectories(classes.resolve("io/wormhole/server/sandbox"));
    }

    private Path verifier() throws IOException {
        return Files.createDirectories(classes.resolve("io/wormhole/server/verify"));
    }

    private String identity() throws IOException, NoSuchAlgorithmException {
        verifier();
        WeavingDigest.main(new String[] {classes.toString()});
        String[] value = new String[1];
        new ClassReader(Files.readAllBytes(sandbox().resolve("WeavingIdentity.class"))).accept(
                new ClassVisitor(Opcodes.ASM9) {
                    @Override
                    public FieldVisitor visitField(int access, String name, String descriptor, String signature,
                            Object constant) {
                        if (name.equals(WeavingDigest.IDENTITY_FIELD)) {
                            value[0] = (String) constant;
                        }
                        return null;
                    }
                }, 0);
        return value[0];
    }

    @Test
    void everyClassOfThePackageCountsAndTheIdentityItselfDoesNot() throws Exception {
        Files.write(sandbox().resolve("Instrumenter.class"), new byte[] {1, 2, 3});
        Files.write(sandbox().resolve("Instrumenter$Visitor.class"), new byte[] {4, 5});
        String first = identity();
        assertThat(first).hasSize(64);
        assertThat(identity()).as("the same classes again, with the identity class now present").isEqualTo(first);

        Files.write(sandbox().resolve("Instrumenter$Visitor.class"), new byte[] {4, 6});
        String changedInner = identity();
        assertThat(changedInner).isNotEqualTo(first);

        Files.write(sandbox().resolve("Budget.class"), new byte[] {7});
        String added = identity();
        assertThat(added).isNotEqualTo(changedInner);

        Files.write(sandbox().resolve("notes.txt"), new byte[] {8});
        Files.createDirectories(classes.resolve("io/wormhole/server/call"));
        Files.write(classes.resolve("io/wormhole/server/call/Call.class"), new byte[] {9});
        assertThat(identity()).as("a file that is no class, a class of another package").isEqualTo(added);
    }

    /** A rename changes the identity even with the same bytes: the names are digested with the contents. */
    @Test
    void aClassRenamedIsAnotherIdentity() throws Exception {
        Files.write(sandbox().resolve("Budget.class"), new byte[] {1});
        String before = identity();
        Files.move(sandbox().resolve("Budget.class"), sandbox().resolve("Budget2.class"));
        assertThat(identity()).isNotEqualTo(before);
    }

    /** The verifier's classes count too: a stored verdict stands only under the verifier that made it. */
    @Test
    void aClassOfTheVerifierCountsToo() throws Exception {
        Files.write(sandbox().resolve("Budget.class"), new byte[] {1});
        Files.write(verifier().resolve("MonitorNesting.class"), new byte[] {2});
        String before = identity();
        Files.write(verifier().resolve("MonitorNesting.class"), new byte[] {3});
        assertThat(identity()).isNotEqualTo(before);
        Files.delete(verifier().resolve("MonitorNesting.class"));
        Files.write(sandbox().resolve("MonitorNesting.class"), new byte[] {2});
        assertThat(identity()).as("the same bytes under the other package").isNotEqualTo(before);
    }
}
