package io.wormhole.server.pg;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

/**
 * The host's own writes (installing a bundle, the audit, a re-verification's verdict), run in a transaction of
 * their own by a background worker and committed before the call goes on: the caller's transaction keeps no lock
 * and no row of the host's, and its rollback does not undo them. The statements run as host, like
 * {@link Plan#prepareAsHost} ones, so their SQL must qualify every name.
 *
 * <p>Script layout handed to the native: int32 length and UTF-8 text saying what is written (for the server log),
 * int32 number of statements, then per statement int32 length and UTF-8 SQL, int32 number of parameter types and
 * their OIDs, int32 length and the parameters in the layout of {@link Params}.
 */
public final class HostWrite {
    private final ByteArrayOutputStream statements = new ByteArrayOutputStream();
    private final String what;
    private int count;

    /** A write described by {@code what} ("installing bundle ..."), as the server log will say it. */
    public HostWrite(String what) {
        this.what = what;
    }

    /** Adds a statement with {@code $n} placeholders, its parameter types and its {@link Params}. */
    public HostWrite statement(String sql, int[] paramTypes, byte[] params) {
        text(statements, sql);
        int32(statements, paramTypes.length);
        for (int type : paramTypes) {
            int32(statements, type);
        }
        int32(statements, params.length);
        statements.writeBytes(params);
        count++;
        return this;
    }

    /**
     * Runs the statements in one transaction of their own and returns the rows each processed, or {@code null}
     * when nothing was written: on a hot standby, with no free background worker slot, or when a statement failed
     * or waited longer than {@code wormhole.store_lock_timeout} for a lock (the server log says which).
     */
    public long[] run() throws SQLException {
        ByteArrayOutputStream script = new ByteArrayOutputStream(statements.size() + 64);
        text(script, what);
        int32(script, count);
        script.writeBytes(statements.toByteArray());
        byte[] bytes = script.toByteArray();
        return Backend.onMain(() -> Bridge.writeApart(bytes));
    }

    private static void text(ByteArrayOutputStream out, String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        int32(out, utf8.length);
        out.writeBytes(utf8);
    }

    private static void int32(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }
}
