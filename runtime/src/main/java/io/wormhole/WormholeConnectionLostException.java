package io.wormhole;

import java.sql.SQLException;
import java.util.UUID;

/**
 * The connection broke while a {@code @Remote} call was under way, so the client cannot tell from it whether the
 * call committed. Ask {@link Wormhole#outcome(javax.sql.DataSource, UUID)} with {@link #callId()} before running it
 * again: the server ends a call whose client is gone and rolls it back, but one that finished first stays committed.
 * The SQLSTATE and the cause are the driver's.
 */
public class WormholeConnectionLostException extends SQLException {
    private static final long serialVersionUID = 1L;

    private final transient UUID callId;

    public WormholeConnectionLostException(UUID callId, SQLException cause) {
        super("the connection broke during Wormhole call " + callId + "; ask Wormhole.outcome(dataSource, " + callId
                + ") whether it committed before running it again (" + cause.getMessage() + ")", cause.getSQLState(),
                cause.getErrorCode(), cause);
        this.callId = callId;
    }

    /** The id the call was sent with. */
    public UUID callId() {
        return callId;
    }
}
