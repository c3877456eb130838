package io.wormhole.server.verify;

import java.util.Set;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;

/**
 * The only bootstrap methods an {@code invokedynamic} may name: the JDK's own for lambdas and method
 * references, string concatenation, record methods and pattern switches. They are fixed here rather than in
 * the allowlist because any other bootstrap receives a full-power {@code Lookup} on the calling class.
 */
final class Bootstraps {

    private static final String LOOKUP = "Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;";
    private static final String CALL_SITE = ")Ljava/lang/invoke/CallSite;";

    private static final Set<String> ALLOWED = Set.of(
            "java/lang/invoke/LambdaMetafactory.metafactory(" + LOOKUP
                    + "Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodHandle;"
                    + "Ljava/lang/invoke/MethodType;" + CALL_SITE,
            "java/lang/invoke/LambdaMetafactory.altMetafactory(" + LOOKUP
                    + "Ljava/lang/invoke/MethodType;[Ljava/lang/Object;" + CALL_SITE,
            "java/lang/invoke/StringConcatFactory.makeConcat(" + LOOKUP + "Ljava/lang/invoke/MethodType;" + CALL_SITE,
            "java/lang/invoke/StringConcatFactory.makeConcatWithConstants(" + LOOKUP
                    + "Ljava/lang/invoke/MethodType;Ljava/lang/String;[Ljava/lang/Object;" + CALL_SITE,
            "java/lang/runtime/ObjectMethods.bootstrap(" + LOOKUP
                    + "Ljava/lang/invoke/TypeDescriptor;Ljava/lang/Class;Ljava/lang/String;"
                    + "[Ljava/lang/invoke/MethodHandle;)Ljava/lang/Object;",
            "java/lang/runtime/SwitchBootstraps.typeSwitch(" + LOOKUP
                    + "Ljava/lang/invoke/MethodType;[Ljava/lang/Object;" + CALL_SITE,
            "java/lang/runtime/SwitchBootstraps.enumSwitch(" + LOOKUP
                    + "Ljava/lang/invoke/MethodType;[Ljava/lang/Object;" + CALL_SITE);

    /**
     * Classes javac mentions because bootstrap descriptors do (an InnerClasses entry for
     * {@code MethodHandles$Lookup}); tolerated in class metadata, never in code.
     */
    private static final Set<String> PLUMBING = Set.of("java/lang/invoke/MethodHandles$Lookup", "java/lang/invoke/MethodHandles");

    private Bootstraps() {
    }

    static boolean isAllowed(Handle bootstrap) {
        return bootstrap.getTag() == Opcodes.H_INVOKESTATIC && !bootstrap.isInterface()
                && isAllowed(bootstrap.getOwner(), bootstrap.getName(), bootstrap.getDesc());
    }

    static boolean isAllowed(String owner, String name, String descriptor) {
        return ALLOWED.contains(owner + "." + name + descriptor);
    }

    static boolean isPlumbing(String internalName) {
        return PLUMBING.contains(internalName);
    }
}
