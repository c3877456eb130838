package io.wormhole.agent.invoke;

import io.wormhole.internal.CallContext;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;

/**
 * A {@code @Remote} method run in the client (local mode) with what the server gives it: its connection bound to
 * {@code Wormhole.connection()}, and atomicity — in the caller's transaction behind a savepoint, or in a
 * transaction of its own under auto-commit — so that a method that throws leaves nothing behind, as remotely.
 * Public because woven application classes call it.
 */
public final class LocalCall {
    private final Connections.Lease lease;
    private final Connection connection;
    private final CallContext.Scope scope;
    private final boolean ownTransaction;
    private final Savepoint savepoint;

    private LocalCall(Connections.Lease lease) throws SQLException {
        this.lease = lease;
        this.connection = lease.connection();
        this.ownTransaction = connection.getAutoCommit();
        if (ownTransaction) {
            connection.setAutoCommit(false);
            savepoint = null;
        } else {
            savepoint = connection.setSavepoint();
        }
        this.scope = CallContext.bind(connection);
    }

    public static LocalCall begin(Method method, Object[] arguments) throws SQLException {
        return new LocalCall(Connections.forCall(method, arguments));
    }

    /** Ends the call: keeps its work, or undoes it when the method threw; gives back a borrowed connection. */
    public void end(Throwable thrown) throws SQLException {
        try {
            finish(thrown);
        } finally {
            lease.close();
        }
    }

    private void finish(Throwable thrown) throws SQLException {
        scope.close();
        if (ownTransaction) {
            try {
                if (thrown == null) {
                    connection.commit();
                } else {
                    connection.rollback();
                }
            } finally {
                connection.setAutoCommit(true);
            }
        } else if (thrown == null) {
            connection.releaseSavepoint(savepoint);
        } else {
            connection.rollback(savepoint);
        }
    }
}
