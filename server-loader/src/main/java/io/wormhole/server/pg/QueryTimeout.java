package io.wormhole.server.pg;

import java.sql.SQLException;

/**
 * Runs one statement on the main thread under a time limit, as {@code Statement.setQueryTimeout} asks: past it,
 * PostgreSQL cancels the statement, which fails with SQLSTATE 57014 like pgJDBC's timeout, and the call goes on
 * (unlike a cancel from PostgreSQL itself, which stops the call).
 */
final class QueryTimeout {
    private QueryTimeout() {}

    static <T> T run(int millis, PgCall<T> statement) throws SQLException {
        if (millis <= 0) {
            return Backend.onMain(statement);
        }
        return Backend.onMain(() -> {
            Bridge.armTimeout(millis);
            T result;
            try {
                result = statement.call();
            } catch (PgException e) {
                if (Bridge.disarmTimeout()) {
                    throw new QueryTimeoutException(e);
                }
                throw e;
            }
            Bridge.disarmTimeout();
            return result;
        });
    }
}
