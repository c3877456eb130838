package io.wormhole.server.call;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Prints an {@code @lambda-proxy} line of the class-data archive's class list for every lambda of the host's classes
 * ({@code make install} adds them to the training run's list). The training run cannot reach the lambdas only a
 * backend runs (the bridge's, the session's), and each lambda a backend spins itself costs 1-7 ms of its cold start,
 * the first one 17-25 ms. The line names the {@code invokedynamic} call site as the JVM writes it when it links one
 * ({@code -XX:DumpLoadedClassList}): the archive links the site from it at dump time.
 */
public final class LambdaSites {
    private static final String METAFACTORY_OWNER = "java/lang/invoke/LambdaMetafactory";

    private LambdaSites() {}

    public static void main(String[] args) throws IOException, URISyntaxException {
        Path jar = Path.of(LambdaSites.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (JarFile file = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                if (entry.getName().startsWith("io/wormhole/") && entry.getName().endsWith(".class")) {
                    try (InputStream in = file.getInputStream(entry)) {
                        lines(in.readAllBytes()).forEach(System.out::println);
                    }
                }
            }
        }
    }

    /** The class list's lines for the lambdas of one class file. */
    static List<String> lines(byte[] classFile) {
        List<String> lines = new ArrayList<>();
        ClassReader reader = new ClassReader(classFile);
        String caller = reader.getClassName();
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitInvokeDynamicInsn(String samName, String factoryType, Handle bootstrap,
                            Object... arguments) {
                        if (METAFACTORY_OWNER.equals(bootstrap.getOwner()) && "metafactory".equals(bootstrap.getName())
                                && arguments.length == 3) {
                            Handle implementation = (Handle) arguments[1];
                            lines.add(String.join(" ", "@lambda-proxy", caller, samName, factoryType,
                                    ((Type) arguments[0]).getDescriptor(), kind(implementation.getTag()),
                                    implementation.getOwner(), implementation.getName(), implementation.getDesc(),
                                    ((Type) arguments[2]).getDescriptor()));
                        }
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return lines;
    }

    private static String kind(int tag) {
        return switch (tag) {
            case Opcodes.H_INVOKESTATIC -> "REF_invokeStatic";
            case Opcodes.H_INVOKEVIRTUAL -> "REF_invokeVirtual";
            case Opcodes.H_INVOKESPECIAL -> "REF_invokeSpecial";
            case Opcodes.H_NEWINVOKESPECIAL -> "REF_newInvokeSpecial";
            case Opcodes.H_INVOKEINTERFACE -> "REF_invokeInterface";
            default -> throw new IllegalArgumentException("a lambda implemented by a handle of kind " + tag);
        };
    }
}
