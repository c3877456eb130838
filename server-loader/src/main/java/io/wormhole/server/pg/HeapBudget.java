package io.wormhole.server.pg;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The Java heap a call may hold ({@code wormhole.call_memory_limit}), and the heap a call grew, given back after it.
 *
 * <p>What a call holds is the growth of the heap in use beyond what the backend held before it (the live heap after
 * the last collection that gave memory back). It is weighed about every {@link #TICK_MILLIS} ms while a call runs:
 * the host's heap thread raises {@link Backend}'s poll flag, and the next poll of shipped code reads the heap's two
 * counters; the method's return weighs it once more. Garbage counts in the heap in use until a collection, so a call
 * that seems over its limit is first collected, on the main thread inside the call; it fails only if what is still
 * live is over. (Counting the bytes the thread allocates would need {@code java.management}, whose start costs a
 * backend 170–240 ms.)
 *
 * <p>The serial collector shrinks the heap only at a full collection. After a call that grew the committed heap by
 * more than {@link #RECLAIM_GROWTH}, the heap thread runs one while the main thread is back in PostgreSQL: the
 * response is not delayed, and an idle backend returns to near its idle size. A call that starts during that
 * collection waits for it at its first step into Java.
 *
 * <p>The heap thread is a Java thread, not the host's watchdog: a JNI call from the watchdog made while the JVM
 * exits ({@code System.exit} in trusted code) would block it for good. Like the watchdog, it ticks only while calls
 * come and sleeps after a second without one, so an idle backend costs no wake-ups.
 */
public final class HeapBudget {
    static final long RECLAIM_GROWTH = 32L << 20;
    private static final long TICK_MILLIS = 50;
    private static final int TICKS_BEFORE_SLEEP = (int) (1000 / TICK_MILLIS);
    /** Room left under the limit before the next collection, so that a call near its limit does not collect at every check. */
    private static final long MIN_SLACK = 16L << 20;

    private static final Runtime RUNTIME = Runtime.getRuntime();
    private static final Object WAKE = new Object();
    private static volatile boolean asleep;
    private static volatile boolean reclaimRequested;
    /** Whether a call runs: the heap's size is then no measure of what a collection leaves. */
    private static volatile boolean inCall;
    /** Counts calls, so that the heap thread weighs a call that spans its looks, not a run of short ones. Only the main thread writes it. */
    private static volatile int callNumber;
    /** Whether the running call has a limit: only then does the heap thread make it weigh its heap. */
    private static volatile boolean limited;
    private static volatile long committedAfterReclaim;
    private static volatile long liveAfterReclaim;

    private static long limit;
    private static long heldAtStart;
    private static long collectAbove;
    private static boolean exceeded;

    private HeapBudget() {}

    /** Starts the heap thread; called once, on the main thread, while PostgreSQL's signals are blocked. */
    static void start() {
        committedAfterReclaim = RUNTIME.totalMemory();
        liveAfterReclaim = inUse();
        Thread heap = new Thread(HeapBudget::heapThread, "wormhole-heap");
        heap.setDaemon(true);
        heap.start();
    }

    /**
     * A call begins: its limit ({@code wormhole.call_memory_limit} in bytes as the setting stands now, 0 for none),
     * and the heap in use it is measured from. The last call's garbage may still be in use (the heap thread may not
     * have collected yet): it must not raise the allowance.
     */
    static void startCall(long callMemoryLimit) {
        limit = callMemoryLimit;
        heldAtStart = Math.min(inUse(), liveAfterReclaim);
        collectAbove = limit == 0 ? Long.MAX_VALUE : heldAtStart + limit;
        exceeded = false;
        limited = limit != 0;
        callNumber++;
        inCall = true;
        wakeIfAsleep();
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

    /** The call is over: if it grew the heap, the heap thread gives the growth back. */
    static void endCall() {
        inCall = false;
        if (RUNTIME.totalMemory() - committedAfterReclaim > RECLAIM_GROWTH) {
            reclaimRequested = true;
            wakeIfAsleep();
        }
    }

    private static void wakeIfAsleep() {
        if (asleep) {
            synchronized (WAKE) {
                WAKE.notify();
            }
        }
    }

    private static long inUse() {
        return RUNTIME.totalMemory() - RUNTIME.freeMemory();
    }

    private static void heapThread() {
        int idleTicks = 0;
        int lastCall = 0;
        while (true) {
            int call = callNumber;
            if (inCall) {
                idleTicks = 0;
                if (call == lastCall && limited) {
                    Backend.weighHeap();
                }
            } else if (reclaimRequested) {
                reclaimRequested = false;
                reclaim();
            } else if (call != lastCall) {
                idleTicks = 0;
            } else if (++idleTicks >= TICKS_BEFORE_SLEEP) {
                if (!sleepUntilCalled()) {
                    return;
                }
                idleTicks = 0;
                continue;
            }
            lastCall = call;
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS));
        }
    }

    private static void reclaim() {
        System.gc();
        long committed = RUNTIME.totalMemory();
        long live = inUse();
        // A call that began meanwhile may have grown the heap again: keep the last clean figures then.
        if (!inCall) {
            committedAfterReclaim = committed;
            liveAfterReclaim = live;
        }
    }

    /** Waits for the next call or reclaim request; false if the thread was interrupted (it then ends). */
    private static boolean sleepUntilCalled() {
        synchronized (WAKE) {
            asleep = true;
            try {
                while (!inCall && !reclaimRequested) {
                    WAKE.wait();
                }
            } catch (InterruptedException e) {
                return false;
            } finally {
                asleep = false;
            }
        }
        return true;
    }
}
