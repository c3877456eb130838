package io.wormhole.server.call;

import io.wormhole.internal.SqlState;
import io.wormhole.server.pg.Oids;
import io.wormhole.server.pg.Params;
import io.wormhole.server.pg.PgException;
import io.wormhole.server.pg.Plan;
import io.wormhole.server.pg.SpiResult;
import io.wormhole.server.verify.Allowlist;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Set;

/**
 * What the host's tables say a backend may trust now: {@code wormhole.allowlist} with its version, and which of the
 * bundles a backend holds are still stored and accepted under it. Read as the host in the caller's transaction (see
 * {@link BundleTable} on the host's statements).
 */
final class TrustTables {

    private Plan rules;
    private Plan standing;

    /** The allowlist as it stands, and its version. */
    record Rules(long version, Allowlist allowlist) {}

    /**
     * What a backend's held bundles stand on now: the allowlist's version, which of the given hashes are still
     * stored and accepted under it, and whether the transaction reads committed changes at every statement (in
     * a repeatable-read transaction, changes committed after its snapshot are not seen yet).
     */
    record Standing(long version, Set<String> validHashes, boolean readsLatest) {}

    /** The allowlist table as it stands, with its version, read in one statement so that both agree. */
    Rules rules() throws SQLException {
        if (rules == null) {
            rules = Plan.prepareAsHost("SELECT v.version, (SELECT pg_catalog.string_agg(a.rule,"
                    + " E'\\n'::pg_catalog.text ORDER BY a.position) FROM wormhole.allowlist a)"
                    + " FROM wormhole.allowlist_version v");
        }
        SpiResult r = rules.executeAsHost(Params.none());
        if (r.rowCount() != 1) {
            throw versionMissing();
        }
        String text = r.text(0, 1);
        return new Rules(Long.parseLong(r.text(0, 0)), Allowlist.parse(text == null ? "" : text));
    }

    /** Where the bundles with these hashes (hex) stand now: see {@link Standing}. */
    Standing standing(Collection<String> hashes) throws SQLException {
        if (standing == null) {
            standing = Plan.prepareAsHost("SELECT v.version,"
                    + " pg_catalog.current_setting('transaction_isolation') OPERATOR(pg_catalog.=) 'read committed',"
                    + " ARRAY(SELECT pg_catalog.encode(b.hash, 'hex') FROM wormhole.bundles b"
                    + " WHERE b.hash OPERATOR(pg_catalog.=) ANY ($1) AND b.rejection IS NULL"
                    + " AND b.allowlist_version OPERATOR(pg_catalog.=) v.version)"
                    + " FROM wormhole.allowlist_version v", Oids.arrayOf(Oids.BYTEA));
        }
        StringBuilder array = new StringBuilder("{");
        for (String hex : hashes) {
            array.append(array.length() > 1 ? "," : "").append("\"\\\\x").append(hex).append('"');
        }
        SpiResult r = standing.executeAsHost(Params.of(array.append('}').toString()));
        if (r.rowCount() != 1) {
            throw versionMissing();
        }
        String valid = r.text(0, 2);
        Set<String> validHashes = valid.length() <= 2 ? Set.of() : Set.of(valid.substring(1, valid.length() - 1)
                .split(","));
        return new Standing(Long.parseLong(r.text(0, 0)), validHashes, "t".equals(r.text(0, 1)));
    }

    private static PgException versionMissing() {
        return new PgException("wormhole.allowlist_version must hold exactly one row",
                SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE, null,
                "Restore it: INSERT INTO wormhole.allowlist_version (version) VALUES (1) as a superuser.", 0);
    }
}
