package io.wormhole.server.pg;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A one-slot hand-off between the backend's main thread and the call's worker. The receiver spins briefly, then
 * yields for a while, before parking: a statement round trip through the main thread usually completes within the
 * spin, which keeps the cost of a hand-off near a cache-line transfer instead of a futex wake-up. The yielding
 * phase matters on small machines: the kernel tends to wake a parked thread on its waker's CPU, and a waker that
 * spun there would keep the thread it waits for off that CPU for a whole time slice (measured: calls after an idle
 * spell took 1.9 ms instead of 0.1 ms on 2 cores). The worker waits for the next call parked from the start
 * ({@link #takeParked()}): a call follows a network round trip, and a worker yielding through it only takes CPU from
 * the client and the other backends. It costs one wake-up per call (about 10 µs on a 2-vCPU VM); on that machine
 * the one-lookup call's median moved between 60 and 200 µs from run to run whichever way the worker waited.
 */
final class Mailbox {
    private static final int SPINS = Integer.getInteger("wormhole.handoff.spins", 200);
    private static final long YIELD_NANOS = Long.getLong("wormhole.handoff.yield_micros", 200) * 1000;

    private static final long WATCH_NANOS = 1_000_000;

    private final AtomicReference<Object> slot = new AtomicReference<>();
    private volatile Thread waiter;

    void put(Object message) {
        if (!slot.compareAndSet(null, message)) {
            throw new IllegalStateException("hand-off slot already full");
        }
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    Object take() {
        return take(null);
    }

    /**
     * Waits parked from the start, for messages that follow a network round trip (the worker waiting for the next
     * call): spinning or yielding there would only take CPU from the client and the other backends.
     */
    Object takeParked() {
        return park(null);
    }

    /**
     * Like {@link #take()}, running {@code whileParked} every millisecond while parked (and after every signal,
     * which wakes a parked thread too).
     */
    Object take(Runnable whileParked) {
        for (int i = 0; i < SPINS; i++) {
            // Read before writing: spinning on a plain read keeps the cache line shared until the message lands.
            if (slot.get() != null) {
                return slot.getAndSet(null);
            }
            Thread.onSpinWait();
        }
        for (long end = System.nanoTime() + YIELD_NANOS; System.nanoTime() < end; ) {
            if (slot.get() != null) {
                return slot.getAndSet(null);
            }
            Thread.yield();
        }
        return park(whileParked);
    }

    private Object park(Runnable whileParked) {
        waiter = Thread.currentThread();
        try {
            while (true) {
                Object m = slot.getAndSet(null);
                if (m != null) {
                    return m;
                }
                if (whileParked == null) {
                    LockSupport.park(this);
                } else {
                    LockSupport.parkNanos(this, WATCH_NANOS);
                    whileParked.run();
                }
            }
        } finally {
            waiter = null;
        }
    }
}
