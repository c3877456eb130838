package io.wormhole.server.call;

import io.wormhole.internal.SqlState;
import io.wormhole.server.pg.PgException;
import io.wormhole.wire.ValueException;
import java.sql.SQLException;

/**
 * How a failure leaves the backend: raised as a PostgreSQL ERROR with the SQLSTATE that says what went wrong, or sent
 * back in a form the client can rebuild.
 */
final class Failures {
    private Failures() {}

    /** The error a failure ends the statement with, when it is raised rather than sent back. */
    static PgException raised(Throwable t) {
        if (t instanceof PgException e) {
            return e;
        }
        if (t instanceof SQLException e && e.getSQLState() != null && e.getSQLState().length() == 5) {
            return new PgException(e.getMessage(), e.getSQLState());
        }
        String state;
        if (t instanceof StackOverflowError) {
            state = SqlState.STATEMENT_TOO_COMPLEX;
        } else if (t instanceof OutOfMemoryError) {
            state = SqlState.OUT_OF_MEMORY;
        } else if (t instanceof ValueException) {
            state = SqlState.INVALID_BINARY_REPRESENTATION;
        } else if (t instanceof ClassNotFoundException || t instanceof NoSuchMethodException
                || t instanceof LinkageError) {
            state = SqlState.UNDEFINED_FUNCTION;
        } else {
            state = SqlState.EXTERNAL_ROUTINE_EXCEPTION;
        }
        return new PgException("Java call failed: " + t, state);
    }

    /**
     * The failure as the client can rebuild it: a PostgreSQL error is a {@code PgException}, a class only the server
     * has, so it travels as the {@code SQLException} it is (message, SQLSTATE, frames, causes kept).
     */
    static Throwable portable(Throwable t) {
        if (!(t instanceof PgException pg)) {
            // A cause cannot be replaced once set: a PgException below another exception travels as a
            // RemoteExecutionException that keeps its SQLSTATE.
            return t;
        }
        SQLException plain = new SQLException(pg.getMessage(), pg.getSQLState(), portable(pg.getCause()));
        plain.setStackTrace(pg.getStackTrace());
        for (Throwable suppressed : pg.getSuppressed()) {
            plain.addSuppressed(portable(suppressed));
        }
        return plain;
    }
}
