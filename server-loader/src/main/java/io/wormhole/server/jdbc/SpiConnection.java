package io.wormhole.server.jdbc;

import java.sql.Connection;
import java.sql.SQLFeatureNotSupportedException;

/** Placeholder until JDBC over SPI lands (owned by the JDBC work; replace wholesale). */
public final class SpiConnection {
    private SpiConnection() {}

    public static Connection forCall() throws SQLFeatureNotSupportedException {
        return null;
    }
}
