package io.wormhole.server.pg;

import java.nio.ByteBuffer;

/**
 * The natives that reach into PostgreSQL, registered by the host ({@code server-loader/native/bridge.c}) with
 * {@code RegisterNatives} when the JVM starts. Every one of them (but {@link #interruptPending()},
 * {@link #stackLeft()}, {@link #hostLimits()} and {@link #maxHeap()}) refuses to run on any thread
 * other than the backend's main thread, outside a call, or with too little stack left for {@code max_stack_depth}:
 * call them only through {@link Backend#onMain}.
 *
 * <p>A failed statement throws {@link PgException}. The call's statements run in no subtransaction of their own, as
 * pgJDBC's do outside auto-commit: a failure rolls back the innermost savepoint (or the call's own subtransaction),
 * and every statement after it fails with 25P02 until the code rolls back to a savepoint. The host's own statements
 * run in an internal subtransaction each. Byte layouts of parameters and results are described in {@link SpiResult} and
 * {@link Params}.
 */
final class Bridge {
    private Bridge() {}

    /**
     * Parses and plans the UTF-8 text {@code sqlUtf8} (which uses {@code $n} placeholders) and keeps the plan. {@code paramTypes}
     * holds one type OID per parameter, 0 where PostgreSQL should infer it, as in the extended protocol's Parse.
     * {@code asHost}: a statement of the host's own, parsed, planned and later run with {@code search_path} set to
     * {@code pg_catalog, pg_temp} and as the role {@code wormhole_host} (never as the caller).
     */
    static native long prepare(byte[] sqlUtf8, int[] paramTypes, boolean asHost) throws PgException;

    /** The parameter type OIDs of a prepared plan, inferred ones included. */
    static native int[] paramTypes(long plan);

    static native void freePlan(long plan);

    /**
     * Runs a plan to completion (at most {@code maxRows} rows, 0 for all), as the calling role or, for a plan
     * prepared as host (and only for one), as host. {@code knownColumns} is the id of the plan's column description
     * the caller holds (0: none): when it is still the latest, the result refers to it instead of describing the
     * columns again (see {@link SpiResult}).
     */
    static native byte[] execute(long plan, byte[] params, int paramsLength, long maxRows, boolean asOwner,
            int knownColumns) throws PgException;

    /**
     * The shared buffer ({@link SharedBuffer}): native memory of the host's own that {@link #execute} reads its
     * parameters from when {@code params} is null, and writes a result that fits into, returning null.
     */
    static native ByteBuffer sharedBuffer();

    /** Opens a cursor on a plan and returns its name; null, having run nothing, when the plan returns no rows. */
    static native String openCursor(long plan, byte[] params) throws PgException;

    /** The next {@code count} rows of a cursor, in the result layout; fewer (or none) at the end. */
    static native byte[] fetch(String cursor, int count) throws PgException;

    static native void closeCursor(String cursor) throws PgException;

    /** Starts a subtransaction and returns its nesting level, to be passed to release or rollback. */
    static native int beginSubtransaction() throws PgException;

    static native void releaseSubtransaction(int level) throws PgException;

    static native void rollbackSubtransaction(int level) throws PgException;

    /**
     * {@code wormhole.max_bundle_classes}, {@code max_class_size}, {@code max_bundle_size} and
     * {@code max_result_size} in bytes, read from
     * the server's settings (never through SQL the caller could shadow).
     */
    static native long[] hostLimits();

    /**
     * Counts one call of the bundle with this hash (32 bytes), of the method the call shows, by the current role,
     * whether it failed and the nanoseconds it took, in the host's shared
     * memory: no SQL, no transaction, no lock the caller keeps.
     */
    static native void countCall(byte[] bundleHash, long nanos, boolean failed) throws PgException;

    /**
     * Runs a script of the host's statements (layout in {@link HostWrite}) in a transaction of their own, in a
     * background worker, and waits for it: the rows each statement processed, or {@code null} when nothing was
     * written (a hot standby, no free worker slot, a statement that failed or waited too long for a lock; the
     * server log says why).
     */
    static native long[] writeApart(byte[] script) throws PgException;

    /** {@code wormhole.max_heap} in bytes, as the setting stands now. */
    static native long maxHeap();

    /** Whether the transaction has an id (has written something); it only reads a variable. */
    static native boolean transactionWrote();

    /**
     * The Unix time in milliseconds below which call records may be removed now
     * ({@code wormhole.call_outcome_retention} ago); remembered in shared memory for the lookups.
     */
    static native long outcomeCutoff();

    /** Reads PostgreSQL's {@code InterruptPending} flag; safe on any thread (it only reads a flag). */
    static native boolean interruptPending();

    /**
     * Bytes of the main thread's stack shipped code may still use where this is called from (negative once it
     * reached the reserve kept for the JDK and the host); safe on any thread (another gets {@code Long.MAX_VALUE}).
     */
    static native long stackLeft();

    /**
     * Serves pending interrupts. Returns {@code true} when the call must stop (cancel, timeout, termination);
     * the host raises PostgreSQL's own error once the call has unwound.
     */
    static native boolean processInterrupts() throws PgException;

    /** Sends a message to the client at the given level: 0 NOTICE, 1 WARNING, 2 INFO, 3 LOG. */
    static native void notice(int level, byte[] messageUtf8) throws PgException;

    /** Arms the query timeout (Statement.setQueryTimeout) for the statement about to run. */
    static native void armTimeout(int millis);

    /** Disarms the query timeout; whether it failed the statement that ran. */
    static native boolean disarmTimeout();

    /**
     * Shows {@code textUtf8} as the backend's query in {@code pg_stat_activity} until the call ends, when the
     * statement that made the call shows again.
     */
    static native void reportActivity(byte[] textUtf8);
}
