package io.wormhole.internal;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.ServiceConfigurationError;
import java.util.logging.Logger;

/**
 * Not a driver: a {@code java.sql.Driver} service that accepts no URL, listed so that {@code DriverManager} loads it
 * with the real drivers the first time an application uses JDBC, which almost every application with
 * {@code @Remote} methods does before it calls one. Loading it checks for the agent ({@link AgentCheck}).
 */
public final class AgentCheckDriver implements Driver {
    static {
        try {
            AgentCheck.warnIfAbsent("when JDBC loaded its drivers");
        } catch (RuntimeException | LinkageError | ServiceConfigurationError e) {
            // DriverManager stops loading drivers at the first that fails: a warning is not worth the real ones.
        }
    }

    @Override
    public Connection connect(String url, Properties info) {
        return null; // Not ours: DriverManager asks the next driver.
    }

    @Override
    public boolean acceptsURL(String url) {
        return false;
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("AgentCheckDriver has no logger");
    }
}
