package io.wormhole.agent.bundle;

import java.util.List;
import java.util.Set;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Rewrites a shipped class down to its reachable part: unreachable methods, unused static fields and their
 * initializer slices, instance fields that neither reachable code nor an instance at the server needs go; nest, inner-class and permitted-subclass entries name only shipped classes. Frames need no
 * recomputing: a removed slice is straight-line code that leaves the stack and the locals as it found them.
 */
final class Pruner {
    private Pruner() {}

    static byte[] prune(Reachability.Closure closure, String internalName) {
        ClassNode c = closure.classes().get(internalName);
        Set<String> keptMethods = closure.methods().get(internalName);
        Set<String> keptStatics = closure.staticFields().get(internalName);
        Set<String> keptInstanceFields = closure.instanceFields().get(internalName);
        Set<String> shipped = closure.classes().keySet();
        c.methods.removeIf(m -> !keptMethods.contains(m.name + m.desc));
        for (MethodNode m : c.methods) {
            if (m.name.equals("<clinit>")) {
                closure.slices().get(internalName).forEach((field, slice) -> {
                    if (!keptStatics.contains(field)) {
                        slice.forEach(m.instructions::remove);
                    }
                });
            }
        }
        c.methods.removeIf(Pruner::isEmptyInitializer);
        c.fields.removeIf(f -> (f.access & Opcodes.ACC_STATIC) != 0 ? !keptStatics.contains(f.name)
                : !keptInstanceFields.contains(f.name));
        c.innerClasses.removeIf(ic -> !shipped.contains(ic.name)
                || (ic.outerName != null && !shipped.contains(ic.outerName)));
        c.nestMembers = onlyShipped(c.nestMembers, shipped);
        c.permittedSubclasses = onlyShipped(c.permittedSubclasses, shipped);
        if (c.outerMethod != null
                && !closure.methods().getOrDefault(c.outerClass, Set.of()).contains(c.outerMethod + c.outerMethodDesc)) {
            // The enclosing method was pruned: the class is then enclosed by its class only, which stays true.
            c.outerMethod = null;
            c.outerMethodDesc = null;
        }
        ClassWriter writer = new ClassWriter(0);
        c.accept(writer);
        return writer.toByteArray();
    }

    /** A static initializer left with nothing but its {@code return}. */
    private static boolean isEmptyInitializer(MethodNode m) {
        if (!m.name.equals("<clinit>")) {
            return false;
        }
        for (AbstractInsnNode insn : m.instructions) {
            if (insn.getOpcode() >= 0 && insn.getOpcode() != Opcodes.RETURN) {
                return false;
            }
        }
        return true;
    }

    private static List<String> onlyShipped(List<String> names, Set<String> shipped) {
        if (names == null) {
            return null;
        }
        names.removeIf(n -> !shipped.contains(n));
        return names.isEmpty() ? null : names;
    }
}
