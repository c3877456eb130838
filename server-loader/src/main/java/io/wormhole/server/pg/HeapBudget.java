package io.wormhole.server.pg;

/**
 * The Java heap a call may hold ({@code wormhole.call_memory_limit}), and the heap a call grew, given back after it.
 *
 * <p>What a call holds is the growth of the heap in use beyond what the backend held before it (the live heap after
 * the last collection that gave memory back). The check runs when the host's watchdog
 * raises the poll flag (about every 10 ms while a call runs) and when the method returns: two cheap reads of the
 * heap's counters. Garbage counts in the heap in use until a collection, so a call that seems over its limit is
 * first collected, on the main thread inside the call; it fails only if what is still live is over. (Counting the
 * bytes the thread allocates would need {@code java.management}, whose start costs a backend 170–240 ms.)
 *
 * <p>The serial collector shrinks the heap only at a full collection. After a call that grew the committed heap by
 * more than {@link #RECLAIM_GROWTH}, a daemon thread of the host runs one while the main thread is back in
 * PostgreSQL: the response is not delayed, and an idle backend returns to near its idle size. A call that starts
 * during that collection waits for it at its first step into Java.
 */
public final class HeapBudget {
    static final long RECLAIM_GROWTH = 32L << 20;
    /** Room left under the limit before the next collection, so that a call near its limit does not collect at every check. */
    private static final long MIN_SLACK = 16L << 20;

    private static final Runtime RUNTIME = Runtime.getRuntime();
    private static final Object RECLAIM = new Object();
    private static boolean reclaimRequested;
    private static volatile long committedAfterReclaim;
    /** The heap in use after the last collection that gave memory back: what the backend itself holds, about. */
    private static volatile long liveAfterReclaim;

    /** Whether a call runs: the heap's size is then no measure of what a collection leaves. */
    private static volatile boolean inCall;
    private static long limit;
    private static long heldAtStart;
    private static long collectAbove;
    private static boolean exceeded;

    private HeapBudget() {}

    /** Starts the thread that gives heap back; called once, on the main thread, while PostgreSQL's signals are blocked. */
    static void start() {
        committedAfterReclaim = RUNTIME.totalMemory();
        liveAfterReclaim = inUse();
        Thread reclaimer = new Thread(HeapBudget::reclaimLoop, "wormhole-heap-reclaimer");
        reclaimer.setDaemon(true);
        reclaimer.start();
    }

    /**
     * A call begins: its limit as the setting stands now, and the heap in use it is measured from. The last call's
     * garbage may still be in use (the reclaimer may not have run yet): it must not raise the call's allowance.
     */
    static void startCall() {
        inCall = true;
        limit = Bridge.callMemoryLimit();
        heldAtStart = Math.min(inUse(), liveAfterReclaim);
        collectAbove = limit == 0 ? Long.MAX_VALUE : heldAtStart + limit;
        exceeded = false;
    }

    /** Whether the call holds more than its limit; collects first if garbage may account for the difference. */
    static boolean overLimit() {
        if (inUse() <= collectAbove) {
            return false;
        }
        System.gc();
        long live = inUse();
        long allowed = heldAtStart + limit;
        if (live > allowed) {
            exceeded = true;
            return true;
        }
        collectAbove = live + Math.max((allowed - live) / 2, MIN_SLACK);
        return false;
    }

    /** Whether the call was stopped for holding more than {@code wormhole.call_memory_limit}. */
    public static boolean exceeded() {
        return exceeded;
    }

    /** The limit in force for the current call, in bytes. */
    public static long limit() {
        return limit;
    }

    /** {@code wormhole.max_heap} in bytes: what a backend's calls may hold at most, together. */
    public static long maxHeap() {
        return Bridge.maxHeap();
    }

    /** The call is over: if it grew the heap, the reclaimer gives the growth back. */
    static void endCall() {
        inCall = false;
        if (RUNTIME.totalMemory() - committedAfterReclaim > RECLAIM_GROWTH) {
            synchronized (RECLAIM) {
                reclaimRequested = true;
                RECLAIM.notify();
            }
        }
    }

    private static long inUse() {
        return RUNTIME.totalMemory() - RUNTIME.freeMemory();
    }

    private static void reclaimLoop() {
        while (true) {
            synchronized (RECLAIM) {
                while (!reclaimRequested) {
                    try {
                        RECLAIM.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                reclaimRequested = false;
            }
            System.gc();
            // A call that began meanwhile may have grown the heap again: keep the last clean figures then.
            long committed = RUNTIME.totalMemory();
            long live = inUse();
            if (!inCall) {
                committedAfterReclaim = committed;
                liveAfterReclaim = live;
            }
        }
    }
}
