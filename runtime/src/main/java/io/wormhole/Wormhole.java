package io.wormhole;

import io.wormhole.internal.CallContext;
import java.sql.Connection;
import java.util.Objects;
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
            throw new IllegalStateException("Wormhole.connection() is only available inside a @Remote method");
        }
        return c;
    }

    /**
     * Sets where calls of {@code @Remote} methods without a {@code Connection} parameter go, when neither the
     * system properties {@code wormhole.url}/{@code wormhole.user}/{@code wormhole.password} nor the environment
     * variables {@code WORMHOLE_URL}/{@code WORMHOLE_USER}/{@code WORMHOLE_PASSWORD} name a database.
     */
    public static void configure(DataSource dataSource) {
        configured = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** The data source given to {@link #configure}, or {@code null}. */
    public static DataSource configuredDataSource() {
        return configured;
    }
}
