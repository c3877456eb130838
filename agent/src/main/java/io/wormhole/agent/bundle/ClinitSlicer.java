package io.wormhole.agent.bundle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.MultiANewArrayInsnNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/**
 * Splits a static initializer into the initializers of single static fields and the rest. The typical class that
 * holds a {@code @Remote} method also has {@code static final Logger LOG = LoggerFactory.getLogger(...)}: if
 * {@code LOG} is not used by reachable code, its initializer must go with it, or shipping the class would ship the
 * logging library. An initializer is sliced off only when it is a self-contained straight-line expression ending in
 * the field's {@code PUTSTATIC}: no jumps, no handlers, no stores to locals or other fields, every instruction's stack
 * effect known. Anything else stays in the rest, which always ships.
 */
final class ClinitSlicer {
    private ClinitSlicer() {}

    /** The instructions computing each sliceable field's value, its {@code PUTSTATIC} included, by field name. */
    static Map<String, List<AbstractInsnNode>> slices(String owner, MethodNode clinit, List<FieldNode> fields,
            boolean isEnum) {
        Map<String, List<AbstractInsnNode>> slices = new HashMap<>();
        if (clinit == null || isEnum) {
            return slices; // An enum's constants are its values() even when no code names them.
        }
        Set<String> statics = new HashSet<>();
        for (FieldNode f : fields) {
            if ((f.access & Opcodes.ACC_STATIC) != 0) {
                statics.add(f.name);
            }
        }
        Set<LabelNode> anchored = anchoredLabels(clinit);
        Set<String> unsliceable = new HashSet<>();
        for (AbstractInsnNode insn : clinit.instructions) {
            if (insn.getOpcode() == Opcodes.PUTSTATIC && insn instanceof FieldInsnNode put
                    && put.owner.equals(owner) && statics.contains(put.name)) {
                List<AbstractInsnNode> slice = sliceEndingAt(put, anchored);
                if (slice == null || slices.containsKey(put.name)) {
                    unsliceable.add(put.name);
                } else {
                    slices.put(put.name, slice);
                }
            }
        }
        unsliceable.forEach(slices::remove);
        return slices;
    }

    private static Set<LabelNode> anchoredLabels(MethodNode m) {
        Set<LabelNode> labels = new HashSet<>();
        for (TryCatchBlockNode t : m.tryCatchBlocks) {
            labels.add(t.start);
            labels.add(t.end);
            labels.add(t.handler);
        }
        for (AbstractInsnNode insn : m.instructions) {
            if (insn instanceof JumpInsnNode j) {
                labels.add(j.label);
            } else if (insn instanceof TableSwitchInsnNode s) {
                labels.add(s.dflt);
                labels.addAll(s.labels);
            } else if (insn instanceof LookupSwitchInsnNode s) {
                labels.add(s.dflt);
                labels.addAll(s.labels);
            }
        }
        return labels;
    }

    private static List<AbstractInsnNode> sliceEndingAt(FieldInsnNode put, Set<LabelNode> anchored) {
        List<AbstractInsnNode> slice = new ArrayList<>();
        slice.add(put);
        int needed = 1;
        for (AbstractInsnNode insn = put.getPrevious(); needed > 0; insn = insn.getPrevious()) {
            if (insn == null) {
                return null;
            }
            if (insn.getType() == AbstractInsnNode.FRAME || anchored.contains(insn)) {
                return null;
            }
            if (insn.getOpcode() < 0) {
                continue; // labels and line numbers: kept in place
            }
            int[] effect = effect(insn);
            if (effect == null || effect[1] > needed) {
                return null;
            }
            needed += effect[0] - effect[1];
            slice.add(insn);
        }
        return slice;
    }

    /** Values popped and pushed (not slots), for the instructions an initializer expression is made of. */
    private static int[] effect(AbstractInsnNode insn) {
        int op = insn.getOpcode();
        if (op >= Opcodes.ACONST_NULL && op <= Opcodes.ALOAD) {
            return new int[] {0, 1}; // constants, BIPUSH, SIPUSH, LDC, loads
        }
        if (op >= Opcodes.IALOAD && op <= Opcodes.SALOAD) {
            return new int[] {2, 1};
        }
        if (op >= Opcodes.IASTORE && op <= Opcodes.SASTORE) {
            return new int[] {3, 0};
        }
        if (op >= Opcodes.INEG && op <= Opcodes.DNEG || op >= Opcodes.I2L && op <= Opcodes.I2S) {
            return new int[] {1, 1};
        }
        if (op >= Opcodes.IADD && op <= Opcodes.LXOR || op >= Opcodes.LCMP && op <= Opcodes.DCMPG) {
            return new int[] {2, 1};
        }
        return switch (op) {
            case Opcodes.POP -> new int[] {1, 0};
            case Opcodes.DUP -> new int[] {1, 2};
            case Opcodes.GETSTATIC, Opcodes.NEW -> new int[] {0, 1};
            case Opcodes.GETFIELD, Opcodes.NEWARRAY, Opcodes.ANEWARRAY, Opcodes.ARRAYLENGTH, Opcodes.CHECKCAST,
                    Opcodes.INSTANCEOF -> new int[] {1, 1};
            case Opcodes.MULTIANEWARRAY -> new int[] {((MultiANewArrayInsnNode) insn).dims, 1};
            case Opcodes.INVOKEVIRTUAL, Opcodes.INVOKESPECIAL, Opcodes.INVOKEINTERFACE, Opcodes.INVOKESTATIC -> {
                MethodInsnNode m = (MethodInsnNode) insn;
                int receiver = op == Opcodes.INVOKESTATIC ? 0 : 1;
                yield new int[] {Type.getArgumentTypes(m.desc).length + receiver, returns(m.desc)};
            }
            case Opcodes.INVOKEDYNAMIC -> {
                String desc = ((InvokeDynamicInsnNode) insn).desc;
                yield new int[] {Type.getArgumentTypes(desc).length, returns(desc)};
            }
            default -> null;
        };
    }

    private static int returns(String desc) {
        return Type.getReturnType(desc).getSort() == Type.VOID ? 0 : 1;
    }
}
