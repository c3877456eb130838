package io.wormhole.server.pg;

import io.wormhole.internal.SqlState;
import java.sql.SQLException;

/** An open SPI cursor: rows arrive a fetch at a time, so a large result runs in bounded memory. */
public final class Cursor implements AutoCloseable {
    private final String name;
    private final int timeoutMillis;
    private boolean closed;

    Cursor(String name, int timeoutMillis) {
        this.name = name;
        this.timeoutMillis = timeoutMillis;
    }

    /** The next {@code count} rows; fewer, or none, once the result is exhausted. */
    public SpiResult fetch(int count) throws SQLException {
        if (closed) {
            throw new PgException("cursor " + name + " is closed", SqlState.INVALID_CURSOR_NAME);
        }
        return new SpiResult(QueryTimeout.run(timeoutMillis, () -> Bridge.fetch(name, count)));
    }

    @Override
    public void close() throws SQLException {
        if (!closed) {
            closed = true;
            Backend.onMain(() -> {
                Bridge.closeCursor(name);
                return null;
            });
        }
    }
}
