package io.wormhole.server.pg;

/** A statement that ran past its query timeout: it failed, the call it belongs to goes on. */
public final class QueryTimeoutException extends PgException {
    QueryTimeoutException(PgException cancelled) {
        super(cancelled.getMessage(), cancelled.getSQLState(), cancelled.getDetail(), cancelled.getHint(), 0);
    }
}
