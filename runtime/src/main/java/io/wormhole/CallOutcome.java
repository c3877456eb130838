package io.wormhole;

/**
 * What became of a {@code @Remote} call, as the server knows it: see {@link Wormhole#outcome(javax.sql.DataSource,
 * java.util.UUID)}.
 */
public enum CallOutcome {
    /** The call returned and its work committed: do not run it again. */
    COMMITTED,
    /**
     * Nothing of the call is committed, nor ever will be: it rolled back, never reached the server, or wrote nothing.
     * Running it again is safe.
     */
    NOT_COMMITTED,
    /**
     * A backend still runs the call, or its transaction has not ended (a backend that has not yet noticed its client
     * is gone, say): ask again later.
     */
    IN_PROGRESS,
    /** The server no longer knows: the call is older than {@code wormhole.call_outcome_retention}. */
    UNKNOWN
}
