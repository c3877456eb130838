package io.wormhole.server.sandbox;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/**
 * Rewrites a verified class before it is defined: a {@link Budget#poll()} at every method entry and before every
 * backward branch, a {@link Budget#rethrowIfStopping} at the start of every handler that could catch the error that
 * stops a call, regular expressions routed through {@link Budget} so that their JDK loops are bounded too, and
 * {@code System.out}/{@code System.err} redirected to {@link Console}.
 */
public final class Instrumenter {
    private Instrumenter() {}

    public static byte[] instrument(byte[] classFile) {
        ClassNode node = new ClassNode();
        new ClassReader(classFile).accept(node, 0);
        for (MethodNode m : node.methods) {
            if (m.instructions.size() > 0) {
                instrument(m);
            }
        }
        // The inserted code adds no branch targets, so the existing stack map frames stay valid.
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        node.accept(writer);
        return writer.toByteArray();
    }

    private static void instrument(MethodNode m) {
        InsnList code = m.instructions;
        for (TryCatchBlockNode handler : m.tryCatchBlocks) {
            if (canCatchStop(handler.type)) {
                InsnList guard = new InsnList();
                guard.add(new InsnNode(Opcodes.DUP));
                guard.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Budget.INTERNAL_NAME, "rethrowIfStopping",
                        "(Ljava/lang/Throwable;)V", false));
                code.insert(firstRealInsnAfter(handler.handler), guard);
            }
        }
        // Decide on the original positions first: inserting invalidates InsnList's index cache.
        List<AbstractInsnNode> backward = new ArrayList<>();
        for (AbstractInsnNode insn = code.getFirst(); insn != null; insn = insn.getNext()) {
            if (isBackwardBranch(code, insn)) {
                backward.add(insn);
            }
        }
        for (AbstractInsnNode insn : backward) {
            code.insertBefore(insn, poll());
        }
        for (AbstractInsnNode insn = code.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof MethodInsnNode call) {
                MethodInsnNode bounded = boundedRegex(call);
                if (bounded != null) {
                    code.set(call, bounded);
                    insn = bounded;
                }
            } else if (insn instanceof FieldInsnNode f && f.getOpcode() == Opcodes.GETSTATIC
                    && f.owner.equals("java/lang/System") && (f.name.equals("out") || f.name.equals("err"))) {
                MethodInsnNode console = new MethodInsnNode(Opcodes.INVOKESTATIC, Console.INTERNAL_NAME, f.name,
                        "()Ljava/io/PrintStream;", false);
                code.set(f, console);
                insn = console;
            }
        }
        code.insert(poll());
    }

    /**
     * The {@link Budget} replacement of a call into the JDK's regular expressions, or {@code null}. Each takes the
     * receiver as its first parameter, so the operand stack is the same before and after.
     */
    private static MethodInsnNode boundedRegex(MethodInsnNode call) {
        String key = call.owner + "." + call.name + call.desc;
        String[] target = switch (key) {
            case "java/util/regex/Pattern.matcher(Ljava/lang/CharSequence;)Ljava/util/regex/Matcher;" ->
                new String[] {"matcher", "(Ljava/util/regex/Pattern;Ljava/lang/CharSequence;)Ljava/util/regex/Matcher;"};
            case "java/util/regex/Pattern.matches(Ljava/lang/String;Ljava/lang/CharSequence;)Z" ->
                new String[] {"matches", "(Ljava/lang/String;Ljava/lang/CharSequence;)Z"};
            case "java/lang/String.matches(Ljava/lang/String;)Z" ->
                new String[] {"stringMatches", "(Ljava/lang/String;Ljava/lang/String;)Z"};
            case "java/lang/String.replaceAll(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;" ->
                new String[] {"replaceAll", "(Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;"};
            case "java/lang/String.replaceFirst(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;" ->
                new String[] {"replaceFirst",
                    "(Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;"};
            case "java/lang/String.split(Ljava/lang/String;)[Ljava/lang/String;" ->
                new String[] {"split", "(Ljava/lang/String;Ljava/lang/String;)[Ljava/lang/String;"};
            case "java/lang/String.split(Ljava/lang/String;I)[Ljava/lang/String;" ->
                new String[] {"split", "(Ljava/lang/String;Ljava/lang/String;I)[Ljava/lang/String;"};
            default -> null;
        };
        return target == null ? null
                : new MethodInsnNode(Opcodes.INVOKESTATIC, Budget.INTERNAL_NAME, target[0], target[1], false);
    }

    private static MethodInsnNode poll() {
        return new MethodInsnNode(Opcodes.INVOKESTATIC, Budget.INTERNAL_NAME, "poll", "()V", false);
    }

    /** A handler for any of these types (or a finally block) could catch what stops a call. */
    private static boolean canCatchStop(String type) {
        return type == null || type.equals("java/lang/Throwable") || type.equals("java/lang/Error");
    }

    /**
     * The node after which handler code starts: past the label and the frame and line entries that follow it, so
     * the guard runs with the caught throwable on the stack.
     */
    private static AbstractInsnNode firstRealInsnAfter(LabelNode label) {
        AbstractInsnNode at = label;
        while (at.getNext() != null && at.getNext().getOpcode() < 0
                && !(at.getNext() instanceof LabelNode)) {
            at = at.getNext();
        }
        return at;
    }

    private static boolean isBackwardBranch(InsnList code, AbstractInsnNode insn) {
        int here = code.indexOf(insn);
        if (insn instanceof JumpInsnNode j) {
            return code.indexOf(j.label) <= here;
        }
        if (insn instanceof TableSwitchInsnNode t) {
            return code.indexOf(t.dflt) <= here || t.labels.stream().anyMatch(l -> code.indexOf(l) <= here);
        }
        if (insn instanceof LookupSwitchInsnNode s) {
            return code.indexOf(s.dflt) <= here || s.labels.stream().anyMatch(l -> code.indexOf(l) <= here);
        }
        return false;
    }
}
