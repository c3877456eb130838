package io.wormhole.server.call;

import io.wormhole.server.pg.Params;
import io.wormhole.server.pg.Plan;
import io.wormhole.server.pg.SpiResult;
import io.wormhole.server.verify.Allowlist;
import io.wormhole.server.verify.Limits;
import io.wormhole.server.verify.Verifier;
import io.wormhole.wire.Bundle;
import io.wormhole.wire.Hex;
import java.sql.SQLException;
import java.util.HexFormat;

/**
 * The server's own tables: {@code wormhole.bundles} (bundles installed by any backend, found again by hash, with
 * their call counts), {@code wormhole.audit}, and {@code wormhole.allowlist}. All run as the extension's owner: the
 * calling role needs no privilege on them.
 */
final class BundleStore {
    private static final int BYTEA = 17;
    private static final int TEXT = 25;
    private static final int TEXT_ARRAY = 1009;
    private static final int INT4 = 23;
    private static final int INT8 = 20;
    private static final int OID = 26;

    private Plan find;
    private Plan insert;
    private Plan audit;
    private Plan rules;
    private Plan stats;

    /** The stored bundle with this hash, or {@code null}. */
    Bundle find(byte[] hash) throws SQLException {
        if (find == null) {
            find = Plan.prepareAsHost("SELECT classes FROM wormhole.bundles WHERE hash = $1", BYTEA);
        }
        SpiResult r = find.executeAsHost(Params.of(bytea(hash)));
        if (r.rowCount() == 0) {
            return null;
        }
        String text = r.text(0, 0);
        return Bundle.fromBytes(HexFormat.of().parseHex(text, 2, text.length()));
    }

    /** Stores a verified bundle installed by {@code role}, and audits the installation. */
    void store(Bundle bundle, int role) throws SQLException {
        if (insert == null) {
            insert = Plan.prepareAsHost("INSERT INTO wormhole.bundles (hash, class_names, classes, size, installed_by)"
                    + " VALUES ($1, $2, $3, $4, pg_get_userbyid($5)) ON CONFLICT (hash) DO NOTHING",
                    BYTEA, TEXT_ARRAY, BYTEA, INT4, OID);
        }
        SpiResult r = insert.executeAsHost(Params.of(bytea(bundle.hash()), textArray(bundle),
                bytea(bundle.toBytes()), Integer.toString(bundle.totalBytes()), Integer.toUnsignedString(role)));
        if (r.processed() > 0) {
            audit(role, "install", bundle.hash(), bundle.classes().size() + " classes, " + bundle.totalBytes()
                    + " bytes");
        }
    }

    void audit(int role, String action, byte[] hash, String detail) throws SQLException {
        if (audit == null) {
            audit = Plan.prepareAsHost("INSERT INTO wormhole.audit (role, action, hash, detail)"
                    + " VALUES (pg_get_userbyid($1), $2, $3, $4)", OID, TEXT, BYTEA, TEXT);
        }
        audit.executeAsHost(Params.of(Integer.toUnsignedString(role), action, bytea(hash), detail));
    }

    /** The verifier as the DBA configured it now: the allowlist table and the size limits. */
    Verifier verifier() throws SQLException {
        if (rules == null) {
            rules = Plan.prepareAsHost("SELECT (SELECT string_agg(rule, E'\\n' ORDER BY position) FROM wormhole.allowlist),"
                    + " (SELECT setting FROM pg_settings WHERE name = 'wormhole.max_bundle_classes'),"
                    + " (SELECT setting FROM pg_settings WHERE name = 'wormhole.max_class_size'),"
                    + " (SELECT setting::bigint * 1024 FROM pg_settings WHERE name = 'wormhole.max_bundle_size')");
        }
        SpiResult r = rules.executeAsHost(Params.none());
        String text = r.text(0, 0);
        Limits limits = Limits.defaults().withMaxClasses(Integer.parseInt(r.text(0, 1)))
                .withMaxClassBytes(Integer.parseInt(r.text(0, 2)) * 1024)
                .withMaxBundleBytes(Long.parseLong(r.text(0, 3)));
        return Verifier.of(Allowlist.parse(text == null ? "" : text), limits);
    }

    /** Adds calls and their time to a bundle's statistics. */
    void addStats(byte[] hash, long calls, long nanos) throws SQLException {
        if (stats == null) {
            stats = Plan.prepareAsHost("UPDATE wormhole.bundles SET calls = calls + $2,"
                    + " total_time = total_time + make_interval(secs => $3 / 1e9), last_used = now()"
                    + " WHERE hash = $1", BYTEA, INT8, INT8);
        }
        stats.executeAsHost(Params.of(bytea(hash), Long.toString(calls), Long.toString(nanos)));
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
