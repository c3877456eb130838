package io.wormhole.server.sandbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Covers the trampolines that enter a handler while a {@code synchronized} block's monitor is held, so that HotSpot
 * compiles the method. Before it compiles a method that takes monitors, HotSpot checks that no instruction able to
 * throw while a monitor is held lies outside every handler that catches everything: it takes such an instruction for
 * a way out of the method with the monitor held, and leaves the method to the interpreter for good. A trampoline's
 * poll and rethrow are such instructions (they lie outside every range on purpose), so every woven
 * {@code synchronized} block stayed interpreted: 1.7 ms for a call that summed 100,000 numbers inside one, against
 * 0.11 ms compiled.
 *
 * <p>What a trampoline throws (the stop of a call, the reserve's overflow) must still leave the method and release the
 * monitor on its way, as javac's own handlers would if the handler's first instruction had thrown it. So a trampoline
 * is covered by what catches everything at its handler's first instruction:
 * <ul>
 *   <li>when that handler has exactly the shape javac gives the one that ends a {@code synchronized} block (store the
 *       exception, load the lock, release it, load the exception, throw it), a release of its own: store, load,
 *       release, then on to that handler's last two instructions (a label marks them, with a frame where the class
 *       has frames), which rethrow under the handlers javac put there. Nothing on that way can keep the exception. javac's handler covers its own release, the trampoline's
 *       release does not: one that fails (hand-made code that releases another object) leaves the method instead of
 *       entering the handler again;</li>
 *   <li>when it is another handler (a {@code finally} block's), that handler's own trampoline, which rethrows what
 *       stops a call, provided that following such handlers comes to javac's release without coming round (a
 *       handler's cover of its own first instruction, as javac gives a {@code finally} block, is passed over).</li>
 * </ul>
 * Every step of a stop's way out then either rethrows it or releases one monitor and rethrows it. A trampoline that
 * nothing so covers stays uncovered, and its method stays interpreted, as before. The work is linear in the table
 * (bar a logarithm), whatever the table: it runs on hostile classes before anything can stop it.
 */
final class ReleaseHandlers {
    /**
     * javac's handler that ends a {@code synchronized} block: the exception's and the lock's slots, its frame (null in
     * a class without stack map frames), the instruction that starts its rethrow, and whether a frame lies there.
     */
    private record Release(int exception, int lock, FrameNode entryFrame, AbstractInsnNode reload,
            boolean framedReload) {}

    /** A trampoline, from its entry to its end, and the handler it enters. */
    private record Trampoline(TryCatchBlockNode handler, LabelNode entry, LabelNode end) {}

    private final InsnList code;
    /** For each entry of the table, the first entry that catches everything at its handler's first instruction. */
    private final Map<TryCatchBlockNode, TryCatchBlockNode> firstCatchAll = new IdentityHashMap<>();
    /** The entries whose handlers are javac's end of a {@code synchronized} block. */
    private final Map<TryCatchBlockNode, Release> releases = new IdentityHashMap<>();
    /** Whether following {@link #firstCatchAll} from an entry comes to a release. */
    private final Map<TryCatchBlockNode, Boolean> reaches = new IdentityHashMap<>();
    private final Map<Release, LabelNode> releasing = new LinkedHashMap<>();
    private final List<Trampoline> trampolines = new ArrayList<>();

    /** Reads {@code table} as it is before any handler is sent through a trampoline. */
    ReleaseHandlers(InsnList code, List<TryCatchBlockNode> table) {
        this.code = code;
        // One sweep in table order: each handler's first instruction takes the first catch-all range it falls in,
        // except a range of its own handler's (javac's finally block covers its own first store): followed, that
        // would come round at once. javac's release covers its own first instructions too, and is its own cover.
        NavigableSet<Integer> open = new TreeSet<>();
        for (TryCatchBlockNode entry : table) {
            open.add(code.indexOf(entry.handler));
        }
        Map<Integer, TryCatchBlockNode> firstAt = new HashMap<>();
        for (TryCatchBlockNode entry : table) {
            if (entry.type == null) {
                Release release = release(entry.handler);
                if (release != null) {
                    releases.put(entry, release);
                }
                int own = release == null ? code.indexOf(entry.handler) : -1;
                NavigableSet<Integer> covered = open.subSet(code.indexOf(entry.start), true,
                        code.indexOf(entry.end), false);
                boolean ownCovered = covered.remove(own);
                for (Integer at : covered) {
                    firstAt.put(at, entry);
                }
                covered.clear();
                if (ownCovered) {
                    open.add(own);
                }
            }
        }
        for (TryCatchBlockNode entry : table) {
            TryCatchBlockNode first = firstAt.get(code.indexOf(entry.handler));
            if (first != null) {
                firstCatchAll.put(entry, first);
            }
        }
    }

    /** Notes the trampoline that now enters {@code handler}, from its entry to {@code end}. */
    void cover(TryCatchBlockNode handler, LabelNode end) {
        trampolines.add(new Trampoline(handler, handler.handler, end));
    }

    /**
     * The entries to append to the method's table, once every handler enters through its trampoline: one at most
     * per trampoline. The table's length is two bytes, and ASM writes it without a check, but it cannot overflow: every
     * entry has a trampoline of at least six bytes of code, so a method that still fits its 64 kB has fewer than
     * 11,000 entries, and fewer than 22,000 with these.
     */
    List<TryCatchBlockNode> entries() {
        List<TryCatchBlockNode> all = new ArrayList<>();
        for (Trampoline t : trampolines) {
            LabelNode cover = coverOf(t.handler);
            if (cover != null) {
                all.add(new TryCatchBlockNode(t.entry, t.end, cover, null));
            }
        }
        return all;
    }

    /**
     * Where what the trampoline entering {@code handler} throws goes: a release of its own, when javac's release is
     * the first handler catching everything at the handler's first instruction; otherwise that handler's own
     * trampoline, if following such handlers comes to a release; null where nothing can cover it.
     */
    private LabelNode coverOf(TryCatchBlockNode handler) {
        TryCatchBlockNode first = firstCatchAll.get(handler);
        if (first == null) {
            return null;
        }
        Release release = releases.get(first);
        if (release != null) {
            return releasing(release);
        }
        return reachesRelease(first) ? first.handler : null;
    }

    /** Follows {@link #firstCatchAll} from {@code from} once, remembering the answer for every entry on the way. */
    private boolean reachesRelease(TryCatchBlockNode from) {
        Map<TryCatchBlockNode, Boolean> path = new IdentityHashMap<>();
        TryCatchBlockNode at = from;
        Boolean answer = null;
        while (answer == null) {
            if (at == null || path.containsKey(at)) {
                answer = false;
            } else if (reaches.containsKey(at)) {
                answer = reaches.get(at);
            } else if (releases.containsKey(at)) {
                answer = true;
            } else {
                path.put(at, Boolean.TRUE);
                at = firstCatchAll.get(at);
            }
        }
        for (TryCatchBlockNode on : path.keySet()) {
            reaches.put(on, answer);
        }
        return answer;
    }

    /** The entry of the trampolines' release of {@code release}'s monitor, made once. */
    private LabelNode releasing(Release release) {
        return releasing.computeIfAbsent(release, r -> {
            LabelNode rethrow = new LabelNode();
            code.insertBefore(r.reload, rethrow);
            if (r.entryFrame != null && !r.framedReload) {
                code.insertBefore(r.reload, afterStore(r.entryFrame, r.exception));
            }
            LabelNode entry = new LabelNode();
            code.add(entry);
            if (r.entryFrame != null) {
                code.add(copy(r.entryFrame));
            }
            code.add(new VarInsnNode(Opcodes.ASTORE, r.exception));
            code.add(new VarInsnNode(Opcodes.ALOAD, r.lock));
            code.add(new InsnNode(Opcodes.MONITOREXIT));
            code.add(new JumpInsnNode(Opcodes.GOTO, rethrow));
            return entry;
        });
    }

    /** The handler at {@code at}, if it is javac's end of a {@code synchronized} block; null otherwise. */
    private static Release release(LabelNode at) {
        FrameNode entryFrame = null;
        FrameNode rethrowFrame = null;
        AbstractInsnNode[] insns = new AbstractInsnNode[5];
        int n = 0;
        for (AbstractInsnNode insn = at; insn != null && n < insns.length; insn = insn.getNext()) {
            if (insn instanceof FrameNode f) {
                if (n == 0) {
                    entryFrame = f;
                } else if (n == 3) {
                    rethrowFrame = f;
                }
            } else if (insn.getOpcode() >= 0) {
                insns[n++] = insn;
            }
        }
        if (n < insns.length
                || !(insns[0] instanceof VarInsnNode store && store.getOpcode() == Opcodes.ASTORE)
                || !(insns[1] instanceof VarInsnNode lock && lock.getOpcode() == Opcodes.ALOAD)
                || insns[2].getOpcode() != Opcodes.MONITOREXIT
                || !(insns[3] instanceof VarInsnNode load && load.getOpcode() == Opcodes.ALOAD && load.var == store.var)
                || insns[4].getOpcode() != Opcodes.ATHROW
                || entryFrame != null && entryFrame.stack.size() != 1) {
            return null;
        }
        return new Release(store.var, lock.var, entryFrame, insns[3], rethrowFrame != null);
    }

    /** The handler's frame as it is once its first instruction stored the exception in {@code slot}. */
    private static FrameNode afterStore(FrameNode entry, int slot) {
        Object thrown = entry.stack.get(0);
        List<Object> locals = new ArrayList<>();
        int at = 0;
        for (Object type : entry.local) {
            int size = type == Opcodes.LONG || type == Opcodes.DOUBLE ? 2 : 1;
            if (slot == at) {
                locals.add(thrown);
                if (size == 2) {
                    locals.add(Opcodes.TOP);
                }
            } else if (slot == at + 1 && size == 2) {
                // A store into a long's or double's second slot leaves its first unusable.
                locals.add(Opcodes.TOP);
                locals.add(thrown);
            } else {
                locals.add(type);
            }
            at += size;
        }
        for (; at <= slot; at++) {
            locals.add(at == slot ? thrown : Opcodes.TOP);
        }
        return new FrameNode(Opcodes.F_NEW, locals.size(), locals.toArray(), 0, new Object[0]);
    }

    private static FrameNode copy(FrameNode frame) {
        return new FrameNode(Opcodes.F_NEW, frame.local.size(), frame.local.toArray(), frame.stack.size(),
                frame.stack.toArray());
    }
}
