package io.wormhole;

import io.wormhole.internal.CallContext;
import java.sql.Connection;
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
        configured = dataSource;
    }

    /** The data source given to {@link #configure}, or {@code null}. */
    public static DataSource configuredDataSource() {
        return configured;
    }
}
