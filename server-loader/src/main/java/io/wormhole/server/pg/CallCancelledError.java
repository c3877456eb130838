package io.wormhole.server.pg;

/**
 * Thrown into Java code when PostgreSQL asked the call to stop (cancel, {@code statement_timeout}, backend
 * termination). An {@link Error} so that ordinary {@code catch (Exception e)} blocks let it pass; once the call has
 * unwound, the host lets PostgreSQL raise the real error (SQLSTATE 57014, or FATAL for termination).
 */
public final class CallCancelledError extends Error {
    public CallCancelledError() {
        super("canceling statement: PostgreSQL asked this call to stop", null, false, false);
    }
}
