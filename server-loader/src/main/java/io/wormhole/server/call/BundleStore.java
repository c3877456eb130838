package io.wormhole.server.call;

import io.wormhole.server.pg.HostWrite;
import io.wormhole.server.pg.Notices;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The server's own tables: {@code wormhole.bundles} (bundles installed by any backend, found again by hash, with
 * the allowlist version they were verified under), {@code wormhole.audit}, and {@code wormhole.allowlist} with its
 * version. Every statement runs as the host ({@link Plan#prepareAsHost}, {@link HostWrite}), names every relation,
 * function, operator and type with its schema, and so resolves nothing the calling role could have planted; the
 * calling role needs no privilege on these tables. Reads run in the caller's transaction; writes in one of their
 * own, so the caller's transaction never holds a lock on these tables' rows.
 */
final class BundleStore {
    private static final int BYTEA = 17;
    private static final int TEXT = 25;
    private static final int TEXT_ARRAY = 1009;
    private static final int BYTEA_ARRAY = 1001;
    private static final int INT4 = 23;
    private static final int INT8 = 20;
        private static final int OID = 26;

    private static final long FIRST_RETRY_NANOS = 1_000_000_000L;
    private static final long LAST_RETRY_NANOS = 60_000_000_000L;
    private static final int MAX_UNSTORED = 64;
    private static final int MAX_REFUSALS_REMEMBERED = 256;

    private Plan find;
    private Plan rules;
    private Plan standing;

    /** Bundles verified and defined in this backend that could not be stored yet, by hash (hex). */
    private final Map<String, Unstored> unstored = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Unstored> eldest) {
            return size() > MAX_UNSTORED;
        }
    };

    /** The refusals this backend audited already (role, hash and reason), the most recent ones. */
    private final Map<String, Boolean> refusalsAudited = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_REFUSALS_REMEMBERED;
        }
    };

    private record Unstored(Bundle bundle, int role, long version, Map<String, byte[]> woven, long notBeforeNanos,
            long delayNanos) {}

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
     * {@code woven} classes (or {@code null}), and audits the installation, in a transaction of their own. When nothing could be written (a full set of background
     * workers, a lock held too long: the server log says why), the bundle waits in this backend for {@link #retry}.
     * A hot standby stores nothing.
     */
    void store(Bundle bundle, int role, long version, Map<String, byte[]> woven) throws SQLException {
        String hex = bundle.hashHex();
        long[] rows = new HostWrite("installing bundle " + hex.substring(0, 12) + " for role " + Integer
                .toUnsignedString(role)).statement("WITH stored AS (INSERT INTO wormhole.bundles"
                        + " (hash, class_names, classes, size, installed_by, allowlist_version, woven, woven_by)"
                        + " VALUES ($1, $2, $3, $4, pg_catalog.pg_get_userbyid($5), $6, $8, $9)"
                        + " ON CONFLICT (hash) DO NOTHING RETURNING hash)"
                        + " INSERT INTO wormhole.audit (role, action, hash, detail)"
                        + " SELECT pg_catalog.pg_get_userbyid($5), 'install', stored.hash, $7 FROM stored",
                        new int[] {BYTEA, TEXT_ARRAY, BYTEA, INT4, OID, INT8, TEXT, BYTEA, TEXT},
                        Params.of(bytea(bundle.hash()), textArray(bundle), bytea(bundle.toBytes()),
                                Integer.toString(bundle.totalBytes()), Integer.toUnsignedString(role),
                                Long.toString(version), bundle.classes().size() + " classes, " + bundle.totalBytes()
                                + " bytes", woven == null ? null : bytea(new Bundle(woven).toBytes()),
                                woven == null ? null : Weaving.identity())).run();
        if (rows == null) {
            Unstored before = unstored.get(hex);
            long delay = before == null ? FIRST_RETRY_NANOS : Math.min(2 * before.delayNanos(), LAST_RETRY_NANOS);
            unstored.put(hex, new Unstored(bundle, role, version, woven, System.nanoTime() + delay, delay));
            return;
        }
        unstored.remove(hex);
        if (rows[0] == 0) {
            // Another backend stored it first: record this verdict unless a newer one is there.
            record(bundle.hash(), version, null, role, woven);
        }
    }

    /**
     * Stores again a bundle of this backend's that could not be stored when it was verified, once its time has
     * come (the wait doubles after every failure, from a second up to a minute).
     */
    void retry(byte[] hash) throws SQLException {
        if (unstored.isEmpty()) {
            return;
        }
        Unstored u = unstored.get(Hex.of(hash));
        if (u != null && System.nanoTime() - u.notBeforeNanos() >= 0) {
            store(u.bundle(), u.role(), u.version(), u.woven());
        }
    }

    /**
     * Records what the verifier said of a stored bundle under allowlist {@code version} ({@code rejection} null:
     * accepted) and its classes as woven then ({@code null} when rejected), unless a newer version's verdict is
     * recorded already (woven classes of an older verdict never outlive it), and audits a rejection as {@code role}'s, in
     * a transaction of their own. Nothing is recorded on a hot standby, or when the write fails: the bundle is then
     * verified again at its next definition.
     */
    void record(byte[] hash, long version, String rejection, int role, Map<String, byte[]> woven)
            throws SQLException {
        HostWrite write = new HostWrite("recording the verdict on bundle " + Hex.of(hash).substring(0, 12))
                .statement("UPDATE wormhole.bundles b SET allowlist_version = $2, rejection = $3,"
                        + " woven = $4, woven_by = $5 WHERE b.hash OPERATOR(pg_catalog.=) $1"
                        + " AND b.allowlist_version OPERATOR(pg_catalog.<=) $2",
                        new int[] {BYTEA, INT8, TEXT, BYTEA, TEXT}, Params.of(bytea(hash), Long.toString(version),
                                rejection, woven == null ? null : bytea(new Bundle(woven).toBytes()),
                                woven == null ? null : Weaving.identity()));
        if (rejection != null) {
            auditRefusal(write, role, hash, rejection);
        }
        write.run();
    }

    /**
     * Audits that {@code role} was refused the bundle with this hash, and why, in a transaction of its own; when that
     * cannot be written (no free background worker), the server log says what was lost, and on a hot
     * {@code standby} the server log has the refusal in place of the audit. Each write costs a background worker's
     * start, so a client that keeps sending a refused bundle is audited once per role, bundle and reason in this
     * backend.
     */
    void auditRefusal(int role, byte[] hash, String reason, boolean standby) throws SQLException {
        if (refusalsAudited.put(Integer.toUnsignedString(role) + "/" + Hex.of(hash) + "/" + reason, true) != null) {
            return;
        }
        String what = "the refusal of bundle " + Hex.of(hash).substring(0, 12) + " to role "
                + Integer.toUnsignedString(role) + " (" + reason + ")";
        if (standby) {
            Notices.log("wormhole: " + what + " is not audited: the server is a hot standby");
            return;
        }
        auditRefusal(new HostWrite("auditing " + what), role, hash, reason).run();
    }

    private static HostWrite auditRefusal(HostWrite write, int role, byte[] hash, String reason) {
        return write.statement("INSERT INTO wormhole.audit (role, action, hash, detail)"
                + " VALUES (pg_catalog.pg_get_userbyid($1), 'reject', $2, $3)", new int[] {OID, BYTEA, TEXT},
                Params.of(Integer.toUnsignedString(role), bytea(hash), reason));
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
