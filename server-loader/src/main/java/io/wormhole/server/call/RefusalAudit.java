package io.wormhole.server.call;

import static io.wormhole.server.pg.Oids.BYTEA;
import static io.wormhole.server.pg.Oids.OID;
import static io.wormhole.server.pg.Oids.TEXT;
import static io.wormhole.server.pg.Params.bytea;

import io.wormhole.server.pg.HostWrite;
import io.wormhole.server.pg.Notices;
import io.wormhole.server.pg.Params;
import io.wormhole.wire.Hex;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The refusals {@code wormhole.audit} keeps: a role refused the installation of a bundle, or a bundle the verifier
 * rejected, and why. Written as the host in a transaction of its own, like every write of {@link BundleTable}'s.
 */
final class RefusalAudit {
    private static final int MAX_REFUSALS_REMEMBERED = 256;

    /** The refusals this backend audited already (role, hash and reason), the most recent ones. */
    private final Map<String, Boolean> audited = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_REFUSALS_REMEMBERED;
        }
    };

    /**
     * Audits that {@code role} was refused the bundle with this hash, and why, in a transaction of its own; when that
     * cannot be written (no free background worker), the server log says what was lost, and on a hot
     * {@code standby} the server log has the refusal in place of the audit. Each write costs a background worker's
     * start, so a client that keeps sending a refused bundle is audited once per role, bundle and reason in this
     * backend.
     */
    void refused(int role, byte[] hash, String reason, boolean standby) throws SQLException {
        if (audited.put(Integer.toUnsignedString(role) + "/" + Hex.of(hash) + "/" + reason, true) != null) {
            return;
        }
        String what = "the refusal of bundle " + Hex.of(hash).substring(0, 12) + " to role "
                + Integer.toUnsignedString(role) + " (" + reason + ")";
        if (standby) {
            Notices.log("wormhole: " + what + " is not audited: the server is a hot standby");
            return;
        }
        add(new HostWrite("auditing " + what), role, hash, reason).run();
    }

    /** Adds the refusal's audit to {@code write}, to commit with whatever else it writes. */
    static HostWrite add(HostWrite write, int role, byte[] hash, String reason) {
        return write.statement("INSERT INTO wormhole.audit (role, action, hash, detail)"
                + " VALUES (pg_catalog.pg_get_userbyid($1), 'reject', $2, $3)", new int[] {OID, BYTEA, TEXT},
                Params.of(Integer.toUnsignedString(role), bytea(hash), reason));
    }
}
