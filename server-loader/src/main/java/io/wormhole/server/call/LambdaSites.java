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
 * Prints the class-data archive's class-list lines for every lambda of the host's classes ({@code make install} adds
 * them to the training run's list). The training run cannot reach the lambdas only a backend runs (the bridge's, the
 * session's), and each lambda a backend spins itself costs 1-7 ms of its cold start, the first one 17-25 ms.
 * <ul>
 *   <li>An {@code @lambda-proxy} line names the {@code invokedynamic} call site as the JVM writes it when it links
 *       one ({@code -XX:DumpLoadedClassList}): the archive holds the proxy class.</li>
 *   <li>Linking the site still makes method handles: one for the lambda's body, one for the proxy's constructor
 *       (with what it captures), and the call site's invoker. Each needs a lambda form of its shape, which the JVM
 *       spins as a class of its own (17 of them in a backend's first call) unless the archive's holder classes
 *       have it: an {@code @lambda-form-invoker} line per shape, as the JVM writes it when it resolves one
 *       ({@code -Djava.lang.invoke.MethodHandle.TRACE_RESOLVE}), has the archive generate it.</li>
 * </ul>
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
                            lines.addAll(lambdaForms(caller, Type.getArgumentTypes(factoryType), implementation));
                        }
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return lines;
    }

    private static final String DIRECT = "@lambda-form-invoker [LF_RESOLVE] java.lang.invoke.DirectMethodHandle$Holder ";
    private static final String INVOKERS = "@lambda-form-invoker [LF_RESOLVE] java.lang.invoke.Invokers$Holder ";

    /** The lambda forms linking one site makes: the call site's invoker, the proxy's constructor, the body's handle. */
    private static List<String> lambdaForms(String caller, Type[] captured, Handle body) {
        List<String> forms = new ArrayList<>();
        // The invoker takes the captured values and the call site's appendix; the handles take themselves first.
        forms.add(INVOKERS + "linkToTargetMethod " + signature("", captured, "L", "L"));
        if (captured.length > 0) {
            // The constructor's handle, and the special call to it with the new object (TRACE_RESOLVE, JDK 17).
            forms.add(DIRECT + "newInvokeSpecial " + signature("L", captured, "", "L"));
            forms.add(DIRECT + "invokeSpecial " + signature("LL", captured, "", "L"));
        }
        Type[] parameters = Type.getArgumentTypes(body.getDesc());
        boolean hasReceiver = body.getTag() != Opcodes.H_INVOKESTATIC && body.getTag() != Opcodes.H_NEWINVOKESPECIAL;
        String result = body.getTag() == Opcodes.H_NEWINVOKESPECIAL ? "L"
                : basic(Type.getReturnType(body.getDesc()));
        String bodyShape = signature(hasReceiver ? "LL" : "L", parameters, "", result);
        forms.add(DIRECT + formName(body.getTag()) + " " + bodyShape);
        if (body.getTag() == Opcodes.H_INVOKESTATIC && !body.getOwner().equals(caller)) {
            // A static method of a class not yet initialized when the site links (Host::reportActivity in a backend
            // whose first call is of a stored bundle) is called through a form that initializes it first.
            forms.add(DIRECT + "invokeStaticInit " + bodyShape);
        }
        if (body.getTag() == Opcodes.H_INVOKEVIRTUAL) {
            // A private body (javac's lambda$ methods) is linked as a special call: without this line a first call
            // misses invokeSpecial L3J_L (ClassArchiveTest).
            forms.add(DIRECT + "invokeSpecial " + bodyShape);
        }
        return forms;
    }

    /** {@code leading}, the parameters' basic types, {@code trailing}, "_" and the result, with long runs counted. */
    private static String signature(String leading, Type[] parameters, String trailing, String result) {
        StringBuilder types = new StringBuilder(leading);
        for (Type t : parameters) {
            types.append(basic(t));
        }
        return shortened(types.append(trailing).append('_').append(result).toString());
    }

    private static String basic(Type t) {
        return switch (t.getSort()) {
            case Type.BOOLEAN, Type.BYTE, Type.SHORT, Type.CHAR, Type.INT -> "I";
            case Type.LONG -> "J";
            case Type.FLOAT -> "F";
            case Type.DOUBLE -> "D";
            case Type.VOID -> "V";
            default -> "L";
        };
    }

    /** As the JDK writes a basic-type signature: a run of three or more of one type as the type and the count. */
    private static String shortened(String signature) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < signature.length(); ) {
            char c = signature.charAt(i);
            int run = 1;
            while (i + run < signature.length() && signature.charAt(i + run) == c) {
                run++;
            }
            out.append(run >= 3 ? c + Integer.toString(run) : String.valueOf(c).repeat(run));
            i += run;
        }
        return out.toString();
    }

    /** A lambda form's name for a handle's kind: the kind without its {@code REF_}. */
    private static String formName(int tag) {
        return kind(tag).substring("REF_".length());
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
