package io.wormhole.server.sandbox;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.MultiANewArrayInsnNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * Rewrites a verified class before it is defined: at the entry of every method that can start other code, a poll and
 * a limit on the stack shipped code may use ({@link Budget#enter()} where code outside the bundle can enter the method,
 * {@link Budget#enterCounted} elsewhere; see {@link OutsideEntries}), and a plain poll at the others; a
 * {@link Budget#poll()} before every backward branch and at the entry of every exception handler, a
 * {@link Budget#rethrowIfStopping} before every handler that could catch the error that stops a call or a JDK error
 * (a stack overflow is rethrown there; the trampolines that hold both are covered where a monitor is held, see
 * {@link ReleaseHandlers}), regular expressions routed through {@link Budget} (calls, method references
 * and method handle constants alike, see {@link RegexRoutes}) so that their JDK loops are bounded too,
 * {@code System.out}/{@code System.err} redirected to {@link Console}, and the JDK's logger factories to
 * {@link NoticeLoggers}.
 */
public final class Instrumenter {
    private Instrumenter() {}

    /**
     * @throws ClassFormatError if ASM cannot read or write the class (a stack map table the verifier does not read,
     *                          corrupt): the same error the JVM gives for a class file it cannot define
     */
    public static byte[] instrument(byte[] classFile, OutsideEntries outside) {
        try {
            ClassNode node = new ClassNode();
            // Expanded frames: a handler's frame is copied, as is, to the trampoline that now enters the handler.
            new ClassReader(classFile).accept(node, ClassReader.EXPAND_FRAMES);
            for (MethodNode m : node.methods) {
                if (m.instructions.size() > 0) {
                    instrument(m, outside.canEnter(m));
                }
            }
            // The inserted code adds no branch target but the trampolines, which carry their handler's frame, and
            // what ReleaseHandlers adds, which carries frames too, so the stack map stays valid.
            ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
            node.accept(writer);
            return writer.toByteArray();
        } catch (RuntimeException e) {
            throw new ClassFormatError("the class file cannot be instrumented: " + e);
        }
    }

    /** A class that is a bundle of its own. */
    public static byte[] instrument(byte[] classFile) {
        return instrument(classFile, OutsideEntries.of(List.of(classFile)));
    }

    private static void instrument(MethodNode m, boolean enteredFromOutside) {
        InsnList code = m.instructions;
        boolean leaf = m.tryCatchBlocks.isEmpty() && isLeaf(code);
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
            AbstractInsnNode replacement = rewrite(insn);
            if (replacement != insn) {
                code.set(insn, replacement);
                insn = replacement;
            }
        }
        ReleaseHandlers release = new ReleaseHandlers(code, m.tryCatchBlocks);
        for (TryCatchBlockNode handler : m.tryCatchBlocks) {
            release.cover(handler, enterThroughTrampoline(code, handler));
        }
        m.tryCatchBlocks.addAll(release.entries());
        if (leaf) {
            code.insert(poll());
        } else if (enteredFromOutside) {
            code.insert(new MethodInsnNode(Opcodes.INVOKESTATIC, Budget.INTERNAL_NAME, "enter", "()V", false));
        } else {
            InsnList entry = new InsnList();
            entry.add(new LdcInsnNode(frameBytes(m)));
            entry.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Budget.INTERNAL_NAME, "enterCounted", "(I)V", false));
            code.insert(entry);
        }
    }

    /** What one instruction may add to a compiled frame: a spilled long or double, or a monitor, with room to spare. */
    private static final int BYTES_PER_INSN = 16;
    /** What a call site may add to a compiled frame through the JDK code C1 inlines there. */
    private static final int BYTES_PER_CALL = 512;
    /** C1's most spill slots (2,000 of 4 bytes), rounded up. */
    private static final int MAX_COMPILED = 8192;

    /**
     * A bound on what a frame of the method takes on the stack, in either form it may run in. Interpreted: its locals
     * and operand stack, and the interpreter's own words. Compiled by C1 (the first tier of the server's JIT): C1 gives every
     * value it spills a slot of its own for the whole method, inlined callees' values included, so the frame grows
     * with the code, not with the locals (helper-21: 900 sums each kept across a call made a 7.3 kB frame of a method
     * with three locals and four stack entries, 44 times the interpreter's figure). Each instruction defines at most
     * one value of 8 bytes and may take a monitor, so the method's own code is charged {@link #BYTES_PER_INSN} an
     * instruction; a call site may inline JDK code, charged {@link #BYTES_PER_CALL} (the budget's own polls, woven in
     * at backward branches, inline a flag's read only). C1 gives up on a method that spills more than 2,000 slots of
     * 4 bytes, so the compiled part never needs more than {@link #MAX_COMPILED}. A frame is then at most 16 times its
     * charge ({@code Backend.STACK_CREDIT} allows for that). C2 (the server's second tier) shares spill slots, but
     * inlines far more at one call site: helper-27 made a chain of 15 shipped methods (its inlining depth), each
     * keeping 100 longs across its call to the next, inline whole at a call site charged 512 bytes, a 12,144-byte
     * frame for a charge of 1,504, 8 times it; a recursion needs two call sites and a base, which keeps it under
     * about 9 times.
     */
    private static int frameBytes(MethodNode m) {
        int instructions = 0;
        int calls = 0;
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn.getOpcode() >= 0) {
                instructions++;
            }
            if (insn instanceof InvokeDynamicInsnNode || insn instanceof MethodInsnNode call && !isPoll(call)) {
                calls++;
            }
        }
        int compiled = (int) Math.min(MAX_COMPILED,
                (long) BYTES_PER_INSN * instructions + (long) BYTES_PER_CALL * calls);
        return 8 * (m.maxLocals + m.maxStack + 2) + 96 + compiled;
    }

    private static boolean isPoll(MethodInsnNode call) {
        return call.owner.equals(Budget.INTERNAL_NAME) && call.name.equals("poll");
    }

    /**
     * Whether the method can start no other code: no call, no static field touched (which could initialize a class),
     * no class named (an object, an array, a cast or a handler's type could load one), no class or method handle
     * constant. Such a method cannot recurse, nor start JDK work that needs the stack's reserve, so its entry polls
     * without looking at the stack (a getter stays as cheap as it was).
     */
    private static boolean isLeaf(InsnList code) {
        for (AbstractInsnNode insn = code.getFirst(); insn != null; insn = insn.getNext()) {
            int op = insn.getOpcode();
            if (insn instanceof MethodInsnNode || insn instanceof InvokeDynamicInsnNode || insn instanceof TypeInsnNode
                    || insn instanceof MultiANewArrayInsnNode || op == Opcodes.GETSTATIC || op == Opcodes.PUTSTATIC
                    || (insn instanceof LdcInsnNode ldc && !(ldc.cst instanceof Number || ldc.cst instanceof String))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Sends the exceptions {@code handler} catches through a trampoline at the end of the method, which polls (and
     * rethrows what stops a call) before jumping to the handler's code. Every loop without a backward branch runs
     * through an exception edge, so this poll bounds it. The trampoline lies outside every try range: what it throws
     * leaves the method, even when a handler covers its own code (javac's {@code synchronized} does), unless
     * {@link ReleaseHandlers} covers it. Returns the label that ends the trampoline, which starts at the handler's new
     * entry.
     */
    private static LabelNode enterThroughTrampoline(InsnList code, TryCatchBlockNode handler) {
        InsnList trampoline = new InsnList();
        LabelNode entry = new LabelNode();
        trampoline.add(entry);
        FrameNode frame = frameAt(handler.handler);
        if (frame != null) {
            trampoline.add(new FrameNode(Opcodes.F_NEW, frame.local.size(), frame.local.toArray(),
                    frame.stack.size(), frame.stack.toArray()));
        }
        if (canCatchStop(handler.type)) {
            trampoline.add(new InsnNode(Opcodes.DUP));
            trampoline.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Budget.INTERNAL_NAME, "rethrowIfStopping",
                    "(Ljava/lang/Throwable;)V", false));
        }
        trampoline.add(poll());
        trampoline.add(new JumpInsnNode(Opcodes.GOTO, handler.handler));
        LabelNode end = new LabelNode();
        trampoline.add(end);
        code.add(trampoline);
        handler.handler = entry;
        return end;
    }

    /** The stack map frame at a label (class files before version 50 have none). */
    private static FrameNode frameAt(LabelNode label) {
        for (AbstractInsnNode at = label.getNext(); at != null && at.getOpcode() < 0; at = at.getNext()) {
            if (at instanceof FrameNode frame) {
                return frame;
            }
        }
        return null;
    }

    /** The instruction that replaces {@code insn}, or {@code insn} itself. */
    private static AbstractInsnNode rewrite(AbstractInsnNode insn) {
        if (insn instanceof MethodInsnNode call && (call.getOpcode() == Opcodes.INVOKEVIRTUAL
                || call.getOpcode() == Opcodes.INVOKESTATIC)) {
            Handle logger = call.getOpcode() == Opcodes.INVOKESTATIC
                    ? NoticeLoggers.route(call.owner, call.name, call.desc) : null;
            Handle bounded = logger != null ? logger : RegexRoutes.bounded(call.owner, call.name, call.desc,
                    call.getOpcode() == Opcodes.INVOKESTATIC);
            return bounded == null ? insn : new MethodInsnNode(Opcodes.INVOKESTATIC, bounded.getOwner(),
                    bounded.getName(), bounded.getDesc(), false);
        }
        if (insn instanceof InvokeDynamicInsnNode indy) {
            // A method reference's target is a bootstrap argument: String::matches never appears as a call.
            for (int i = 0; i < indy.bsmArgs.length; i++) {
                indy.bsmArgs[i] = boundedHandle(indy.bsmArgs[i]);
            }
            return insn;
        }
        if (insn instanceof LdcInsnNode ldc) {
            ldc.cst = boundedHandle(ldc.cst);
            return insn;
        }
        if (insn instanceof FieldInsnNode f && f.getOpcode() == Opcodes.GETSTATIC
                && f.owner.equals("java/lang/System") && (f.name.equals("out") || f.name.equals("err"))) {
            return new MethodInsnNode(Opcodes.INVOKESTATIC, Console.INTERNAL_NAME, f.name, "()Ljava/io/PrintStream;",
                    false);
        }
        return insn;
    }

    /**
     * A method handle constant pointing at a regex entry point or a logger factory, pointed at its replacement
     * instead.
     */
    private static Object boundedHandle(Object constant) {
        if (constant instanceof Handle h && h.getTag() == Opcodes.H_INVOKESTATIC
                && NoticeLoggers.route(h.getOwner(), h.getName(), h.getDesc()) != null) {
            return NoticeLoggers.route(h.getOwner(), h.getName(), h.getDesc());
        }
        if (constant instanceof Handle h && (h.getTag() == Opcodes.H_INVOKEVIRTUAL
                || h.getTag() == Opcodes.H_INVOKESTATIC)) {
            Handle bounded = RegexRoutes.bounded(h.getOwner(), h.getName(), h.getDesc(),
                    h.getTag() == Opcodes.H_INVOKESTATIC);
            return bounded == null ? constant : bounded;
        }
        return constant;
    }

    private static MethodInsnNode poll() {
        return new MethodInsnNode(Opcodes.INVOKESTATIC, Budget.INTERNAL_NAME, "poll", "()V", false);
    }

    /**
     * A handler for any of these types (or a finally block) could catch what stops a call, or an error that leaves a
     * class unusable (a stack overflow, heap exhaustion, a failed initializer): the JDK's own errors all live in
     * {@code java.lang}.
     */
    private static boolean canCatchStop(String type) {
        return type == null || type.equals("java/lang/Throwable")
                || (type.startsWith("java/lang/") && type.indexOf('/', 10) < 0 && type.endsWith("Error"));
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
