package io.wormhole.server.jdbc;

import io.wormhole.internal.SqlState;
import io.wormhole.server.pg.Oids;
import io.wormhole.server.pg.Params;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Date;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.UUID;
import org.postgresql.util.PGobject;

/**
 * A Java value as a parameter: the type OID pgJDBC would send for it, and its text; or, for {@code bool},
 * {@code int2}, {@code int4} and {@code int8}, the value itself ({@code binary}), which crosses to C without text.
 */
record Binder(int oid, String text, boolean binary, long value) {
    Binder(int oid, String text) {
        this(oid, text, false, 0);
    }

    static Binder fixed(int oid, long value) {
        return new Binder(oid, null, true, value);
    }

    /** The text PostgreSQL's input function reads ({@code null}: SQL NULL), also of a binary value. */
    @Override
    public String text() {
        return binary ? Params.fixedText(oid, value) : text;
    }

    private static final DateTimeFormatter TIMESTAMP_WITH_OFFSET =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSxxx");

    static Binder of(Object value) throws SQLException {
        if (value == null) {
            return new Binder(Oids.UNSPECIFIED, null);
        }
        if (value instanceof String s) {
            return new Binder(Oids.VARCHAR, s);
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return fixed(value instanceof Integer ? Oids.INT4 : Oids.INT2, ((Number) value).longValue());
        }
        if (value instanceof Long l) {
            return fixed(Oids.INT8, l);
        }
        if (value instanceof Boolean b) {
            return fixed(Oids.BOOL, b ? 1 : 0);
        }
        if (value instanceof BigDecimal || value instanceof BigInteger) {
            return new Binder(Oids.NUMERIC, value.toString());
        }
        if (value instanceof Double) {
            return new Binder(Oids.FLOAT8, value.toString());
        }
        if (value instanceof Float) {
            return new Binder(Oids.FLOAT4, value.toString());
        }
        if (value instanceof Character c) {
            return new Binder(Oids.VARCHAR, c.toString());
        }
        if (value instanceof byte[] b) {
            return new Binder(Oids.BYTEA, "\\x" + HexFormat.of().formatHex(b));
        }
        if (value instanceof UUID) {
            return new Binder(Oids.UUID, value.toString());
        }
        if (value instanceof LocalDate d) {
            return new Binder(Oids.DATE, localDate(d));
        }
        if (value instanceof LocalDateTime t) {
            return new Binder(Oids.TIMESTAMP, t.toString().replace('T', ' '));
        }
        if (value instanceof OffsetDateTime t) {
            return new Binder(Oids.TIMESTAMPTZ, t.format(TIMESTAMP_WITH_OFFSET));
        }
        if (value instanceof ZonedDateTime t) {
            return new Binder(Oids.TIMESTAMPTZ, t.toOffsetDateTime().format(TIMESTAMP_WITH_OFFSET));
        }
        if (value instanceof Instant i) {
            return new Binder(Oids.TIMESTAMPTZ, i.atOffset(java.time.ZoneOffset.UTC).format(TIMESTAMP_WITH_OFFSET));
        }
        if (value instanceof LocalTime t) {
            return new Binder(Oids.TIME, t.toString());
        }
        if (value instanceof OffsetTime t) {
            return new Binder(Oids.TIMETZ, t.toString());
        }
        if (value instanceof Timestamp t) {
            // pgJDBC sends timestamps untyped, with the JVM's offset: the column's type decides what they mean.
            ZonedDateTime z = t.toLocalDateTime().atZone(ZoneId.systemDefault());
            return new Binder(Oids.UNSPECIFIED, z.toOffsetDateTime().format(TIMESTAMP_WITH_OFFSET));
        }
        if (value instanceof Date d) {
            return new Binder(Oids.DATE, localDate(d.toLocalDate()));
        }
        if (value instanceof Time t) {
            return new Binder(Oids.UNSPECIFIED, t.toLocalTime().toString());
        }
        if (value instanceof SpiArray a) {
            return new Binder(Oids.arrayOf(a.elementOid()), a.toString());
        }
        if (value instanceof Array a) {
            return new Binder(Oids.UNSPECIFIED, a.toString());
        }
        if (value instanceof Object[] || value instanceof int[] || value instanceof long[]) {
            return arrayOfJava(value);
        }
        if (value instanceof PGobject o) {
            return PgValues.binder(o);
        }
        throw new SQLException("Can't infer the SQL type to use for an instance of " + value.getClass().getName()
                + ". Use setObject() with an explicit Types value to specify the type to use.",
                SqlState.INVALID_PARAMETER_TYPE);
    }

    /** A Java array as pgJDBC binds it: as the array type of its element type. */
    private static Binder arrayOfJava(Object array) throws SQLException {
        Object[] boxed;
        if (array instanceof int[] ints) {
            boxed = java.util.Arrays.stream(ints).boxed().toArray();
            return new Binder(Oids.arrayOf(Oids.INT4), SpiArray.of(Oids.INT4, boxed).toString());
        }
        if (array instanceof long[] longs) {
            boxed = java.util.Arrays.stream(longs).boxed().toArray();
            return new Binder(Oids.arrayOf(Oids.INT8), SpiArray.of(Oids.INT8, boxed).toString());
        }
        boxed = (Object[]) array;
        Class<?> component = array.getClass().getComponentType();
        int element = component == String.class ? Oids.TEXT : component == Integer.class ? Oids.INT4
                : component == Long.class ? Oids.INT8 : component == Double.class ? Oids.FLOAT8
                : component == BigDecimal.class ? Oids.NUMERIC : component == Boolean.class ? Oids.BOOL
                : component == UUID.class ? Oids.UUID : Oids.TEXT;
        return new Binder(Oids.arrayOf(element), SpiArray.of(element, boxed).toString());
    }

    /** A value's text when it stands inside an array. */
    static String text(Object value) {
        try {
            return of(value).text();
        } catch (SQLException e) {
            return value.toString();
        }
    }

    private static String localDate(LocalDate d) {
        if (d.equals(LocalDate.MAX)) {
            return "infinity";
        }
        if (d.equals(LocalDate.MIN)) {
            return "-infinity";
        }
        return d.getYear() <= 0 ? d.withYear(1 - d.getYear()) + " BC" : d.toString();
    }
}
