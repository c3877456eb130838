package io.wormhole.agent.invoke;

import io.wormhole.Wormhole;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Which connection a call runs on: its first {@code java.sql.Connection} argument, else the default connection,
 * configured by the system properties {@code wormhole.url}, {@code wormhole.user}, {@code wormhole.password}, else
 * the environment's {@code WORMHOLE_URL}, {@code WORMHOLE_USER}, {@code WORMHOLE_PASSWORD}, else
 * {@code Wormhole.configure(DataSource)}. A thread keeps a connection opened from the URL between calls; one from
 * the data source (a pool) is borrowed for the call alone and given back when it ends.
 */
final class Connections {
    private static final ThreadLocal<Connection> DEFAULT = new ThreadLocal<>();

    private Connections() {}

    /** The argument a call runs on, or {@code null} when it has none. */
    static Connection argument(Object[] arguments) {
        for (Object a : arguments) {
            if (a instanceof Connection c) {
                return c;
            }
        }
        return null;
    }

    /**
     * The connection of one call; closing the lease gives back a connection the call borrowed. {@code own}: the
     * thread's connection opened from the URL, which no one else holds.
     */
    record Lease(Connection connection, boolean borrowed, boolean own) implements AutoCloseable {
        Lease(Connection connection, boolean borrowed) {
            this(connection, borrowed, false);
        }

        @Override
        public void close() throws SQLException {
            if (borrowed) {
                connection.close();
            }
        }
    }

    /**
     * A new lease on the thread's own connection, after the server ended the old one while it sat idle
     * ({@code idle_session_timeout}, SQLSTATE 57P05): the call sent on it never ran.
     */
    static Lease reopened(Lease ended) throws SQLException {
        DEFAULT.remove();
        ended.connection().close();
        return new Lease(threadConnection(setting("wormhole.url", "WORMHOLE_URL")), false, true);
    }

    static Lease forCall(Method method, Object[] arguments) throws SQLException {
        Connection c = argument(arguments);
        if (c != null) {
            return new Lease(c, false);
        }
        String url = setting("wormhole.url", "WORMHOLE_URL");
        if (url != null) {
            return new Lease(threadConnection(url), false, true);
        }
        DataSource configured = Wormhole.configuredDataSource();
        if (configured != null) {
            return new Lease(configured.getConnection(), true);
        }
        throw noDatabase(method);
    }

    private static Connection threadConnection(String url) throws SQLException {
        Connection open = DEFAULT.get();
        if (open != null && !open.isClosed()) {
            return open;
        }
        String user = setting("wormhole.user", "WORMHOLE_USER");
        String password = setting("wormhole.password", "WORMHOLE_PASSWORD");
        Connection c = user == null ? DriverManager.getConnection(url) : DriverManager.getConnection(url, user, password);
        DEFAULT.set(c);
        return c;
    }

    private static IllegalStateException noDatabase(Method method) {
        return new IllegalStateException("no database to run @Remote method " + method.getDeclaringClass().getName()
                + "." + method.getName() + " in: give it a java.sql.Connection parameter, or set -Dwormhole.url="
                + "jdbc:postgresql://host/db (with wormhole.user and wormhole.password), or the environment"
                + " variables WORMHOLE_URL, WORMHOLE_USER, WORMHOLE_PASSWORD, or call Wormhole.configure(dataSource)");
    }

    private static String setting(String property, String variable) {
        String value = System.getProperty(property);
        return value != null ? value : System.getenv(variable);
    }
}
