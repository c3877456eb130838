package io.wormhole.server.verify;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
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
 * returns, never more than {@link #MAX_HELD}, and every instruction that runs holding one is covered by a handler
 * that catches everything.
 *
 * <p>The JVM's own verifier does not check this, and the interpreter gives every monitor a frame holds 16 bytes of
 * that frame. A loop of unpaired {@code monitorenter} therefore grows one frame without bound after the stack
 * reserve charged it at its entry, and walks it down to the JVM's guard zone (helper-22). With a fixed count at
 * every instruction, a frame holds at most {@link #MAX_HELD} monitors. HotSpot frees the slot a release empties
 * wherever it lies, and reuses a free slot only above the object's first, so a frame may use about three slots a
 * monitor held (helper-23): 3 kB at most, which its entry's charge covers, since taking and releasing each monitor
 * takes at least four instructions, each charged 16 bytes.
 *
 * <p>An exception that leaves an interpreted frame still holding a monitor arrives in the caller as an
 * {@link IllegalMonitorStateException}: the interpreter replaces it. An error the call must not survive (a stack
 * overflow, a failed class initializer) would then reach shipped code as an exception it may catch, and the host would
 * not see it (helper-23). With every such instruction covered, the exception goes to a handler of the frame, which
 * the loader's weaving sees; the weaving's own trampolines, outside every range, are the host's to handle
 * ({@code Budget.rethrowIfStopping}, and {@code ReleaseHandlers}, which lets the counts this check fixes carry a
 * trampoline's throw to javac's release).
 *
 * <p>An exception reaches the handlers that cover the instruction it left, in table order, up to the first that
 * catches everything; the handler's code starts with the monitors held before that instruction. javac's handler
 * that releases a {@code synchronized} block's monitor covers the release itself, and its inner blocks' handlers
 * come first in the table, so its code passes.
 */
final class MonitorNesting extends ClassVisitor {

    /** Far more than any nesting of {@code synchronized} blocks in real code. */
    static final int MAX_HELD = 64;
    /** Instructions times exception handlers, over a bundle's methods that take monitors; real bundles take less. */
    static final long MAX_STEPS = 20_000_000L;

    /** What the check may still spend on one bundle: each instruction is matched against its method's whole table. */
    static final class Steps {
        private long left = MAX_STEPS;
    }

    private final Findings findings;
    private final String className;
    private final Steps steps;

    MonitorNesting(Findings findings, String className, Steps steps) {
        super(Opcodes.ASM9);
        this.findings = findings;
        this.className = className;
        this.steps = steps;
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
                    String problem = new Flow(this, steps).problem();
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
        private final InsnList instructions;
        private final Steps steps;
        private final int[] held;
        private final Deque<Integer> pending = new ArrayDeque<>();
        private String problem;

        Flow(MethodNode method, Steps steps) {
            this.instructions = method.instructions;
            this.steps = steps;
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
            // Bounded over the bundle, so that hostile classes cannot make the check itself the work.
            long cost = (long) code.length * Math.max(1, handlers.size());
            if (cost > steps.left) {
                steps.left = 0;
                return "takes monitors in " + code.length + " instructions under " + handlers.size()
                        + " exception handlers, past the " + MAX_STEPS
                        + " steps the check of a bundle's monitors takes";
            }
            steps.left -= cost;
            reach(0, 0);
            while (problem == null && !pending.isEmpty()) {
                follow(pending.pop());
            }
            return problem;
        }

        private void follow(int at) {
            int before = held[at];
            boolean caught = false;
            for (int h = 0; h < starts.length && !caught; h++) {
                if (starts[h] <= at && at < ends[h]) {
                    TryCatchBlockNode handler = handlers.get(h);
                    reach(index(handler.handler), before);
                    caught = handler.type == null;
                }
            }
            AbstractInsnNode insn = code[at];
            int opcode = insn.getOpcode();
            if (before > 0 && opcode >= 0 && !caught) {
                problem = "runs an instruction holding a monitor where no handler catches everything" + place(at);
                return;
            }
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
            return instructions.indexOf(label);
        }
    }
}
