package io.wormhole.server.jdbc;

import io.wormhole.server.pg.Params;
import io.wormhole.server.pg.SpiResult;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.Map;

/**
 * Names and JDBC types of types this layer does not know by heart (inet, enums, composites, extension types),
 * read from {@code pg_type} once per backend, as pgJDBC's type cache does.
 */
final class TypeNames {
    private static final Map<Integer, String[]> CATALOG = new HashMap<>();

    private TypeNames() {}

    static String name(int oid) throws SQLException {
        String known = Oids.name(oid);
        return "unknown".equals(known) ? lookup(oid)[0] : known;
    }

    static int jdbcType(int oid) throws SQLException {
        if (!"unknown".equals(Oids.name(oid))) {
            return Oids.jdbcType(oid);
        }
        return switch (lookup(oid)[1]) {
            case "e" -> Types.VARCHAR;
            case "c" -> Types.STRUCT;
            default -> Types.OTHER;
        };
    }

    private static synchronized String[] lookup(int oid) throws SQLException {
        String[] entry = CATALOG.get(oid);
        if (entry == null) {
            SpiResult r = PlanCache.get("SELECT typname::text, typtype::text FROM pg_catalog.pg_type WHERE oid = $1",
                    new int[] {Oids.OID}).execute(Params.of(Integer.toUnsignedString(oid)), 1);
            entry = r.rowCount() == 0 ? new String[] {"unknown", "b"} : new String[] {r.text(0, 0), r.text(0, 1)};
            CATALOG.put(oid, entry);
        }
        return entry;
    }
}
