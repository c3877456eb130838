package io.wormhole;

/**
 * An exception thrown by remote code whose class the caller does not have. It keeps what the remote exception
 * said: its class name, message, SQLSTATE and vendor code (for a {@code SQLException}), cause chain and stack trace.
 */
public class RemoteExecutionException extends RuntimeException {
    private final String remoteClassName;
    private final String sqlState;
    private final int vendorCode;

    public RemoteExecutionException(String remoteClassName, String message, String sqlState, int vendorCode,
            Throwable cause) {
        super(message, cause);
        this.remoteClassName = remoteClassName;
        this.sqlState = sqlState;
        this.vendorCode = vendorCode;
    }

    /** The binary name of the exception's class on the server. */
    public String remoteClassName() {
        return remoteClassName;
    }

    /** The SQLSTATE when the remote exception was a {@code SQLException}, else {@code null}. */
    public String sqlState() {
        return sqlState;
    }

    /** The vendor code when the remote exception was a {@code SQLException}, else 0. */
    public int vendorCode() {
        return vendorCode;
    }

    /** Names the remote class first: it is what a reader of a stack trace is looking for. */
    @Override
    public String toString() {
        String state = sqlState == null ? "" : " (SQLSTATE " + sqlState + ")";
        String message = getLocalizedMessage();
        return getClass().getName() + ": " + remoteClassName + state + (message == null ? "" : ": " + message);
    }
}
