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
 * {@code Wormhole.configure(DataSource)}. A thread keeps its default connection open between calls.
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

    static Connection forCall(Method method, Object[] arguments) throws SQLException {
        Connection c = argument(arguments);
        return c != null ? c : defaultConnection(method);
    }

    private static Connection defaultConnection(Method method) throws SQLException {
        Connection open = DEFAULT.get();
        if (open != null && !open.isClosed()) {
            return open;
        }
        Connection c = connect(method);
        DEFAULT.set(c);
        return c;
    }

    private static Connection connect(Method method) throws SQLException {
        String url = setting("wormhole.url", "WORMHOLE_URL");
        if (url != null) {
            String user = setting("wormhole.user", "WORMHOLE_USER");
            String password = setting("wormhole.password", "WORMHOLE_PASSWORD");
            return user == null ? DriverManager.getConnection(url) : DriverManager.getConnection(url, user, password);
        }
        DataSource configured = Wormhole.configuredDataSource();
        if (configured != null) {
            return configured.getConnection();
        }
        throw new IllegalStateException("no database to run @Remote method " + method.getDeclaringClass().getName()
                + "." + method.getName() + " in: give it a java.sql.Connection parameter, or set -Dwormhole.url="
                + "jdbc:postgresql://host/db (with wormhole.user and wormhole.password), or the environment"
                + " variables WORMHOLE_URL, WORMHOLE_USER, WORMHOLE_PASSWORD, or call Wormhole.configure(dataSource)");
    }

    private static String setting(String property, String variable) {
        String value = System.getProperty(property);
        return value != null ? value : System.getenv(variable);
    }
}
