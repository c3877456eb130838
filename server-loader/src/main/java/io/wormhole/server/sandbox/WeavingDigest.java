package io.wormhole.server.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Run by the build (server-loader's {@code pom.xml}, after compiling): writes class {@value #IDENTITY_CLASS} with the
 * SHA-256 of every class of this package (the code that weaves bundles and that woven code calls) and of the verifier's
 * package (the code that judges them), so that stored verdicts and woven classes count only under the code that made
 * them. Computing it in a
 * backend would cost each cold start reading the jar and starting the JDK's security providers (about 35 ms).
 */
public final class WeavingDigest {
    static final String IDENTITY_CLASS = "io.wormhole.server.sandbox.WeavingIdentity";
    static final String IDENTITY_FIELD = "VALUE";
    /** The verifier's package, beside this one: a stored verdict stands only under the code that made it. */
    private static final String VERIFIER_PACKAGE = "verify";

    private WeavingDigest() {}

    /** {@code args[0]}: the compiled classes' directory. */
    public static void main(String[] args) throws IOException, NoSuchAlgorithmException {
        Path dir = Path.of(args[0], WeavingDigest.class.getPackageName().split("\\."));
        String identityFile = IDENTITY_CLASS.substring(IDENTITY_CLASS.lastIndexOf('.') + 1) + ".class";
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (Path d : List.of(dir, dir.resolveSibling(VERIFIER_PACKAGE))) {
            List<Path> classes;
            try (Stream<Path> files = Files.list(d)) {
                classes = files.filter(f -> f.getFileName().toString().endsWith(".class"))
                        .filter(f -> !f.getFileName().toString().equals(identityFile)).sorted().toList();
            }
            for (Path c : classes) {
                digest.update((d.getFileName() + "/" + c.getFileName()).getBytes(StandardCharsets.UTF_8));
                digest.update(Files.readAllBytes(c));
            }
        }
        Files.write(dir.resolve(identityFile), identityClass(HexFormat.of().formatHex(digest.digest())));
    }

    private static byte[] identityClass(String value) {
        ClassWriter w = new ClassWriter(0);
        w.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER,
                IDENTITY_CLASS.replace('.', '/'), null, "java/lang/Object", null);
        w.visitField(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC | Opcodes.ACC_FINAL, IDENTITY_FIELD,
                "Ljava/lang/String;", null, value).visitEnd();
        w.visitEnd();
        return w.toByteArray();
    }
}
