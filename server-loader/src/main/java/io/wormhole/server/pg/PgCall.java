package io.wormhole.server.pg;

import java.sql.SQLException;

/** Work that must run on the backend's main thread. */
@FunctionalInterface
public interface PgCall<T> {
    T call() throws SQLException;
}
