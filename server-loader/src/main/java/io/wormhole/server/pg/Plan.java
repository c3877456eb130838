package io.wormhole.server.pg;

import io.wormhole.internal.SqlState;
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
    /** The columns of the last result and the id the natives gave them: they describe them again only on change. */
    private SpiResult.Columns columns;
    private int columnsId;

    private Plan(long handle, int[] paramTypes) {
        this.handle = handle;
        this.paramTypes = paramTypes;
    }

    /**
     * Prepares {@code sql} ({@code $n} placeholders). {@code paramTypes} has a type OID per parameter, 0 where
     * PostgreSQL should infer it; the plan's {@link #paramTypes()} holds the inferred ones.
     */
    public static Plan prepare(String sql, int... paramTypes) throws SQLException {
        return prepare(sql, false, paramTypes);
    }

    /**
     * Prepares a statement of the host's own (bundle store, audit, allowlist): parsed, planned and run with
     * {@code search_path} set to {@code pg_catalog, pg_temp} and as the role {@code wormhole_host}, so nothing of the
     * caller's is resolved by it. Its SQL must still qualify every name. Run it with {@link #executeAsHost}.
     */
    public static Plan prepareAsHost(String sql, int... paramTypes) throws SQLException {
        return prepare(sql, true, paramTypes);
    }

    private static Plan prepare(String sql, boolean asHost, int... paramTypes) throws SQLException {
        return Backend.onMain(() -> {
            long h = Bridge.prepare(sql.getBytes(StandardCharsets.UTF_8), paramTypes, asHost);
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
        if (timeoutMillis > 0) {
            return described(QueryTimeout.run(timeoutMillis,
                    () -> SharedBuffer.execute(handle, params, maxRows, false, columnsId)));
        }
        Backend.enter(); // not onMain: see Backend.enter
        try {
            return described(SharedBuffer.execute(handle, params, maxRows, false, columnsId));
        } catch (SQLException e) {
            throw Backend.failed(e);
        }
    }

    /** Runs a plan {@linkplain #prepareAsHost prepared as host}. Never reachable from shipped code. */
    public SpiResult executeAsHost(byte[] params) throws SQLException {
        checkOpen();
        return described(Backend.onMain(() -> SharedBuffer.execute(handle, params, 0, true, columnsId)));
    }

    /**
     * Opens a cursor that streams the plan's rows in fetches, each (and the opening) cancelled after
     * {@code timeoutMillis} (0: no limit); null, having run nothing, when the plan returns no rows (a utility
     * statement, {@code DO}, a script of several statements), which must then be executed instead.
     */
    public Cursor open(byte[] params, int timeoutMillis) throws SQLException {
        checkOpen();
        String name = QueryTimeout.run(timeoutMillis, () -> Bridge.openCursor(handle, params));
        return name == null ? null : new Cursor(name, timeoutMillis);
    }

    private SpiResult described(byte[] data) {
        SpiResult result = new SpiResult(data, columns);
        if (result.descriptionId() > 0) {
            columns = result.description();
            columnsId = result.descriptionId();
        }
        return result;
    }

    /** Whether the plan may still run: not freed (a cache frees the plans it evicts). */
    public boolean isOpen() {
        return !closed;
    }

    private void checkOpen() throws SQLException {
        if (closed) {
            throw new PgException("this plan has been freed", SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE);
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
