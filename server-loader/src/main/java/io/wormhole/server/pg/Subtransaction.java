package io.wormhole.server.pg;

import io.wormhole.internal.SqlState;
import java.sql.SQLException;

/**
 * An internal subtransaction (what a JDBC savepoint is here). They nest; each must be released or rolled back
 * before the one that encloses it, which the host checks.
 */
public final class Subtransaction {
    private final int level;
    private boolean ended;

    private Subtransaction(int level) {
        this.level = level;
    }

    public static Subtransaction begin() throws SQLException {
        return new Subtransaction(Backend.onMain(Bridge::beginSubtransaction));
    }

    public int level() {
        return level;
    }

    /** Releases it; when a failed statement rolled it back (25P02), it stays to be rolled back. */
    public void release() throws SQLException {
        checkOpen();
        Backend.enter(); // not onMain: see Backend.enter
        try {
            Bridge.releaseSubtransaction(level);
        } catch (SQLException e) {
            throw Backend.failed(e);
        }
        ended = true;
    }

    public void rollback() throws SQLException {
        checkOpen();
        ended = true;
        Backend.enter(); // not onMain: see Backend.enter
        try {
            Bridge.rollbackSubtransaction(level);
        } catch (SQLException e) {
            throw Backend.failed(e);
        }
    }

    private void checkOpen() throws SQLException {
        if (ended) {
            throw new PgException("subtransaction " + level + " has already ended",
                    SqlState.INVALID_SAVEPOINT_SPECIFICATION);
        }
    }
}
