package io.wormhole.server.jdbc;

import io.wormhole.internal.SqlState;
import io.wormhole.server.pg.Oids;
import java.math.BigDecimal;
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
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.SignStyle;
import java.time.temporal.ChronoField;
import java.util.HexFormat;
import java.util.UUID;

/**
 * PostgreSQL's text output (ISO DateStyle) as Java values, the way pgJDBC reads the text protocol: the same class
 * from {@code getObject} for each type (pgJDBC's own classes, through {@link PgValues}, for the types it has them
 * for), and its sentinels for infinite dates and timestamps.
 */
final class Texts {
    /** pgJDBC's {@code PGStatement.DATE_POSITIVE_INFINITY} and {@code DATE_NEGATIVE_INFINITY}. */
    static final long POSITIVE_INFINITY = 9223372036825200000L;
    static final long NEGATIVE_INFINITY = -9223372036832400000L;

    /** PostgreSQL writes years past 9999 with more digits and no sign (timestamps reach 294276, dates 5874897). */
    private static final DateTimeFormatter LOCAL_DATE = new DateTimeFormatterBuilder()
            .appendValue(ChronoField.YEAR, 4, 9, SignStyle.NORMAL).appendPattern("-MM-dd").toFormatter();
    private static final DateTimeFormatter LOCAL_DATE_TIME = new DateTimeFormatterBuilder()
            .append(LOCAL_DATE).appendPattern(" HH:mm:ss").optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd().toFormatter();
    private static final DateTimeFormatter OFFSET_DATE_TIME = new DateTimeFormatterBuilder()
            .append(LOCAL_DATE_TIME).appendOffset("+HH:mm:ss", "+00").toFormatter();
    private static final DateTimeFormatter LOCAL_TIME = new DateTimeFormatterBuilder().appendPattern("HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd().toFormatter();
    private static final DateTimeFormatter OFFSET_TIME = new DateTimeFormatterBuilder().append(LOCAL_TIME)
            .appendOffset("+HH:mm:ss", "+00").toFormatter();

    private Texts() {}

    /** What pgJDBC's {@code getObject} returns for a value of type {@code oid} with this text. */
    static Object object(int oid, int typmod, String text) throws SQLException {
        if (oid == Oids.BIT && typmod == 1) {
            return "1".equals(text);
        }
        return object(oid, text);
    }

    /**
     * A value's text the conversion cannot read is an {@code SQLException}, as pgJDBC's would be, never an unchecked
     * exception out of {@code getObject}.
     */
    static Object object(int oid, String text) throws SQLException {
        try {
            return convert(oid, text);
        } catch (java.time.DateTimeException | IllegalArgumentException e) {
            throw new SQLException("Bad value for type " + Oids.name(oid) + " : " + text,
                    e instanceof java.time.DateTimeException ? SqlState.INVALID_DATETIME_FORMAT
                            : SqlState.INVALID_TEXT_REPRESENTATION, e);
        }
    }

    private static Object convert(int oid, String text) throws SQLException {
        return switch (oid) {
            case Oids.BOOL -> bool(text);
            case Oids.INT2, Oids.INT4 -> Integer.valueOf(text);
            case Oids.INT8, Oids.OID -> Long.valueOf(text);
            case Oids.FLOAT4 -> Float.valueOf(text);
            case Oids.FLOAT8 -> Double.valueOf(text);
            case Oids.NUMERIC -> numeric(text);
            case Oids.BYTEA -> bytes(text);
            case Oids.DATE -> date(text);
            case Oids.TIME, Oids.TIMETZ -> time(oid, text);
            case Oids.TIMESTAMP, Oids.TIMESTAMPTZ -> timestamp(oid, text);
            case Oids.UUID -> UUID.fromString(text);
            case Oids.MONEY -> money(text);
            case Oids.XML -> new SpiSQLXML(text);
            default -> Oids.elementOf(oid) != 0 ? new SpiArray(Oids.elementOf(oid), text) : PgValues.object(oid, text);
        };
    }

    /** pgJDBC's: numeric's special values as the doubles that hold them, any other as a {@code BigDecimal}. */
    private static Object numeric(String text) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> new BigDecimal(text);
        };
    }

    static boolean bool(String text) {
        return switch (text) {
            case "t", "true", "1", "y", "yes", "on" -> true;
            default -> false;
        };
    }

    static byte[] bytes(String text) {
        if (text.startsWith("\\x")) {
            return HexFormat.of().parseHex(text, 2, text.length());
        }
        return escapedBytes(text);
    }

    /** The old "escape" output format of bytea (bytea_output = escape). */
    private static byte[] escapedBytes(String text) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == '\\') {
                out.write('\\');
                i++;
            } else if (c == '\\' && i + 3 < text.length()) {
                out.write(Integer.parseInt(text.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    static Double money(String text) throws SQLException {
        String digits = text.replace("$", "").replace(",", "");
        boolean negative = digits.startsWith("-") || digits.startsWith("(");
        digits = digits.replace("-", "").replace("(", "").replace(")", "");
        try {
            double v = Double.parseDouble(digits);
            return negative ? -v : v;
        } catch (NumberFormatException e) {
            throw new SQLException("bad money value: " + text, SqlState.INVALID_TEXT_REPRESENTATION, e);
        }
    }

    static Date date(String text) {
        if ("infinity".equals(text)) {
            return new Date(POSITIVE_INFINITY);
        }
        if ("-infinity".equals(text)) {
            return new Date(NEGATIVE_INFINITY);
        }
        return Date.valueOf(localDate(text));
    }

    static LocalDate localDate(String text) {
        if ("infinity".equals(text)) {
            return LocalDate.MAX;
        }
        if ("-infinity".equals(text)) {
            return LocalDate.MIN;
        }
        boolean bc = text.endsWith(" BC");
        LocalDate d = LocalDate.parse(bc ? text.substring(0, text.length() - 3) : text, LOCAL_DATE);
        return bc ? d.withYear(1 - d.getYear()) : d;
    }

    static Time time(int oid, String text) {
        if (oid == Oids.TIMETZ) {
            OffsetTime t = OffsetTime.parse(text, OFFSET_TIME);
            Instant at = t.atDate(LocalDate.of(1970, 1, 1)).toInstant();
            return new Time(at.toEpochMilli());
        }
        LocalTime t = "24:00:00".equals(text) ? LocalTime.MAX : LocalTime.parse(text, LOCAL_TIME);
        Time time = Time.valueOf(t);
        return new Time(time.getTime() + t.getNano() / 1_000_000);
    }

    static LocalTime localTime(String text) {
        return "24:00:00".equals(text) ? LocalTime.MAX : LocalTime.parse(text, LOCAL_TIME);
    }

    static Timestamp timestamp(int oid, String text) {
        if ("infinity".equals(text)) {
            return new Timestamp(POSITIVE_INFINITY);
        }
        if ("-infinity".equals(text)) {
            return new Timestamp(NEGATIVE_INFINITY);
        }
        if (oid == Oids.TIMESTAMPTZ) {
            return Timestamp.from(offsetDateTime(text).toInstant());
        }
        return Timestamp.valueOf(localDateTime(text));
    }

    static LocalDateTime localDateTime(String text) {
        if ("infinity".equals(text)) {
            return LocalDateTime.MAX;
        }
        if ("-infinity".equals(text)) {
            return LocalDateTime.MIN;
        }
        boolean bc = text.endsWith(" BC");
        LocalDateTime t = LocalDateTime.parse(bc ? text.substring(0, text.length() - 3) : text, LOCAL_DATE_TIME);
        return bc ? t.withYear(1 - t.getYear()) : t;
    }

    static OffsetDateTime offsetDateTime(String text) {
        if ("infinity".equals(text)) {
            return OffsetDateTime.MAX;
        }
        if ("-infinity".equals(text)) {
            return OffsetDateTime.MIN;
        }
        boolean bc = text.endsWith(" BC");
        OffsetDateTime t = OffsetDateTime.parse(bc ? text.substring(0, text.length() - 3) : text, OFFSET_DATE_TIME);
        t = bc ? t.withYear(1 - t.getYear()) : t;
        // pgJDBC hands back timestamptz values in UTC.
        return t.withOffsetSameInstant(ZoneOffset.UTC);
    }
}
