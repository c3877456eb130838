package io.wormhole.server.jdbc;

import io.wormhole.internal.SqlState;
import java.sql.SQLException;

/**
 * {@code unwrap} and {@code isWrapperFor} as pgJDBC answers them: an object wraps exactly the {@code java.sql}
 * interface it stands for (and that interface's supertypes); nothing else, since nothing here wraps a driver's object.
 */
final class Wrappers {
    private Wrappers() {}

    static boolean isWrapperFor(Class<?> standsFor, Class<?> iface) {
        return iface != null && iface.isAssignableFrom(standsFor);
    }

    static <T> T unwrap(Object self, Class<?> standsFor, Class<T> iface) throws SQLException {
        if (isWrapperFor(standsFor, iface)) {
            return iface.cast(self);
        }
        throw new SQLException("Cannot unwrap to " + (iface == null ? null : iface.getName()),
                SqlState.FEATURE_NOT_SUPPORTED);
    }
}
