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
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.postgresql.PGStatement;
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
            return new Binder(Oids.TIMESTAMP, t.isAfter(MAX_LOCAL) ? "infinity" : t.isBefore(MIN_LOCAL) ? "-infinity"
                    : toMicros(t).format(TIMESTAMP));
        }
        if (value instanceof OffsetDateTime t) {
            return new Binder(Oids.TIMESTAMPTZ, offsetDateTime(t));
        }
        if (value instanceof ZonedDateTime t) {
            return new Binder(Oids.TIMESTAMPTZ, offsetDateTime(t.toOffsetDateTime()));
        }
        if (value instanceof Instant i) {
            return new Binder(Oids.TIMESTAMPTZ, offsetDateTime(i.atOffset(ZoneOffset.UTC)));
        }
        if (value instanceof LocalTime t) {
            return new Binder(Oids.TIME, t.toString());
        }
        if (value instanceof OffsetTime t) {
            return new Binder(Oids.TIMETZ, t.toString());
        }
        if (value instanceof Timestamp t) {
            // pgJDBC sends timestamps untyped, with the JVM's offset: the column's type decides what they mean.
            if (t.getTime() == PGStatement.DATE_POSITIVE_INFINITY || t.getTime() == PGStatement.DATE_NEGATIVE_INFINITY) {
                return new Binder(Oids.UNSPECIFIED, t.getTime() > 0 ? "infinity" : "-infinity");
            }
            ZonedDateTime z = toMicros(t.toLocalDateTime()).atZone(ZoneId.systemDefault());
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
        if (value.getClass().isArray()) {
            return arrayOfJava(value);
        }
        if (value instanceof PGobject o) {
            return PgValues.binder(o);
        }
        throw new SQLException("Can't infer the SQL type to use for an instance of " + value.getClass().getName()
                + ". Use setObject() with an explicit Types value to specify the type to use.",
                SqlState.INVALID_PARAMETER_TYPE);
    }

    /**
     * A Java array as pgJDBC binds it: as the array type of its innermost element type, primitive or boxed, nested
     * arrays as dimensions ({@code int[][]} is an {@code int4} array of two dimensions, {@code byte[][]} a
     * {@code bytea} array).
     */
    private static Binder arrayOfJava(Object array) throws SQLException {
        Class<?> leaf = array.getClass().getComponentType();
        while (leaf.isArray() && leaf != byte[].class) {
            leaf = leaf.getComponentType();
        }
        if (leaf.isPrimitive() && !ELEMENTS.containsKey(leaf)) {
            throw new SQLException("Can't infer the SQL type to use for an instance of "
                    + array.getClass().getName() + ". Use setObject() with an explicit Types value to specify the type"
                    + " to use.", SqlState.INVALID_PARAMETER_TYPE);
        }
        int oid = ELEMENTS.getOrDefault(leaf, Oids.TEXT);
        return new Binder(Oids.arrayOf(oid), SpiArray.of(oid, boxed(array)).toString());
    }

    /** The SQL element type of a Java array's innermost elements; others go as text. */
    private static final Map<Class<?>, Integer> ELEMENTS = Map.ofEntries(
            Map.entry(int.class, Oids.INT4), Map.entry(Integer.class, Oids.INT4),
            Map.entry(long.class, Oids.INT8), Map.entry(Long.class, Oids.INT8),
            Map.entry(short.class, Oids.INT2), Map.entry(Short.class, Oids.INT2),
            Map.entry(double.class, Oids.FLOAT8), Map.entry(Double.class, Oids.FLOAT8),
            Map.entry(float.class, Oids.FLOAT4), Map.entry(Float.class, Oids.FLOAT4),
            Map.entry(boolean.class, Oids.BOOL), Map.entry(Boolean.class, Oids.BOOL),
            Map.entry(String.class, Oids.VARCHAR), Map.entry(BigDecimal.class, Oids.NUMERIC),
            Map.entry(UUID.class, Oids.UUID), Map.entry(byte[].class, Oids.BYTEA));

    /** The array's elements as objects, nested arrays (but {@code byte[]} values) as nested {@code Object[]}. */
    private static Object[] boxed(Object array) {
        Object[] out = new Object[java.lang.reflect.Array.getLength(array)];
        for (int i = 0; i < out.length; i++) {
            Object e = java.lang.reflect.Array.get(array, i);
            out[i] = e != null && e.getClass().isArray() && !(e instanceof byte[]) ? boxed(e) : e;
        }
        return out;
    }

    /** A value's text when it stands inside an array. */
    static String text(Object value) {
        try {
            return of(value).text();
        } catch (SQLException e) {
            return value.toString();
        }
    }

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");
    /** pgJDBC's bounds: a value within half a second of the type's end goes as infinity. */
    private static final LocalDateTime MAX_LOCAL = LocalDateTime.MAX.minus(Duration.ofMillis(500));
    private static final LocalDateTime MIN_LOCAL = LocalDateTime.MIN.plus(Duration.ofMillis(500));
    private static final OffsetDateTime MAX_OFFSET = OffsetDateTime.MAX.minus(Duration.ofMillis(500));
    private static final OffsetDateTime MIN_OFFSET = OffsetDateTime.MIN.plus(Duration.ofMillis(500));

    private static String offsetDateTime(OffsetDateTime t) {
        if (t.isAfter(MAX_OFFSET)) {
            return "infinity";
        }
        if (t.isBefore(MIN_OFFSET)) {
            return "-infinity";
        }
        return OffsetDateTime.of(toMicros(t.toLocalDateTime()), t.getOffset()).format(TIMESTAMP_WITH_OFFSET);
    }

    /** To the microsecond, half up, as pgJDBC rounds a value finer than PostgreSQL holds before it sends it. */
    private static LocalDateTime toMicros(LocalDateTime t) {
        return (t.getNano() % 1000 > 499 ? t.plusNanos(1000) : t).truncatedTo(ChronoUnit.MICROS);
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
