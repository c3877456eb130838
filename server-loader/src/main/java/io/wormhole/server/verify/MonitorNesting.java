package io.wormhole.server.verify;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/**
 * Requires every method to take monitors as {@code synchronized} blocks do: at each instruction the method holds
 * the same number of monitors on every path that reaches it, never releases more than it took, holds none when it
 * returns, and never more than {@link #MAX_HELD}.
 *
 * <p>The JVM's own verifier does not check this, and the interpreter gives every monitor a frame holds 16 bytes of
 * that frame. A loop of unpaired {@code monitorenter} therefore grows one frame without bound after the stack
 * reserve charged it at its entry, and walks it down to the JVM's guard zone (helper-22). With a fixed count at
 * every instruction, a frame holds at most {@link #MAX_HELD} monitors, which its entry's charge covers.
 *
 * <p>An exception reaches the handlers that cover the instruction it left, in table order, up to the first that
 * catches everything; the handler's code starts with the monitors held before that instruction. javac's handler
 * that releases a {@code synchronized} block's monitor covers the release itself, and its inner blocks' handlers
 * come first in the table, so its code passes.
 */
final class MonitorNesting extends ClassVisitor {

    /** Far more than any nesting of {@code synchronized} blocks in real code; 1 kB of frame. */
    static final int MAX_HELD = 64;
    /** Instructions times exception handlers in one method; javac's largest real methods stay far below. */
    static final long MAX_STEPS = 20_000_000L;

    private final Findings findings;
    private final String className;

    MonitorNesting(Findings findings, String className) {
        super(Opcodes.ASM9);
        this.findings = findings;
        this.className = className;
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
            String[] exceptions) {
        return new MethodNode(Opcodes.ASM9, access, name, descriptor, signature, exceptions) {
            private boolean takesMonitors;

            @Override
            public void visitInsn(int opcode) {
                takesMonitors |= opcode == Opcodes.MONITORENTER || opcode == Opcodes.MONITOREXIT;
                super.visitInsn(opcode);
            }

            @Override
            public void visitEnd() {
                if (takesMonitors) {
                    String problem = new Flow(this).problem();
                    if (problem != null) {
                        findings.reject(className, className + "." + name + descriptor + " " + problem
                                + ", which is not allowed: monitors must be taken and released as synchronized"
                                + " blocks do");
                    }
                }
            }
        };
    }

    /** The number of monitors held before each instruction, found by following every edge once. */
    private static final class Flow {
        private final AbstractInsnNode[] code;
        private final List<TryCatchBlockNode> handlers;
        private final int[] starts;
        private final int[] ends;
        private final MethodNode method;
        private final int[] held;
        private final Deque<Integer> pending = new ArrayDeque<>();
        private String problem;

        Flow(MethodNode method) {
            this.method = method;
            this.code = method.instructions.toArray();
            this.handlers = method.tryCatchBlocks;
            this.starts = handlers.stream().mapToInt(h -> index(h.start)).toArray();
            this.ends = handlers.stream().mapToInt(h -> index(h.end)).toArray();
            this.held = new int[code.length];
            Arrays.fill(held, -1);
        }

        /** What is wrong, as a phrase following the method's name, or null. */
        String problem() {
            if (code.length == 0) {
                return null;
            }
            // Each instruction is matched against the whole table: bounded, so a hostile class cannot make the
            // check itself the work.
            if ((long) code.length * handlers.size() > MAX_STEPS) {
                return "takes monitors in " + code.length + " instructions under " + handlers.size()
                        + " exception handlers, more than the check of its monitors follows";
            }
            reach(0, 0);
            while (problem == null && !pending.isEmpty()) {
                follow(pending.pop());
            }
            return problem;
        }

        private void follow(int at) {
            int before = held[at];
            for (int h = 0; h < starts.length; h++) {
                if (starts[h] <= at && at < ends[h]) {
                    TryCatchBlockNode handler = handlers.get(h);
                    reach(index(handler.handler), before);
                    if (handler.type == null) {
                        break;
                    }
                }
            }
            AbstractInsnNode insn = code[at];
            int opcode = insn.getOpcode();
            int after = before;
            if (opcode == Opcodes.MONITORENTER) {
                after = before + 1;
                if (after > MAX_HELD) {
                    problem = "holds more than " + MAX_HELD + " monitors at once" + place(at);
                    return;
                }
            } else if (opcode == Opcodes.MONITOREXIT) {
                if (before == 0) {
                    problem = "releases a monitor it did not take" + place(at);
                    return;
                }
                after = before - 1;
            }
            if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
                if (before != 0) {
                    problem = "returns holding " + before + " monitor" + (before == 1 ? "" : "s") + place(at);
                }
                return;
            }
            if (opcode == Opcodes.ATHROW) {
                return;
            }
            if (opcode == Opcodes.JSR || opcode == Opcodes.RET) {
                problem = "uses jsr or ret together with monitors";
                return;
            }
            if (insn instanceof JumpInsnNode jump) {
                reach(index(jump.label), after);
                if (opcode == Opcodes.GOTO) {
                    return;
                }
            } else if (insn instanceof TableSwitchInsnNode table) {
                reachAll(table.dflt, table.labels, after);
                return;
            } else if (insn instanceof LookupSwitchInsnNode lookup) {
                reachAll(lookup.dflt, lookup.labels, after);
                return;
            }
            if (at + 1 < code.length) {
                reach(at + 1, after);
            }
        }

        private void reachAll(LabelNode otherwise, List<LabelNode> cases, int count) {
            reach(index(otherwise), count);
            for (LabelNode label : cases) {
                reach(index(label), count);
            }
        }

        private void reach(int at, int count) {
            if (problem != null) {
                return;
            }
            if (held[at] < 0) {
                held[at] = count;
                pending.push(at);
            } else if (held[at] != count) {
                problem = "reaches an instruction holding " + held[at] + " monitor" + (held[at] == 1 ? "" : "s")
                        + " on one path and " + count + " on another" + place(at);
            }
        }

        /** The source line, where the class file names one. */
        private String place(int at) {
            for (int i = at; i >= 0; i--) {
                if (code[i] instanceof LineNumberNode line) {
                    return " (line " + line.line + ")";
                }
            }
            return "";
        }

        private int index(LabelNode label) {
            return method.instructions.indexOf(label);
        }
    }
}
