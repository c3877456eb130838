package io.wormhole;

import io.wormhole.internal.AgentCheck;
import io.wormhole.internal.CallContext;
import io.wormhole.internal.SqlState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;

/** The public entry points of Wormhole besides {@link Remote}. */
public final class Wormhole {
    private static volatile DataSource configured;

    private Wormhole() {}

    /**
     * Inside a {@code @Remote} method: the connection of the call (in the database, a JDBC connection over SPI in
     * the caller's transaction; in local mode, the client's connection). Do not close it.
     *
     * @throws IllegalStateException outside a {@code @Remote} call
     */
    public static Connection connection() {
        Connection c = CallContext.current();
        if (c == null) {
            AgentCheck.warnIfAbsent("when Wormhole.connection() was called outside a call");
            throw new IllegalStateException("Wormhole.connection() is only available inside a @Remote method: if this"
                    + " is one, the JVM runs without the agent (start it with -javaagent:wormhole-agent.jar), so the"
                    + " method ran here as plain Java");
        }
        return c;
    }

    /**
     * Sets where calls of {@code @Remote} methods without a {@code Connection} parameter go, when neither the
     * system properties {@code wormhole.url}/{@code wormhole.user}/{@code wormhole.password} nor the environment
     * variables {@code WORMHOLE_URL}/{@code WORMHOLE_USER}/{@code WORMHOLE_PASSWORD} name a database. Each such call
     * borrows a connection for itself and closes it (gives it back to the pool) when it ends, so it runs in a
     * transaction of its own; a call that must join the application's transaction takes that transaction's
     * {@code Connection} as a parameter. {@code null} forgets the data source (before closing a pool, say).
     */
    public static void configure(DataSource dataSource) {
        AgentCheck.warnIfAbsent("when Wormhole.configure was called");
        configured = dataSource;
    }

    /**
     * What became of the call with id {@code callId} (from {@link WormholeConnectionLostException#callId()}), asked
     * on a new connection from {@code dataSource}. The server keeps the ids of committed calls for
     * {@code wormhole.call_outcome_retention} (15 minutes by default); {@link CallOutcome#IN_PROGRESS} says to ask
     * again, since a backend whose client left ends its call within about a second.
     */
    public static CallOutcome outcome(DataSource dataSource, UUID callId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return outcome(c, callId);
        }
    }

    /**
     * As {@link #outcome(DataSource, UUID)}, on {@code connection} (another than the one that broke). The answer does
     * not depend on the connection's transaction: it reads the latest state, not the transaction's snapshot.
     */
    public static CallOutcome outcome(Connection connection, UUID callId) throws SQLException {
        Objects.requireNonNull(callId, "callId");
        try (PreparedStatement st = connection.prepareStatement("SELECT wormhole.call_outcome(?::uuid)")) {
            st.setString(1, callId.toString());
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                String answer = rs.getString(1);
                return switch (answer) {
                    case "committed" -> CallOutcome.COMMITTED;
                    case "not committed" -> CallOutcome.NOT_COMMITTED;
                    case "in progress" -> CallOutcome.IN_PROGRESS;
                    case "unknown" -> CallOutcome.UNKNOWN;
                    default -> throw new SQLException("wormhole.call_outcome answered \"" + answer
                            + "\": the server runs another Wormhole version", SqlState.INTERNAL_ERROR);
                };
            }
        }
    }

    /** The data source given to {@link #configure}, or {@code null}. */
    public static DataSource configuredDataSource() {
        return configured;
    }
}
