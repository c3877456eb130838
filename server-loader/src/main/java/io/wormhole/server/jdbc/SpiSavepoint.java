package io.wormhole.server.jdbc;

import io.wormhole.internal.SqlState;
import io.wormhole.server.pg.Subtransaction;
import java.sql.SQLException;
import java.sql.Savepoint;

/**
 * A savepoint is a subtransaction. As in SQL, rolling back to it keeps it (a new subtransaction takes the old one's
 * place), and releasing or rolling back an outer one ends those begun inside it.
 */
final class SpiSavepoint implements Savepoint {
    private final String name;
    private Subtransaction subtransaction;
    private boolean released;

    SpiSavepoint(String name, Subtransaction subtransaction) {
        this.name = name;
        this.subtransaction = subtransaction;
    }

    void rollback() throws SQLException {
        checkValid();
        subtransaction.rollback();
        subtransaction = Subtransaction.begin();
    }

    void release() throws SQLException {
        checkValid();
        released = true;
        subtransaction.release();
    }

    private void checkValid() throws SQLException {
        if (released) {
            throw new SQLException("Cannot reference a savepoint after it has been released.",
                    SqlState.INVALID_SAVEPOINT_SPECIFICATION);
        }
    }

    @Override
    public int getSavepointId() throws SQLException {
        if (name != null) {
            throw new SQLException("Cannot retrieve the id of a named savepoint.",
                    SqlState.INVALID_SAVEPOINT_SPECIFICATION);
        }
        return subtransaction.level();
    }

    @Override
    public String getSavepointName() throws SQLException {
        if (name == null) {
            throw new SQLException("Cannot retrieve the name of an unnamed savepoint.",
                    SqlState.INVALID_SAVEPOINT_SPECIFICATION);
        }
        return name;
    }
}
