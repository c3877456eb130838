package io.wormhole.server.call;

import static io.wormhole.server.pg.Oids.BYTEA;
import static io.wormhole.server.pg.Oids.INT4;
import static io.wormhole.server.pg.Oids.INT8;
import static io.wormhole.server.pg.Oids.OID;
import static io.wormhole.server.pg.Oids.TEXT;
import static io.wormhole.server.pg.Params.bytea;

import io.wormhole.server.pg.HostWrite;
import io.wormhole.server.pg.Oids;
import io.wormhole.server.pg.Params;
import io.wormhole.server.pg.Plan;
import io.wormhole.server.pg.SpiResult;
import io.wormhole.server.sandbox.Weaving;
import io.wormhole.wire.Bundle;
import io.wormhole.wire.Hex;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code wormhole.bundles}: the bundles installed by any backend, found again by hash, with the allowlist version
 * they were verified under, the verdict then and their classes as woven then. Like every statement on the host's own
 * tables, these run as the host ({@link Plan#prepareAsHost}, {@link HostWrite}), name every relation, function,
 * operator and type with its schema, and so resolve nothing the calling role could have planted; the calling role
 * needs no privilege on the table. Reads run in the caller's transaction; writes in one of their own, so the caller's
 * transaction never holds a lock on the table's rows.
 */
final class BundleTable {

    private static final long FIRST_RETRY_NANOS = 1_000_000_000L;
    private static final long LAST_RETRY_NANOS = 60_000_000_000L;
    private static final int MAX_UNSTORED = 64;

    private Plan find;

    /** Bundles verified and defined in this backend that could not be stored yet, by hash (hex). */
    private final Map<String, Unstored> unstored = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Unstored> eldest) {
            return size() > MAX_UNSTORED;
        }
    };

    private record Unstored(Bundle bundle, int role, long version, Map<String, byte[]> woven, long notBeforeNanos,
            long delayNanos) {}

    /**
     * A stored bundle, the allowlist version it was last verified under, whether this loader's verifier and weaving
     * code made that verdict, the verifier's rejection then, and its classes as woven then by this loader's weaving
     * code ({@code null} if not, or by other code).
     */
    record Stored(Bundle bundle, long verifiedUnder, boolean byThisCode, String rejection, Map<String, byte[]> woven) {}

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
        boolean byThisCode = Weaving.identity().equals(r.text(0, 4));
        return new Stored(Bundle.stored(unhex(r.text(0, 0)), hash), Long.parseLong(r.text(0, 1)), byThisCode,
                r.text(0, 2), woven != null && byThisCode ? Bundle.fromBytes(unhex(woven)).classes() : null);
    }

    /**
     * Stores a bundle the verifier accepted under allowlist {@code version}, installed by {@code role}, with its
     * {@code woven} classes (or {@code null}), and audits the installation, in a transaction of their own. When
     * nothing could be written (a full set of background workers, a lock held too long: the server log says why), the
     * bundle waits in this backend for {@link #retry}. A hot standby stores nothing.
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
                        new int[] {BYTEA, Oids.arrayOf(TEXT), BYTEA, INT4, OID, INT8, TEXT, BYTEA, TEXT},
                        Params.of(bytea(bundle.hash()), textArray(bundle), bytea(bundle.toBytes()),
                                Integer.toString(bundle.totalBytes()), Integer.toUnsignedString(role),
                                Long.toString(version), bundle.classes().size() + " classes, " + bundle.totalBytes()
                                + " bytes", woven == null ? null : bytea(new Bundle(woven).toBytes()),
                                Weaving.identity())).run();
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
     * recorded already (woven classes of an older verdict never outlive it), and audits a rejection as
     * {@code role}'s, in a transaction of their own. Nothing is recorded on a hot standby, or when the write fails:
     * the bundle is then verified again at its next definition.
     */
    void record(byte[] hash, long version, String rejection, int role, Map<String, byte[]> woven)
            throws SQLException {
        HostWrite write = new HostWrite("recording the verdict on bundle " + Hex.of(hash).substring(0, 12))
                .statement("UPDATE wormhole.bundles b SET allowlist_version = $2, rejection = $3,"
                        + " woven = $4, woven_by = $5 WHERE b.hash OPERATOR(pg_catalog.=) $1"
                        + " AND b.allowlist_version OPERATOR(pg_catalog.<=) $2",
                        new int[] {BYTEA, INT8, TEXT, BYTEA, TEXT}, Params.of(bytea(hash), Long.toString(version),
                                rejection, woven == null ? null : bytea(new Bundle(woven).toBytes()),
                                Weaving.identity()));
        if (rejection != null) {
            RefusalAudit.add(write, role, hash, rejection);
        }
        write.run();
    }

    private static byte[] unhex(String bytea) {
        return HexFormat.of().parseHex(bytea, 2, bytea.length());
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
