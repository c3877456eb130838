package io.wormhole.server.sandbox;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Covers the trampolines that enter a handler while a {@code synchronized} block's monitor is held, so that HotSpot
 * compiles the method. Before it compiles a method that takes monitors, HotSpot checks that no instruction able to
 * throw while a monitor is held lies outside every handler that catches everything: it takes such an instruction for
 * a way out of the method with the monitor held, and leaves the method to the interpreter for good. A trampoline's
 * poll and rethrow are such instructions (they lie outside every range on purpose), so every woven
 * {@code synchronized} block stayed interpreted: 47 µs for a call that took a monitor a thousand times.
 *
 * <p>What a trampoline throws (the stop of a call, the reserve's overflow) must still leave the method and release the
 * monitor on its way, as javac's own handlers would if the handler's first instruction had thrown it. So a trampoline
 * is covered by what catches everything at its handler's first instruction:
 * <ul>
 *   <li>when that handler has exactly the shape javac gives the one that ends a {@code synchronized} block (store the
 *       exception, load the lock, release it, load the exception, throw it), a copy of it. Nothing in that shape can
 *       keep the exception; the copy's throw is covered by the same handlers as the original's, so it goes on to the
 *       enclosing blocks' handlers through their trampolines. javac's handler covers its own release, the copy does
 *       not: a release that fails (hand-made code that releases another object) leaves the method instead of
 *       entering the handler again;</li>
 *   <li>when it is another handler (a {@code finally} block's), that handler's own trampoline, which rethrows what
 *       stops a call, provided that following such handlers comes to javac's release without coming round.</li>
 * </ul>
 * Every step of a stop's way out then either rethrows it or releases one monitor and rethrows it. A trampoline that
 * nothing so covers stays uncovered, and its method stays interpreted, as before.
 */
final class ReleaseHandlers {
    /** javac's handler that ends a {@code synchronized} block, found in the method. */
    private record Release(int exception, int lock, AbstractInsnNode rethrow, FrameNode frame) {}

    /** A trampoline, from its entry to its end, and the handler it enters. */
    private record Trampoline(TryCatchBlockNode handler, LabelNode entry, LabelNode end) {}

    private final InsnList code;
    private final List<TryCatchBlockNode> table;
    /** For every entry of the table, the first that catches everything at its handler's first instruction. */
    private final Map<TryCatchBlockNode, TryCatchBlockNode> firstCatchAll = new IdentityHashMap<>();
    /** The entries of the table whose handlers are javac's end of a {@code synchronized} block. */
    private final Map<TryCatchBlockNode, Release> releases = new IdentityHashMap<>();
    private final Map<Release, LabelNode[]> copies = new LinkedHashMap<>();
    private final List<Trampoline> trampolines = new ArrayList<>();

    /** Reads {@code table} as it is before any handler is sent through a trampoline. */
    ReleaseHandlers(InsnList code, List<TryCatchBlockNode> table) {
        this.code = code;
        this.table = List.copyOf(table);
        for (TryCatchBlockNode entry : table) {
            TryCatchBlockNode catchAll = firstCatchAll(code.indexOf(entry.handler));
            if (catchAll != null) {
                firstCatchAll.put(entry, catchAll);
            }
            Release release = entry.type == null ? release(entry.handler) : null;
            if (release != null) {
                releases.put(entry, release);
            }
        }
    }

    /** Notes the trampoline that now enters {@code handler}, from its entry to {@code end}. */
    void cover(TryCatchBlockNode handler, LabelNode end) {
        trampolines.add(new Trampoline(handler, handler.handler, end));
    }

    /**
     * The entries to append to the method's table, once every handler enters through its trampoline: the
     * trampolines' cover, then each copy's rethrow covered as its original is.
     */
    List<TryCatchBlockNode> entries() {
        List<TryCatchBlockNode> all = new ArrayList<>();
        for (Trampoline t : trampolines) {
            LabelNode cover = coverOf(t.handler);
            if (cover != null) {
                all.add(new TryCatchBlockNode(t.entry, t.end, cover, null));
            }
        }
        copies.forEach((release, labels) -> {
            int rethrow = code.indexOf(release.rethrow);
            for (TryCatchBlockNode covering : table) {
                if (code.indexOf(covering.start) <= rethrow && rethrow < code.indexOf(covering.end)) {
                    all.add(new TryCatchBlockNode(labels[1], labels[2], covering.handler, covering.type));
                }
            }
        });
        return all;
    }

    /**
     * Where what the trampoline entering {@code handler} throws goes: a copy of javac's release, when that is the
     * first handler catching everything at the handler's first instruction; otherwise that handler's own trampoline
     * (a {@code finally} block's, say), which passes what stops a call on, provided that following such handlers
     * comes to a release without coming round; null where nothing can cover it.
     */
    private LabelNode coverOf(TryCatchBlockNode handler) {
        TryCatchBlockNode first = firstCatchAll.get(handler);
        if (first == null) {
            return null;
        }
        if (releases.containsKey(first)) {
            return copy(releases.get(first))[0];
        }
        Set<TryCatchBlockNode> followed = Collections.newSetFromMap(new IdentityHashMap<>());
        for (TryCatchBlockNode c = first; c != null && followed.add(c); c = firstCatchAll.get(c)) {
            if (releases.containsKey(c)) {
                return first.handler;
            }
        }
        return null;
    }

    private TryCatchBlockNode firstCatchAll(int at) {
        for (TryCatchBlockNode entry : table) {
            if (entry.type == null && code.indexOf(entry.start) <= at && at < code.indexOf(entry.end)) {
                return entry;
            }
        }
        return null;
    }

    /** The copy's labels: its entry, before its throw, after its throw. */
    private LabelNode[] copy(Release release) {
        return copies.computeIfAbsent(release, r -> {
            LabelNode[] labels = {new LabelNode(), new LabelNode(), new LabelNode()};
            code.add(labels[0]);
            if (r.frame != null) {
                code.add(new FrameNode(Opcodes.F_NEW, r.frame.local.size(), r.frame.local.toArray(),
                        r.frame.stack.size(), r.frame.stack.toArray()));
            }
            code.add(new VarInsnNode(Opcodes.ASTORE, r.exception));
            code.add(new VarInsnNode(Opcodes.ALOAD, r.lock));
            code.add(new InsnNode(Opcodes.MONITOREXIT));
            code.add(new VarInsnNode(Opcodes.ALOAD, r.exception));
            code.add(labels[1]);
            code.add(new InsnNode(Opcodes.ATHROW));
            code.add(labels[2]);
            return labels;
        });
    }

    /** The handler at {@code at}, if it is javac's end of a {@code synchronized} block; null otherwise. */
    private static Release release(LabelNode at) {
        FrameNode frame = null;
        AbstractInsnNode[] insns = new AbstractInsnNode[5];
        int n = 0;
        for (AbstractInsnNode insn = at; insn != null && n < insns.length; insn = insn.getNext()) {
            if (insn instanceof FrameNode f && n == 0) {
                frame = f;
            } else if (insn.getOpcode() >= 0) {
                insns[n++] = insn;
            }
        }
        if (n < insns.length
                || !(insns[0] instanceof VarInsnNode store && store.getOpcode() == Opcodes.ASTORE)
                || !(insns[1] instanceof VarInsnNode lock && lock.getOpcode() == Opcodes.ALOAD)
                || insns[2].getOpcode() != Opcodes.MONITOREXIT
                || !(insns[3] instanceof VarInsnNode load && load.getOpcode() == Opcodes.ALOAD && load.var == store.var)
                || insns[4].getOpcode() != Opcodes.ATHROW) {
            return null;
        }
        return new Release(store.var, lock.var, insns[4], frame);
    }
}
