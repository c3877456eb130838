package io.wormhole.server.pg;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

/**
 * A statement PostgreSQL has parsed and planned, kept for the life of the backend (PostgreSQL's plan cache
 * revalidates it after schema changes). Free it with {@link #close()} when it leaves the caller's cache.
 */
public final class Plan implements AutoCloseable {
    private final long handle;
    private final int[] paramTypes;
    private boolean closed;

    private Plan(long handle, int[] paramTypes) {
        this.handle = handle;
        this.paramTypes = paramTypes;
    }

    /**
     * Prepares {@code sql} ({@code $n} placeholders). {@code paramTypes} has a type OID per parameter, 0 where
     * PostgreSQL should infer it; the plan's {@link #paramTypes()} holds the inferred ones.
     */
    public static Plan prepare(String sql, int... paramTypes) throws SQLException {
        return Backend.onMain(() -> {
            long h = Bridge.prepare(sql.getBytes(StandardCharsets.UTF_8), paramTypes);
            return new Plan(h, Bridge.paramTypes(h));
        });
    }

    public int[] paramTypes() {
        return paramTypes.clone();
    }

    /** Runs the plan with {@code params} (see {@link Params}); {@code maxRows} 0 means all rows. */
    public SpiResult execute(byte[] params, long maxRows) throws SQLException {
        return execute(params, maxRows, 0);
    }

    /** Like {@link #execute(byte[], long)}, cancelled after {@code timeoutMillis} (0: no limit). */
    public SpiResult execute(byte[] params, long maxRows, int timeoutMillis) throws SQLException {
        checkOpen();
        return new SpiResult(QueryTimeout.run(timeoutMillis, () -> Bridge.execute(handle, params, maxRows, false)));
    }

    /**
     * Runs the plan as the bootstrap superuser, for the server's own tables (bundles, audit, allowlist), as a
     * {@code SECURITY DEFINER} function would. Never reachable from shipped code.
     */
    public SpiResult executeAsOwner(byte[] params) throws SQLException {
        checkOpen();
        return new SpiResult(Backend.onMain(() -> Bridge.execute(handle, params, 0, true)));
    }

    /**
     * Opens a cursor that streams the plan's rows in fetches, each (and the opening) cancelled after
     * {@code timeoutMillis} (0: no limit).
     */
    public Cursor open(byte[] params, int timeoutMillis) throws SQLException {
        checkOpen();
        return new Cursor(QueryTimeout.run(timeoutMillis, () -> Bridge.openCursor(handle, params)), timeoutMillis);
    }

    private void checkOpen() throws SQLException {
        if (closed) {
            throw new PgException("this plan has been freed", "55000");
        }
    }

    @Override
    public void close() throws SQLException {
        if (!closed) {
            closed = true;
            Backend.onMain(() -> {
                Bridge.freePlan(handle);
                return null;
            });
        }
    }
}
