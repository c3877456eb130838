package io.wormhole.server.call;

import io.wormhole.server.pg.Params;
import io.wormhole.server.pg.Plan;
import io.wormhole.server.pg.SpiResult;
import io.wormhole.wire.Bundle;
import io.wormhole.wire.Hex;
import java.sql.SQLException;
import java.util.HexFormat;

/** The {@code wormhole.bundles} table: bundles installed by any backend, found again by hash. */
final class BundleStore {
    private static final int BYTEA = 17;
    private static final int TEXT_ARRAY = 1009;
    private static final int INT4 = 23;

    private Plan find;
    private Plan insert;

    /** The stored bundle with this hash, or {@code null}. */
    Bundle find(byte[] hash) throws SQLException {
        if (find == null) {
            find = Plan.prepare("SELECT classes FROM wormhole.bundles WHERE hash = $1", BYTEA);
        }
        SpiResult r = find.execute(Params.of(bytea(hash)), 1);
        if (r.rowCount() == 0) {
            return null;
        }
        String text = r.text(0, 0);
        return Bundle.fromBytes(HexFormat.of().parseHex(text, 2, text.length()));
    }

    void store(Bundle bundle) throws SQLException {
        if (insert == null) {
            insert = Plan.prepare("INSERT INTO wormhole.bundles (hash, class_names, classes, size)"
                    + " VALUES ($1, $2, $3, $4) ON CONFLICT (hash) DO NOTHING", BYTEA, TEXT_ARRAY, BYTEA, INT4);
        }
        byte[] classes = bundle.toBytes();
        insert.execute(Params.of(bytea(bundle.hash()), textArray(bundle), bytea(classes),
                Integer.toString(bundle.totalBytes())), 0);
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
