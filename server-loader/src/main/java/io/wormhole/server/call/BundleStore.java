package io.wormhole.server.call;

import io.wormhole.server.pg.Params;
import io.wormhole.server.pg.PgException;
import io.wormhole.server.pg.Plan;
import io.wormhole.server.pg.SpiResult;
import io.wormhole.server.sandbox.Weaving;
import io.wormhole.server.verify.Allowlist;
import io.wormhole.wire.Bundle;
import io.wormhole.wire.Hex;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * The server's own tables: {@code wormhole.bundles} (bundles installed by any backend, found again by hash, with
 * the allowlist version they were verified under and their call counts), {@code wormhole.audit}, and
 * {@code wormhole.allowlist} with its version. Every statement is prepared and run as the host
 * ({@link Plan#prepareAsHost}), names every relation, function, operator and type with its schema, and so
 * resolves nothing the calling role could have planted; the calling role needs no privilege on these tables.
 */
final class BundleStore {
    private static final int BYTEA = 17;
    private static final int TEXT = 25;
    private static final int TEXT_ARRAY = 1009;
    private static final int BYTEA_ARRAY = 1001;
    private static final int INT4 = 23;
    private static final int INT8 = 20;
    private static final int FLOAT8 = 701;
    private static final int OID = 26;

    private Plan find;
    private Plan insert;
    private Plan record;
    private Plan audit;
    private Plan rules;
    private Plan standing;
    private Plan stats;

    /**
     * A stored bundle, the allowlist version it was last verified under, the verifier's rejection then, and its
     * classes as woven then by this loader's weaving code ({@code null} if not, or by other code).
     */
    record Stored(Bundle bundle, long verifiedUnder, String rejection, Map<String, byte[]> woven) {}

    /** The allowlist as it stands, and its version. */
    record Rules(long version, Allowlist allowlist) {}

    /**
     * What a backend's held bundles stand on now: the allowlist's version, which of the given hashes are still
     * stored and accepted under it, and whether the transaction reads committed changes at every statement (in
     * a repeatable-read transaction, changes committed after its snapshot are not seen yet).
     */
    record Standing(long version, Set<String> validHashes, boolean readsLatest) {}

    /** The stored bundle with this hash, or {@code null}. */
    Stored find(byte[] hash) throws SQLException {
        if (find == null) {
            find = Plan.prepareAsHost("SELECT b.classes, b.allowlist_version, b.rejection, b.woven, b.woven_by"
                    + " FROM wormhole.bundles b WHERE b.hash OPERATOR(pg_catalog.=) $1", BYTEA);
        }
        SpiResult r = find.executeAsHost(Params.of(bytea(hash)));
        if (r.rowCount() == 0) {
            return null;
        }
        String woven = r.text(0, 3);
        return new Stored(Bundle.fromBytes(unhex(r.text(0, 0))), Long.parseLong(r.text(0, 1)), r.text(0, 2),
                woven != null && Weaving.identity().equals(r.text(0, 4))
                        ? Bundle.fromBytes(unhex(woven)).classes() : null);
    }

    /**
     * Stores a bundle the verifier accepted under allowlist {@code version}, installed by {@code role}, with its
     * {@code woven} classes (or {@code null}), and audits the installation.
     */
    void store(Bundle bundle, int role, long version, Map<String, byte[]> woven) throws SQLException {
        if (insert == null) {
            insert = Plan.prepareAsHost("INSERT INTO wormhole.bundles"
                    + " (hash, class_names, classes, size, installed_by, allowlist_version, woven, woven_by)"
                    + " VALUES ($1, $2, $3, $4, pg_catalog.pg_get_userbyid($5), $6, $7, $8)"
                    + " ON CONFLICT (hash) DO NOTHING", BYTEA, TEXT_ARRAY, BYTEA, INT4, OID, INT8, BYTEA, TEXT);
        }
        SpiResult r = insert.executeAsHost(Params.of(bytea(bundle.hash()), textArray(bundle),
                bytea(bundle.toBytes()), Integer.toString(bundle.totalBytes()), Integer.toUnsignedString(role),
                Long.toString(version), woven == null ? null : bytea(new Bundle(woven).toBytes()),
                woven == null ? null : Weaving.identity()));
        if (r.processed() > 0) {
            audit(role, "install", bundle.hash(), bundle.classes().size() + " classes, " + bundle.totalBytes()
                    + " bytes");
        } else {
            record(bundle.hash(), version, null, woven);
        }
    }

    /**
     * Records what the verifier said of a stored bundle under allowlist {@code version} ({@code rejection} null:
     * accepted) and its classes as woven then ({@code null} when rejected), unless a newer version's verdict is
     * recorded already. Woven classes of an older verdict never outlive it.
     */
    void record(byte[] hash, long version, String rejection, Map<String, byte[]> woven) throws SQLException {
        if (record == null) {
            record = Plan.prepareAsHost("UPDATE wormhole.bundles b SET allowlist_version = $2, rejection = $3,"
                    + " woven = $4, woven_by = $5"
                    + " WHERE b.hash OPERATOR(pg_catalog.=) $1 AND b.allowlist_version OPERATOR(pg_catalog.<=) $2",
                    BYTEA, INT8, TEXT, BYTEA, TEXT);
        }
        record.executeAsHost(Params.of(bytea(hash), Long.toString(version), rejection,
                woven == null ? null : bytea(new Bundle(woven).toBytes()), woven == null ? null : Weaving.identity()));
    }

    void audit(int role, String action, byte[] hash, String detail) throws SQLException {
        if (audit == null) {
            audit = Plan.prepareAsHost("INSERT INTO wormhole.audit (role, action, hash, detail)"
                    + " VALUES (pg_catalog.pg_get_userbyid($1), $2, $3, $4)", OID, TEXT, BYTEA, TEXT);
        }
        audit.executeAsHost(Params.of(Integer.toUnsignedString(role), action, bytea(hash), detail));
    }

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
                    + " FROM wormhole.allowlist_version v", BYTEA_ARRAY);
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

    /** Adds calls and their time to a bundle's statistics. */
    void addStats(byte[] hash, long calls, long nanos) throws SQLException {
        if (stats == null) {
            stats = Plan.prepareAsHost("UPDATE wormhole.bundles b SET calls = b.calls OPERATOR(pg_catalog.+) $2,"
                    + " total_time = b.total_time OPERATOR(pg_catalog.+) pg_catalog.make_interval(secs => $3),"
                    + " last_used = pg_catalog.now() WHERE b.hash OPERATOR(pg_catalog.=) $1", BYTEA, INT8, FLOAT8);
        }
        stats.executeAsHost(Params.of(bytea(hash), Long.toString(calls), Double.toString(nanos / 1e9)));
    }

    private static PgException versionMissing() {
        return new PgException("wormhole.allowlist_version must hold exactly one row", "55000", null,
                "Restore it: INSERT INTO wormhole.allowlist_version (version) VALUES (1) as a superuser.", 0);
    }

    private static byte[] unhex(String bytea) {
        return HexFormat.of().parseHex(bytea, 2, bytea.length());
    }

    private static String bytea(byte[] bytes) {
        return "\\x" + Hex.of(bytes);
    }

    private static String textArray(Bundle bundle) {
        StringBuilder sb = new StringBuilder("{");
        for (String name : bundle.classes().keySet()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append('"').append(name.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return sb.append('}').toString();
    }
}
