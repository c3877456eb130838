package io.wormhole.server.host;

import io.wormhole.server.testing.InBackend;
import io.wormhole.testing.PostgresCluster;
import io.wormhole.wire.Request;
import io.wormhole.wire.Response;
import io.wormhole.wire.ThrowableTransport;
import io.wormhole.wire.Values;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Connections as given roles, and the questions the host-security tests ask the database about them. */
final class Sessions {
    private Sessions() {}

    /** Runs {@code sql} as the superuser, a statement at a time. */
    static void dba(String... sql) throws SQLException {
        try (Connection c = PostgresCluster.connect(); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    /** The first column of the first row of {@code sql}, run as the superuser, as text. */
    static String dbaValue(String sql, Object... params) throws SQLException {
        try (Connection c = PostgresCluster.connect()) {
            return value(c, sql, params);
        }
    }

    static String value(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** How many entries of {@code wormhole.audit} record {@code action} ("install", "reject") as {@code role}'s. */
    static long audited(String role, String action) throws SQLException {
        return Long.parseLong(dbaValue("SELECT count(*) FROM wormhole.audit WHERE role = ? AND action = ?", role,
                action));
    }

    /** As {@link #audited(String, String)}, on the bundle with this hash. */
    static long audited(String role, String action, byte[] hash) throws SQLException {
        return Long.parseLong(dbaValue("SELECT count(*) FROM wormhole.audit WHERE role = ? AND action = ?"
                + " AND hash = ?", role, action, hash));
    }

    static boolean isSuperuser(String role) throws SQLException {
        return Boolean.parseBoolean(dbaValue("SELECT rolsuper FROM pg_roles WHERE rolname = ?", role));
    }

    static void evict(Class<?> probe) throws SQLException {
        dbaValue("SELECT wormhole.evict(?)", (Object) InBackend.bundleOf(probe).hash());
    }

    /**
     * What a request answers: the method's value, the exception it threw (a rejection arrives as a
     * {@code SecurityException}), or {@link Response.Status#UNKNOWN_BUNDLE}.
     */
    static Object outcome(Connection c, Request request) throws SQLException {
        Response r = InBackend.send(c, request);
        return switch (r.status()) {
            case RETURNED -> Values.read(r.payload(), Sessions.class.getClassLoader());
            case THREW -> ThrowableTransport.read(r.payload(), Sessions.class.getClassLoader(),
                    new Throwable().getStackTrace());
            case UNKNOWN_BUNDLE -> Response.Status.UNKNOWN_BUNDLE;
        };
    }

    /** {@link #outcome} of the request sent by its bundle's hash alone, as a client that believes it stored. */
    static Object byHash(Connection c, Request request) throws SQLException {
        return outcome(c, request.withoutBundle());
    }
}
