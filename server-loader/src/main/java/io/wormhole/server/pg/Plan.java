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
    private final boolean asHost;
    private boolean closed;

    private Plan(long handle, int[] paramTypes, boolean asHost) {
        this.handle = handle;
        this.paramTypes = paramTypes;
        this.asHost = asHost;
    }

    /**
     * Prepares {@code sql} ({@code $n} placeholders). {@code paramTypes} has a type OID per parameter, 0 where
     * PostgreSQL should infer it; the plan's {@link #paramTypes()} holds the inferred ones.
     */
    public static Plan prepare(String sql, int... paramTypes) throws SQLException {
        return prepare(sql, paramTypes, false);
    }

    /**
     * Prepares one of the host's own statements (bundle store, audit, settings, statistics), parsed and planned
     * as the role {@code wormhole_host} with {@code search_path = pg_catalog, pg_temp}: no object of the calling
     * role can stand in for a name in it. Run it with {@link #executeAsHost}; never reachable from shipped code.
     */
    public static Plan prepareAsHost(String sql, int... paramTypes) throws SQLException {
        return prepare(sql, paramTypes, true);
    }

    private static Plan prepare(String sql, int[] paramTypes, boolean asHost) throws SQLException {
        return Backend.onMain(() -> {
            long h = Bridge.prepare(sql.getBytes(StandardCharsets.UTF_8), paramTypes, asHost);
            return new Plan(h, Bridge.paramTypes(h), asHost);
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
        checkOpen(false);
        return new SpiResult(QueryTimeout.run(timeoutMillis, () -> Bridge.execute(handle, params, maxRows, false)));
    }

    /**
     * Runs a plan of {@link #prepareAsHost} as the role {@code wormhole_host}, which owns the server's tables
     * (bundles, audit, allowlist) and nothing else, with {@code search_path = pg_catalog, pg_temp}.
     */
    public SpiResult executeAsHost(byte[] params) throws SQLException {
        checkOpen(true);
        return new SpiResult(Backend.onMain(() -> Bridge.execute(handle, params, 0, true)));
    }

    /**
     * Opens a cursor that streams the plan's rows in fetches, each (and the opening) cancelled after
     * {@code timeoutMillis} (0: no limit).
     */
    public Cursor open(byte[] params, int timeoutMillis) throws SQLException {
        checkOpen(false);
        return new Cursor(QueryTimeout.run(timeoutMillis, () -> Bridge.openCursor(handle, params)), timeoutMillis);
    }

    /** A plan runs only as it was prepared: the host's as the host, the caller's as the caller. */
    private void checkOpen(boolean host) throws SQLException {
        if (closed) {
            throw new PgException("this plan has been freed", "55000");
        }
        if (host != asHost) {
            throw new IllegalStateException("a plan prepared " + (asHost ? "as the host" : "as the caller")
                    + " must run the same way");
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
