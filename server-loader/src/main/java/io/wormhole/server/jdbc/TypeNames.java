package io.wormhole.server.jdbc;

import io.wormhole.server.pg.Oids;
import io.wormhole.server.pg.Params;
import io.wormhole.server.pg.SpiResult;
import java.lang.reflect.Field;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Names and JDBC types of types this layer does not know by heart (inet, enums, composites, extension types),
 * read from {@code pg_type} once per backend, as pgJDBC's type cache does; and the types named by {@code PGobject}
 * parameters.
 */
final class TypeNames {
    private static final Map<Integer, String[]> CATALOG = new HashMap<>();
    private static final Map<String, Integer> BY_NAME = new HashMap<>();

    /** Every code {@code java.sql.Types} names. */
    private static final Set<Integer> JDBC_TYPES = jdbcTypes();

    private TypeNames() {}

    /** Whether {@code code} is one of {@code java.sql.Types}' codes. */
    static boolean isJdbcType(int code) {
        return JDBC_TYPES.contains(code);
    }

    private static Set<Integer> jdbcTypes() {
        Set<Integer> codes = new HashSet<>();
        for (Field f : Types.class.getFields()) {
            try {
                codes.add(f.getInt(null));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("java.sql.Types." + f.getName() + " cannot be read", e);
            }
        }
        return Set.copyOf(codes);
    }

    static String name(int oid) throws SQLException {
        String known = Oids.name(oid);
        return "unknown".equals(known) ? lookup(oid)[0] : known;
    }

    static int jdbcType(int oid) throws SQLException {
        if (!"unknown".equals(Oids.name(oid))) {
            return Oids.jdbcType(oid);
        }
        if (elementOf(oid) != 0) {
            return Types.ARRAY;
        }
        return switch (lookup(oid)[1]) {
            case "e" -> Types.VARCHAR;
            case "c" -> Types.STRUCT;
            default -> Types.OTHER;
        };
    }

    /** The element type of an array type (one whose input is {@code array_in}, as pgJDBC decides), or 0. */
    static int elementOf(int oid) throws SQLException {
        int known = Oids.elementOf(oid);
        if (known != 0 || !"unknown".equals(Oids.name(oid))) {
            return known;
        }
        return Integer.parseUnsignedInt(lookup(oid)[2]);
    }

    /**
     * The type a name stands for, as pgJDBC finds the type of a {@code PGobject} parameter: {@code schema.name}, or
     * the first in the search path; {@link Oids#UNSPECIFIED} when there is none.
     */
    static synchronized int oid(String name) throws SQLException {
        Integer known = BY_NAME.get(name);
        if (known == null) {
            int dot = name.indexOf('.');
            String schema = dot < 0 ? null : name.substring(0, dot);
            SpiResult r = PlanCache.get("SELECT t.oid FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n"
                    + " ON n.oid = t.typnamespace WHERE t.typname = $1 AND ($2::text IS NULL"
                    + " AND pg_catalog.pg_type_is_visible(t.oid) OR n.nspname = $2) LIMIT 1",
                    new int[] {Oids.TEXT, Oids.TEXT}).execute(Params.of(name.substring(dot + 1), schema), 1);
            known = r.rowCount() == 0 ? Oids.UNSPECIFIED : Integer.parseUnsignedInt(r.text(0, 0));
            if (known != Oids.UNSPECIFIED) {
                BY_NAME.put(name, known);
            }
        }
        return known;
    }

    private static synchronized String[] lookup(int oid) throws SQLException {
        String[] entry = CATALOG.get(oid);
        if (entry == null) {
            SpiResult r = PlanCache.get("SELECT typname::text, typtype::text, CASE WHEN typinput"
                    + " = 'pg_catalog.array_in'::pg_catalog.regproc THEN typelem ELSE 0 END::text"
                    + " FROM pg_catalog.pg_type WHERE oid = $1",
                    new int[] {Oids.OID}).execute(Params.of(Integer.toUnsignedString(oid)), 1);
            entry = r.rowCount() == 0 ? new String[] {"unknown", "b", "0"}
                    : new String[] {r.text(0, 0), r.text(0, 1), r.text(0, 2)};
            CATALOG.put(oid, entry);
        }
        return entry;
    }
}
