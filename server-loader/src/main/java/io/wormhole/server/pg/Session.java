package io.wormhole.server.pg;

/**
 * Who is calling: the current role, and whether its bundles run trusted (a superuser with {@code wormhole.trusted}
 * on: no verifier, no sandbox), whether it may install new bundles (a member of {@code wormhole_install}), and
 * whether the server is a hot standby (read only, so the host's own writes cannot happen).
 */
public record Session(int roleOid, boolean superuser, boolean trusted, boolean mayInstall, boolean standby) {

    /**
     * The session as the host read it when the call began ({@code wormhole.invoke} passes it in): the role OID in
     * the low 32 bits; bit 32 set when that role is a superuser, bit 33 when {@code wormhole.trusted} is on (which
     * only superusers can set), bit 34 when it may install new bundles, bit 35 on a hot standby.
     */
    public static Session of(long state) {
        return new Session((int) state, (state & (1L << 32)) != 0, (state & (1L << 33)) != 0,
                (state & (1L << 34)) != 0, (state & (1L << 35)) != 0);
    }
}
