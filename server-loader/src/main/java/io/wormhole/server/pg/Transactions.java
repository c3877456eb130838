package io.wormhole.server.pg;

import java.sql.SQLException;

/** What the host's C side tells about the caller's transaction and the call records it may remove. */
public final class Transactions {
    private Transactions() {}

    /** Whether the caller's transaction has written anything so far (PostgreSQL gave it a transaction id). */
    public static boolean wrote() throws SQLException {
        return Backend.onMain(Bridge::transactionWrote);
    }

    /**
     * The Unix time in milliseconds before which call records are past {@code wormhole.call_outcome_retention} and
     * may be removed; from then on the server answers "unknown" for calls made before it.
     */
    public static long outcomeCutoff() throws SQLException {
        return Backend.onMain(Bridge::outcomeCutoff);
    }
}
