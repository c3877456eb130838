package io.wormhole.server.verify;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.Remapper;

/**
 * Bundles for tests: the real compiled bytes of fixture classes (with their fixture-package closure, moved
 * from {@code io.wormhole...fixtures} to {@code com.acme} since a bundle may not define {@code io.wormhole.*}),
 * and classes generated with ASM for what javac cannot write.
 */
final class Bundles {

    private static final String FIXTURES = "io/wormhole/server/verify/fixtures/";
    private static final String SHIPPED = "com/acme/";

    private Bundles() {
    }

    /** The roots and every fixture class they reach, as the agent's closure would ship them. */
    static Map<String, byte[]> compiled(Class<?>... roots) {
        Map<String, byte[]> bundle = new TreeMap<>();
        Deque<String> pending = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        for (Class<?> root : roots) {
            pending.add(root.getName().replace('.', '/'));
        }
        while (!pending.isEmpty()) {
            String name = pending.poll();
            if (!seen.add(name)) {
                continue;
            }
            ClassWriter writer = new ClassWriter(0);
            new ClassReader(bytesOf(name)).accept(new ClassRemapper(writer, new Remapper(Opcodes.ASM9) {
                @Override
                public String map(String internalName) {
                    if (internalName.startsWith(FIXTURES)) {
                        pending.add(internalName);
                        return SHIPPED + internalName.substring(FIXTURES.length());
                    }
                    return internalName;
                }
            }), 0);
            bundle.put(shippedName(name), writer.toByteArray());
        }
        return bundle;
    }

    /** The binary name a fixture class has once shipped: {@code com.acme.attacks.ExecDirect}. */
    static String shipped(Class<?> fixture) {
        return shippedName(fixture.getName().replace('.', '/'));
    }

    private static String shippedName(String internalName) {
        return (SHIPPED + internalName.substring(FIXTURES.length())).replace('/', '.');
    }

    private static byte[] bytesOf(String internalName) {
        try (InputStream in = Bundles.class.getClassLoader().getResourceAsStream(internalName + ".class")) {
            if (in == null) {
                throw new IllegalStateException("no class file for " + internalName);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A public class {@code com.acme.Gen} (or {@code name}) extending Object, shaped by {@code body}. */
    static byte[] generated(String name, Consumer<ClassWriter> body) {
        return generated(name, "java/lang/Object", Opcodes.V17, body);
    }

    static byte[] generated(String name, String superName, int version, Consumer<ClassWriter> body) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(version, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, name.replace('.', '/'), null, superName, null);
        body.accept(writer);
        writer.visitEnd();
        return writer.toByteArray();
    }

    /** A static method {@code run()V} whose code is {@code code} followed by {@code return}. */
    static Consumer<ClassWriter> staticRun(Consumer<MethodVisitor> code) {
        return writer -> {
            MethodVisitor mv = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "run", "()V", null, null);
            mv.visitCode();
            code.accept(mv);
            mv.visitInsn(Opcodes.RETURN);
            mv.visitMaxs(0, 0);
            mv.visitEnd();
        };
    }

    static Map<String, byte[]> single(String name, byte[] bytes) {
        return Map.of(name, bytes);
    }
}
