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
            boolean disarmed = false;
            try {
                return statement.call();
            } catch (PgException e) {
                disarmed = true;
                if (Bridge.disarmTimeout()) {
                    throw new QueryTimeoutException(e);
                }
                throw e;
            } finally {
                // Whatever else ended the statement (an OutOfMemoryError out of the native, say), the timeout must
                // not fire into a later one; the host disarms it at the call's end too.
                if (!disarmed) {
                    Bridge.disarmTimeout();
                }
            }
        });
    }
}
