package io.wormhole.server.pg;

import java.sql.SQLException;

/**
 * Who is calling: the current role, and whether its bundles run trusted (a superuser with {@code wormhole.trusted}
 * on: no verifier, no sandbox), whether it may install new bundles (a member of {@code wormhole_install}), and
 * whether the server is a hot standby (read only, so the host's own writes cannot happen).
 */
public record Session(int roleOid, boolean superuser, boolean trusted, boolean mayInstall, boolean standby) {

    public static Session current() throws SQLException {
        long state = Backend.onMain(Bridge::session);
        return new Session((int) state, (state & (1L << 32)) != 0, (state & (1L << 33)) != 0,
                (state & (1L << 34)) != 0, (state & (1L << 35)) != 0);
    }
}
