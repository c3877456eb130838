package io.wormhole.server.jdbc;

import io.wormhole.internal.SqlState;
import io.wormhole.server.pg.Oids;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Map;
import java.util.function.Supplier;
import org.postgresql.geometric.PGbox;
import org.postgresql.geometric.PGcircle;
import org.postgresql.geometric.PGline;
import org.postgresql.geometric.PGlseg;
import org.postgresql.geometric.PGpath;
import org.postgresql.geometric.PGpoint;
import org.postgresql.geometric.PGpolygon;
import org.postgresql.util.PGInterval;
import org.postgresql.util.PGmoney;
import org.postgresql.util.PGobject;

/**
 * Values of the types pgJDBC has no standard Java class for, as pgJDBC gives and takes them: its own
 * {@code PGobject} (json, jsonb, inet, bit strings, records, any other type) or the subclass it registers for the type
 * (interval, money, the geometric types); text for the types it reads as strings (enums, unknown).
 */
final class PgValues {
    private PgValues() {}

    /** What pgJDBC's {@code getObject} returns for a value of a type {@link Texts} does not map itself. */
    static Object object(int oid, String text) throws SQLException {
        switch (oid) {
            case Oids.TEXT, Oids.VARCHAR, Oids.BPCHAR, Oids.NAME, Oids.CHAR, Oids.UNKNOWN:
                return text;
            default:
                break;
        }
        int element = TypeNames.elementOf(oid);
        if (element != 0) {
            return new SpiArray(element, text);
        }
        return readsAsText(oid) ? text : object(TypeNames.name(oid), text);
    }

    /** Whether pgJDBC reads values of this type as strings (enums, unknown), not as a PGobject. */
    static boolean readsAsText(int oid) throws SQLException {
        return "unknown".equals(TypeNames.name(oid)) || TypeNames.jdbcType(oid) == Types.VARCHAR;
    }


    /** The subclasses pgJDBC registers for types, by type name; any other type reads as a plain PGobject. */
    private static final Map<String, Supplier<PGobject>> REGISTERED = Map.of("interval", PGInterval::new,
            "money", PGmoney::new, "point", PGpoint::new, "box", PGbox::new, "circle", PGcircle::new,
            "line", PGline::new, "lseg", PGlseg::new, "path", PGpath::new, "polygon", PGpolygon::new);

    /** The class pgJDBC registers for the type named {@code type}, or null. */
    static String registeredClassName(String type) {
        Supplier<PGobject> make = REGISTERED.get(type);
        return make == null ? null : make.get().getClass().getName();
    }

    /** pgJDBC's object for a value of the type named {@code type}: the registered subclass, or a plain PGobject. */
    static PGobject object(String type, String text) throws SQLException {
        PGobject o = REGISTERED.getOrDefault(type, PGobject::new).get();
        o.setType(type);
        o.setValue(text);
        return o;
    }

    /** A PGobject parameter as pgJDBC binds it: typed by its type name, as its text. */
    static Binder binder(PGobject value) throws SQLException {
        String type = value.getType();
        int oid = type == null ? Oids.UNSPECIFIED : TypeNames.oid(type);
        if (oid == Oids.UNSPECIFIED) {
            throw new SQLException("Unknown type " + type + ".", SqlState.INVALID_PARAMETER_TYPE);
        }
        return new Binder(oid, value.isNull() ? null : value.getValue());
    }
}
