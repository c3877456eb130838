package io.wormhole.server.jdbc;

import io.wormhole.internal.SqlState;
import java.sql.SQLFeatureNotSupportedException;

/**
 * The refusal of a JDBC method that JDBC over SPI does not implement, shaped as pgJDBC refuses one (its
 * {@code Driver.notImplemented}): a {@code SQLFeatureNotSupportedException} with SQLSTATE 0A000 that names the
 * method, so that code ported from the client learns which call to change.
 */
final class Unsupported {
    private Unsupported() {}

    /** {@code method} as {@code Interface.name(ParameterTypes)}, e.g. {@code Connection.createStruct(String, Object[])}. */
    static SQLFeatureNotSupportedException method(String method) {
        return new SQLFeatureNotSupportedException("Method " + method + " is not supported inside a @Remote call.",
                SqlState.FEATURE_NOT_SUPPORTED);
    }
}
