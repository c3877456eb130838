package io.wormhole.server.jdbc;

import io.wormhole.internal.SqlState;
import io.wormhole.server.pg.Cursor;
import io.wormhole.server.pg.Oids;
import io.wormhole.server.pg.SpiResult;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Calendar;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.postgresql.util.PGobject;

/**
 * A forward-only, read-only result over SPI: the rows of one statement, or, with a fetch size, a cursor fetched a
 * chunk at a time so that a large result runs in bounded memory. Values are PostgreSQL's text, read as pgJDBC reads
 * them, but for {@code bool} and the integer types, which arrive as values ({@link SpiResult#fixed}).
 */
final class SpiResultSet implements ResultSet {
    private final Statement statement;
    private final List<SpiResult.Column> columns;
    /** {@code columns.size()}, kept: every cell read checks it, and C1 code (a backend's first calls) pays a call. */
    private final int width;
    /** Built at the first lookup by label: most result sets are read by index. */
    private Map<String, Integer> byLabel;
    private final Cursor cursor;
    private final int fetchSize;
    private final long maxRows;
    private SpiResult chunk;
    private int row = -1;
    private long delivered;
    private boolean wasNull;
    private boolean closed;

    SpiResultSet(Statement statement, SpiResult first, Cursor cursor, int fetchSize, long maxRows) {
        this.statement = statement;
        this.chunk = first;
        this.columns = first.columns();
        this.width = columns.size();
        this.cursor = cursor;
        this.fetchSize = fetchSize;
        this.maxRows = maxRows;
    }

    @Override
    public boolean next() throws SQLException {
        checkOpen();
        if (maxRows > 0 && delivered >= maxRows) {
            row = chunk.rowCount();
            return false;
        }
        row++;
        if (row >= chunk.rowCount()) {
            if (cursor == null || chunk.rowCount() == 0) {
                return false;
            }
            chunk = cursor.fetch(fetchSize);
            row = 0;
            if (chunk.rowCount() == 0) {
                cursor.close();
                return false;
            }
        }
        delivered++;
        return true;
    }

    @Override
    public void close() throws SQLException {
        if (!closed) {
            closed = true;
            if (cursor != null) {
                cursor.close();
            }
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    private void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("This ResultSet is closed.", SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE);
        }
    }

    /** The value's text, or {@code null}, after checking the cursor and the index; records wasNull. */
    private String text(int column) throws SQLException {
        checkPosition(column);
        String t = chunk.text(row, column - 1);
        wasNull = t == null;
        return t;
    }

    private void checkPosition(int column) throws SQLException {
        checkOpen();
        if (column < 1 || column > width) {
            throw new SQLException("The column index is out of range: " + column + ", number of columns: "
                    + columns.size() + ".", SqlState.INVALID_PARAMETER_VALUE);
        }
        if (row < 0 || row >= chunk.rowCount()) {
            throw new SQLException("ResultSet not positioned properly, perhaps you need to call next.",
                    SqlState.INVALID_CURSOR_STATE);
        }
    }

    /**
     * Whether the cell holds a value in binary ({@link SpiResult#fixed}), of an integer column ({@code integer}) or
     * of a {@code bool} one, after the checks {@link #text} makes; records wasNull. Otherwise (text, NULL, or the
     * other kind, whose conversions the text path knows) the caller reads the text.
     */
    private boolean binary(int column, boolean integer) throws SQLException {
        checkPosition(column);
        if (!chunk.isBinary(column - 1) || (chunk.typeOid(column - 1) == Oids.BOOL) == integer) {
            return false;
        }
        wasNull = chunk.isNull(row, column - 1);
        return !wasNull;
    }

    private int oid(int column) {
        return columns.get(column - 1).typeOid();
    }

    @Override
    public boolean wasNull() {
        return wasNull;
    }

    @Override
    public int findColumn(String label) throws SQLException {
        if (byLabel == null) {
            byLabel = new HashMap<>();
            // From the last column back: the first of equal labels wins, as in pgJDBC.
            for (int c = columns.size() - 1; c >= 0; c--) {
                byLabel.put(columns.get(c).name().toLowerCase(Locale.ROOT), c + 1);
            }
        }
        Integer i = byLabel.get(label.toLowerCase(Locale.ROOT));
        if (i == null) {
            throw new SQLException("The column name " + label + " was not found in this ResultSet.",
                    SqlState.UNDEFINED_COLUMN);
        }
        return i;
    }

    @Override
    public String getString(int i) throws SQLException {
        return text(i);
    }

    @Override
    public boolean getBoolean(int i) throws SQLException {
        if (binary(i, false)) {
            return chunk.fixed(row, i - 1) != 0;
        }
        String t = text(i);
        if (t == null) {
            return false;
        }
        return switch (t.trim().toLowerCase(Locale.ROOT)) {
            case "t", "true", "1", "y", "yes", "on", "1.0" -> true;
            case "f", "false", "0", "n", "no", "off", "0.0" -> false;
            default -> throw new SQLException("Cannot cast to boolean: \"" + t + "\"",
                    SqlState.CANNOT_COERCE);
        };
    }

    private BigDecimal number(int i, String type) throws SQLException {
        String t = text(i);
        if (t == null) {
            return null;
        }
        try {
            return new BigDecimal(t.trim());
        } catch (NumberFormatException e) {
            throw new SQLException("Bad value for type " + type + " : " + t, SqlState.NUMERIC_VALUE_OUT_OF_RANGE, e);
        }
    }

    @Override
    public int getInt(int i) throws SQLException {
        if (binary(i, true)) {
            long v = chunk.fixed(row, i - 1);
            if (v == (int) v) {
                return (int) v;
            }
        }
        String t = text(i);
        if (t == null) {
            return 0;
        }
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            return exact(number(i, "int"), "int").intValueExact();
        }
    }

    @Override
    public long getLong(int i) throws SQLException {
        if (binary(i, true)) {
            return chunk.fixed(row, i - 1);
        }
        String t = text(i);
        if (t == null) {
            return 0;
        }
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            return exact(number(i, "long"), "long").longValueExact();
        }
    }

    private static BigDecimal exact(BigDecimal v, String type) throws SQLException {
        try {
            BigDecimal truncated = v.setScale(0, RoundingMode.DOWN);
            if ("int".equals(type)) {
                truncated.intValueExact();
            } else {
                truncated.longValueExact();
            }
            return truncated;
        } catch (ArithmeticException e) {
            throw new SQLException("Bad value for type " + type + " : " + v, SqlState.NUMERIC_VALUE_OUT_OF_RANGE, e);
        }
    }

    @Override
    public short getShort(int i) throws SQLException {
        int v = getInt(i);
        if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) {
            throw new SQLException("Bad value for type short : " + v, SqlState.NUMERIC_VALUE_OUT_OF_RANGE);
        }
        return (short) v;
    }

    @Override
    public byte getByte(int i) throws SQLException {
        int v = getInt(i);
        if (v < Byte.MIN_VALUE || v > Byte.MAX_VALUE) {
            throw new SQLException("Bad value for type byte : " + v, SqlState.NUMERIC_VALUE_OUT_OF_RANGE);
        }
        return (byte) v;
    }

    @Override
    public double getDouble(int i) throws SQLException {
        String t = text(i);
        if (t == null) {
            return 0;
        }
        if (oid(i) == Oids.MONEY) {
            return Texts.money(t);
        }
        try {
            return Double.parseDouble(t.trim());
        } catch (NumberFormatException e) {
            throw new SQLException("Bad value for type double : " + t, SqlState.NUMERIC_VALUE_OUT_OF_RANGE, e);
        }
    }

    @Override
    public float getFloat(int i) throws SQLException {
        String t = text(i);
        if (t == null) {
            return 0;
        }
        try {
            return Float.parseFloat(t.trim());
        } catch (NumberFormatException e) {
            throw new SQLException("Bad value for type float : " + t, SqlState.NUMERIC_VALUE_OUT_OF_RANGE, e);
        }
    }

    @Override
    public BigDecimal getBigDecimal(int i) throws SQLException {
        return number(i, "BigDecimal");
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(int i, int scale) throws SQLException {
        BigDecimal v = number(i, "BigDecimal");
        return v == null ? null : v.setScale(scale, RoundingMode.HALF_UP);
    }

    @Override
    public byte[] getBytes(int i) throws SQLException {
        String t = text(i);
        if (t == null) {
            return null;
        }
        return oid(i) == Oids.BYTEA ? Texts.bytes(t) : t.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public Date getDate(int i) throws SQLException {
        String t = text(i);
        if (t == null) {
            return null;
        }
        return temporal("date", t, () -> switch (oid(i)) {
            case Oids.TIMESTAMP, Oids.TIMESTAMPTZ -> new Date(Texts.timestamp(oid(i), t).getTime());
            default -> Texts.date(t);
        });
    }

    @Override
    public Time getTime(int i) throws SQLException {
        String t = text(i);
        if (t == null) {
            return null;
        }
        if (t.endsWith("infinity")) {
            // A timestamp at infinity has no time of day; pgJDBC refuses it.
            throw new SQLException("Bad value for type time : " + t, SqlState.INVALID_DATETIME_FORMAT);
        }
        return temporal("time", t, () -> switch (oid(i)) {
            case Oids.TIMESTAMP, Oids.TIMESTAMPTZ -> new Time(Texts.timestamp(oid(i), t).getTime());
            default -> Texts.time(oid(i), t);
        });
    }

    @Override
    public Timestamp getTimestamp(int i) throws SQLException {
        String t = text(i);
        if (t == null) {
            return null;
        }
        return temporal("timestamp", t, () -> switch (oid(i)) {
            case Oids.DATE -> new Timestamp(Texts.date(t).getTime());
            case Oids.TIME, Oids.TIMETZ -> new Timestamp(Texts.time(oid(i), t).getTime());
            default -> Texts.timestamp(oid(i), t);
        });
    }

    /** Reads a date or time from a value's text. */
    @FunctionalInterface
    private interface TemporalRead<T> {
        T read() throws SQLException;
    }

    /** Text that is no date or time is pgJDBC's 22007 (invalid_datetime_format), not a {@code DateTimeException}. */
    private static <T> T temporal(String type, String text, TemporalRead<T> read) throws SQLException {
        try {
            return read.read();
        } catch (java.time.DateTimeException | IllegalArgumentException e) {
            throw new SQLException("Bad value for type " + type + " : " + text, SqlState.INVALID_DATETIME_FORMAT, e);
        }
    }

    @Override
    public Date getDate(int i, Calendar cal) throws SQLException {
        return getDate(i);
    }

    @Override
    public Time getTime(int i, Calendar cal) throws SQLException {
        return getTime(i);
    }

    @Override
    public Timestamp getTimestamp(int i, Calendar cal) throws SQLException {
        return getTimestamp(i);
    }

    @Override
    public Object getObject(int i) throws SQLException {
        if (binary(i, true)) {
            long v = chunk.fixed(row, i - 1);
            return oid(i) == Oids.INT8 || oid(i) == Oids.OID ? (Object) v : (Object) (int) v;
        }
        if (binary(i, false)) {
            return chunk.fixed(row, i - 1) != 0;
        }
        String t = text(i);
        return t == null ? null : Texts.object(oid(i), columns.get(i - 1).typmod(), t);
    }

    @Override
    public Object getObject(int i, Map<String, Class<?>> map) throws SQLException {
        return getObject(i);
    }

    @Override
    public <T> T getObject(int i, Class<T> type) throws SQLException {
        String t = text(i);
        if (PGobject.class.isAssignableFrom(type)) {
            return pgObject(i, type, t);
        }
        if (t == null) {
            return null;
        }
        Object value;
        if (type == String.class) {
            value = t;
        } else if (type == Integer.class) {
            value = getInt(i);
        } else if (type == Long.class) {
            value = getLong(i);
        } else if (type == Short.class) {
            value = getShort(i);
        } else if (type == Double.class) {
            value = getDouble(i);
        } else if (type == Float.class) {
            value = getFloat(i);
        } else if (type == Boolean.class) {
            value = getBoolean(i);
        } else if (type == BigDecimal.class) {
            value = getBigDecimal(i);
        } else if (type == byte[].class) {
            value = getBytes(i);
        } else if (type == UUID.class) {
            value = UUID.fromString(t);
        } else if (type == LocalDate.class) {
            value = temporal("date", t, () -> oid(i) == Oids.DATE ? Texts.localDate(t)
                    : Texts.localDateTime(t).toLocalDate());
        } else if (type == LocalDateTime.class) {
            value = temporal("timestamp", t, () -> oid(i) == Oids.DATE ? Texts.localDate(t).atStartOfDay()
                    : Texts.localDateTime(t));
        } else if (type == LocalTime.class) {
            value = temporal("time", t, () -> Texts.localTime(t));
        } else if (type == OffsetDateTime.class) {
            value = temporal("timestamptz", t, () -> oid(i) == Oids.TIMESTAMPTZ ? Texts.offsetDateTime(t)
                    : Texts.localDateTime(t).atOffset(java.time.ZoneOffset.UTC));
        } else if (type == Instant.class) {
            value = temporal("timestamptz", t, () -> Texts.offsetDateTime(t).toInstant());
        } else if (type == Date.class) {
            value = getDate(i);
        } else if (type == Time.class) {
            value = getTime(i);
        } else if (type == Timestamp.class) {
            value = getTimestamp(i);
        } else if (type == Array.class) {
            value = getArray(i);
        } else if (type == SQLXML.class) {
            value = getSQLXML(i);
        } else if (type.isInstance(getObject(i))) {
            value = getObject(i);
        } else {
            throw new SQLException("conversion to " + type + " from " + Oids.name(oid(i)) + " not supported",
                    SqlState.INVALID_PARAMETER_VALUE);
        }
        return type.cast(value);
    }

    /**
     * As pgJDBC: the column type's own object whatever subclass was asked for, holding SQL NULL as a null value rather
     * than being {@code null}; a class that is not the type's is a clear error here.
     */
    private <T> T pgObject(int i, Class<T> type, String text) throws SQLException {
        PGobject o = PgValues.object(TypeNames.name(oid(i)), text);
        if (!type.isInstance(o)) {
            throw new SQLException("conversion to " + type + " from " + TypeNames.name(oid(i)) + " not supported",
                    SqlState.INVALID_PARAMETER_VALUE);
        }
        return type.cast(o);
    }

    @Override
    public SQLXML getSQLXML(int i) throws SQLException {
        String t = text(i);
        return t == null ? null : new SpiSQLXML(t);
    }

    @Override
    public SQLXML getSQLXML(String label) throws SQLException {
        return getSQLXML(findColumn(label));
    }

    @Override
    public Array getArray(int i) throws SQLException {
        String t = text(i);
        if (t == null) {
            return null;
        }
        int element = TypeNames.elementOf(oid(i));
        return new SpiArray(element == 0 ? Oids.TEXT : element, t);
    }

    // By label: the same, through findColumn.

    @Override
    public String getString(String label) throws SQLException {
        return getString(findColumn(label));
    }

    @Override
    public boolean getBoolean(String label) throws SQLException {
        return getBoolean(findColumn(label));
    }

    @Override
    public int getInt(String label) throws SQLException {
        return getInt(findColumn(label));
    }

    @Override
    public long getLong(String label) throws SQLException {
        return getLong(findColumn(label));
    }

    @Override
    public short getShort(String label) throws SQLException {
        return getShort(findColumn(label));
    }

    @Override
    public byte getByte(String label) throws SQLException {
        return getByte(findColumn(label));
    }

    @Override
    public double getDouble(String label) throws SQLException {
        return getDouble(findColumn(label));
    }

    @Override
    public float getFloat(String label) throws SQLException {
        return getFloat(findColumn(label));
    }

    @Override
    public BigDecimal getBigDecimal(String label) throws SQLException {
        return getBigDecimal(findColumn(label));
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(String label, int scale) throws SQLException {
        return getBigDecimal(findColumn(label), scale);
    }

    @Override
    public byte[] getBytes(String label) throws SQLException {
        return getBytes(findColumn(label));
    }

    @Override
    public Date getDate(String label) throws SQLException {
        return getDate(findColumn(label));
    }

    @Override
    public Time getTime(String label) throws SQLException {
        return getTime(findColumn(label));
    }

    @Override
    public Timestamp getTimestamp(String label) throws SQLException {
        return getTimestamp(findColumn(label));
    }

    @Override
    public Date getDate(String label, Calendar cal) throws SQLException {
        return getDate(findColumn(label));
    }

    @Override
    public Time getTime(String label, Calendar cal) throws SQLException {
        return getTime(findColumn(label));
    }

    @Override
    public Timestamp getTimestamp(String label, Calendar cal) throws SQLException {
        return getTimestamp(findColumn(label));
    }

    @Override
    public Object getObject(String label) throws SQLException {
        return getObject(findColumn(label));
    }

    @Override
    public Object getObject(String label, Map<String, Class<?>> map) throws SQLException {
        return getObject(findColumn(label));
    }

    @Override
    public <T> T getObject(String label, Class<T> type) throws SQLException {
        return getObject(findColumn(label), type);
    }

    @Override
    public Array getArray(String label) throws SQLException {
        return getArray(findColumn(label));
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        return new SpiResultSetMetaData(columns);
    }

    @Override
    public Statement getStatement() {
        return statement;
    }

    @Override
    public SQLWarning getWarnings() {
        return null;
    }

    @Override
    public void clearWarnings() {}

    @Override
    public int getType() {
        return ResultSet.TYPE_FORWARD_ONLY;
    }

    @Override
    public int getConcurrency() {
        return ResultSet.CONCUR_READ_ONLY;
    }

    @Override
    public int getHoldability() {
        return ResultSet.CLOSE_CURSORS_AT_COMMIT;
    }

    @Override
    public int getFetchDirection() {
        return ResultSet.FETCH_FORWARD;
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        if (direction != ResultSet.FETCH_FORWARD) {
            throw new SQLException("Operation requires a scrollable ResultSet, but this ResultSet is FORWARD_ONLY.",
                    SqlState.INVALID_CURSOR_STATE);
        }
    }

    @Override
    public int getFetchSize() {
        return fetchSize;
    }

    @Override
    public void setFetchSize(int rows) {}

    @Override
    public int getRow() {
        return row < 0 ? 0 : (int) delivered;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return Wrappers.unwrap(this, ResultSet.class, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return Wrappers.isWrapperFor(ResultSet.class, iface);
    }

    @Override
    public boolean isBeforeFirst() {
        return row < 0 && chunk.rowCount() > 0;
    }

    // Not supported over SPI: each refusal names its method, as pgJDBC's do.

    @Override
    public InputStream getAsciiStream(int columnIndex) throws SQLException {
        throw Unsupported.method("ResultSet.getAsciiStream(int)");
    }

    @Override
    @Deprecated
    public InputStream getUnicodeStream(int columnIndex) throws SQLException {
        throw Unsupported.method("ResultSet.getUnicodeStream(int)");
    }

    @Override
    public InputStream getBinaryStream(int columnIndex) throws SQLException {
        throw Unsupported.method("ResultSet.getBinaryStream(int)");
    }

    @Override
    public InputStream getAsciiStream(String columnLabel) throws SQLException {
        throw Unsupported.method("ResultSet.getAsciiStream(String)");
    }

    @Override
    @Deprecated
    public InputStream getUnicodeStream(String columnLabel) throws SQLException {
        throw Unsupported.method("ResultSet.getUnicodeStream(String)");
    }

    @Override
    public InputStream getBinaryStream(String columnLabel) throws SQLException {
        throw Unsupported.method("ResultSet.getBinaryStream(String)");
    }

    @Override
    public String getCursorName() throws SQLException {
        throw Unsupported.method("ResultSet.getCursorName()");
    }

    @Override
    public Reader getCharacterStream(int columnIndex) throws SQLException {
        throw Unsupported.method("ResultSet.getCharacterStream(int)");
    }

    @Override
    public Reader getCharacterStream(String columnLabel) throws SQLException {
        throw Unsupported.method("ResultSet.getCharacterStream(String)");
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        throw Unsupported.method("ResultSet.isAfterLast()");
    }

    @Override
    public boolean isFirst() throws SQLException {
        throw Unsupported.method("ResultSet.isFirst()");
    }

    @Override
    public boolean isLast() throws SQLException {
        throw Unsupported.method("ResultSet.isLast()");
    }

    @Override
    public void beforeFirst() throws SQLException {
        throw Unsupported.method("ResultSet.beforeFirst()");
    }

    @Override
    public void afterLast() throws SQLException {
        throw Unsupported.method("ResultSet.afterLast()");
    }

    @Override
    public boolean first() throws SQLException {
        throw Unsupported.method("ResultSet.first()");
    }

    @Override
    public boolean last() throws SQLException {
        throw Unsupported.method("ResultSet.last()");
    }

    @Override
    public boolean absolute(int row) throws SQLException {
        throw Unsupported.method("ResultSet.absolute(int)");
    }

    @Override
    public boolean relative(int rows) throws SQLException {
        throw Unsupported.method("ResultSet.relative(int)");
    }

    @Override
    public boolean previous() throws SQLException {
        throw Unsupported.method("ResultSet.previous()");
    }

    @Override
    public boolean rowUpdated() throws SQLException {
        throw Unsupported.method("ResultSet.rowUpdated()");
    }

    @Override
    public boolean rowInserted() throws SQLException {
        throw Unsupported.method("ResultSet.rowInserted()");
    }

    @Override
    public boolean rowDeleted() throws SQLException {
        throw Unsupported.method("ResultSet.rowDeleted()");
    }

    @Override
    public void updateNull(int columnIndex) throws SQLException {
        throw Unsupported.method("ResultSet.updateNull(int)");
    }

    @Override
    public void updateBoolean(int columnIndex, boolean x) throws SQLException {
        throw Unsupported.method("ResultSet.updateBoolean(int, boolean)");
    }

    @Override
    public void updateByte(int columnIndex, byte x) throws SQLException {
        throw Unsupported.method("ResultSet.updateByte(int, byte)");
    }

    @Override
    public void updateShort(int columnIndex, short x) throws SQLException {
        throw Unsupported.method("ResultSet.updateShort(int, short)");
    }

    @Override
    public void updateInt(int columnIndex, int x) throws SQLException {
        throw Unsupported.method("ResultSet.updateInt(int, int)");
    }

    @Override
    public void updateLong(int columnIndex, long x) throws SQLException {
        throw Unsupported.method("ResultSet.updateLong(int, long)");
    }

    @Override
    public void updateFloat(int columnIndex, float x) throws SQLException {
        throw Unsupported.method("ResultSet.updateFloat(int, float)");
    }

    @Override
    public void updateDouble(int columnIndex, double x) throws SQLException {
        throw Unsupported.method("ResultSet.updateDouble(int, double)");
    }

    @Override
    public void updateBigDecimal(int columnIndex, BigDecimal x) throws SQLException {
        throw Unsupported.method("ResultSet.updateBigDecimal(int, BigDecimal)");
    }

    @Override
    public void updateString(int columnIndex, String x) throws SQLException {
        throw Unsupported.method("ResultSet.updateString(int, String)");
    }

    @Override
    public void updateBytes(int columnIndex, byte[] x) throws SQLException {
        throw Unsupported.method("ResultSet.updateBytes(int, byte[])");
    }

    @Override
    public void updateDate(int columnIndex, Date x) throws SQLException {
        throw Unsupported.method("ResultSet.updateDate(int, Date)");
    }

    @Override
    public void updateTime(int columnIndex, Time x) throws SQLException {
        throw Unsupported.method("ResultSet.updateTime(int, Time)");
    }

    @Override
    public void updateTimestamp(int columnIndex, Timestamp x) throws SQLException {
        throw Unsupported.method("ResultSet.updateTimestamp(int, Timestamp)");
    }

    @Override
    public void updateAsciiStream(int columnIndex, InputStream x, int length) throws SQLException {
        throw Unsupported.method("ResultSet.updateAsciiStream(int, InputStream, int)");
    }

    @Override
    public void updateBinaryStream(int columnIndex, InputStream x, int length) throws SQLException {
        throw Unsupported.method("ResultSet.updateBinaryStream(int, InputStream, int)");
    }

    @Override
    public void updateCharacterStream(int columnIndex, Reader x, int length) throws SQLException {
        throw Unsupported.method("ResultSet.updateCharacterStream(int, Reader, int)");
    }

    @Override
    public void updateObject(int columnIndex, Object x, int scaleOrLength) throws SQLException {
        throw Unsupported.method("ResultSet.updateObject(int, Object, int)");
    }

    @Override
    public void updateObject(int columnIndex, Object x) throws SQLException {
        throw Unsupported.method("ResultSet.updateObject(int, Object)");
    }

    @Override
    public void updateNull(String columnLabel) throws SQLException {
        throw Unsupported.method("ResultSet.updateNull(String)");
    }

    @Override
    public void updateBoolean(String columnLabel, boolean x) throws SQLException {
        throw Unsupported.method("ResultSet.updateBoolean(String, boolean)");
    }

    @Override
    public void updateByte(String columnLabel, byte x) throws SQLException {
        throw Unsupported.method("ResultSet.updateByte(String, byte)");
    }

    @Override
    public void updateShort(String columnLabel, short x) throws SQLException {
        throw Unsupported.method("ResultSet.updateShort(String, short)");
    }

    @Override
    public void updateInt(String columnLabel, int x) throws SQLException {
        throw Unsupported.method("ResultSet.updateInt(String, int)");
    }

    @Override
    public void updateLong(String columnLabel, long x) throws SQLException {
        throw Unsupported.method("ResultSet.updateLong(String, long)");
    }

    @Override
    public void updateFloat(String columnLabel, float x) throws SQLException {
        throw Unsupported.method("ResultSet.updateFloat(String, float)");
    }

    @Override
    public void updateDouble(String columnLabel, double x) throws SQLException {
        throw Unsupported.method("ResultSet.updateDouble(String, double)");
    }

    @Override
    public void updateBigDecimal(String columnLabel, BigDecimal x) throws SQLException {
        throw Unsupported.method("ResultSet.updateBigDecimal(String, BigDecimal)");
    }

    @Override
    public void updateString(String columnLabel, String x) throws SQLException {
        throw Unsupported.method("ResultSet.updateString(String, String)");
    }

    @Override
    public void updateBytes(String columnLabel, byte[] x) throws SQLException {
        throw Unsupported.method("ResultSet.updateBytes(String, byte[])");
    }

    @Override
    public void updateDate(String columnLabel, Date x) throws SQLException {
        throw Unsupported.method("ResultSet.updateDate(String, Date)");
    }

    @Override
    public void updateTime(String columnLabel, Time x) throws SQLException {
        throw Unsupported.method("ResultSet.updateTime(String, Time)");
    }

    @Override
    public void updateTimestamp(String columnLabel, Timestamp x) throws SQLException {
        throw Unsupported.method("ResultSet.updateTimestamp(String, Timestamp)");
    }

    @Override
    public void updateAsciiStream(String columnLabel, InputStream x, int length) throws SQLException {
        throw Unsupported.method("ResultSet.updateAsciiStream(String, InputStream, int)");
    }

    @Override
    public void updateBinaryStream(String columnLabel, InputStream x, int length) throws SQLException {
        throw Unsupported.method("ResultSet.updateBinaryStream(String, InputStream, int)");
    }

    @Override
    public void updateCharacterStream(String columnLabel, Reader reader, int length) throws SQLException {
        throw Unsupported.method("ResultSet.updateCharacterStream(String, Reader, int)");
    }

    @Override
    public void updateObject(String columnLabel, Object x, int scaleOrLength) throws SQLException {
        throw Unsupported.method("ResultSet.updateObject(String, Object, int)");
    }

    @Override
    public void updateObject(String columnLabel, Object x) throws SQLException {
        throw Unsupported.method("ResultSet.updateObject(String, Object)");
    }

    @Override
    public void insertRow() throws SQLException {
        throw Unsupported.method("ResultSet.insertRow()");
    }

    @Override
    public void updateRow() throws SQLException {
        throw Unsupported.method("ResultSet.updateRow()");
    }

    @Override
    public void deleteRow() throws SQLException {
        throw Unsupported.method("ResultSet.deleteRow()");
    }

    @Override
    public void refreshRow() throws SQLException {
        throw Unsupported.method("ResultSet.refreshRow()");
    }

    @Override
    public void cancelRowUpdates() throws SQLException {
        throw Unsupported.method("ResultSet.cancelRowUpdates()");
    }

    @Override
    public void moveToInsertRow() throws SQLException {
        throw Unsupported.method("ResultSet.moveToInsertRow()");
    }

    @Override
    public void moveToCurrentRow() throws SQLException {
        throw Unsupported.method("ResultSet.moveToCurrentRow()");
    }

    @Override
    public Ref getRef(int columnIndex) throws SQLException {
        throw Unsupported.method("ResultSet.getRef(int)");
    }

    @Override
    public Blob getBlob(int columnIndex) throws SQLException {
        throw Unsupported.method("ResultSet.getBlob(int)");
    }

    @Override
    public Clob getClob(int columnIndex) throws SQLException {
        throw Unsupported.method("ResultSet.getClob(int)");
    }

    @Override
    public Ref getRef(String columnLabel) throws SQLException {
        throw Unsupported.method("ResultSet.getRef(String)");
    }

    @Override
    public Blob getBlob(String columnLabel) throws SQLException {
        throw Unsupported.method("ResultSet.getBlob(String)");
    }

    @Override
    public Clob getClob(String columnLabel) throws SQLException {
        throw Unsupported.method("ResultSet.getClob(String)");
    }

    @Override
    public URL getURL(int columnIndex) throws SQLException {
        throw Unsupported.method("ResultSet.getURL(int)");
    }

    @Override
    public URL getURL(String columnLabel) throws SQLException {
        throw Unsupported.method("ResultSet.getURL(String)");
    }

    @Override
    public void updateRef(int columnIndex, Ref x) throws SQLException {
        throw Unsupported.method("ResultSet.updateRef(int, Ref)");
    }

    @Override
    public void updateRef(String columnLabel, Ref x) throws SQLException {
        throw Unsupported.method("ResultSet.updateRef(String, Ref)");
    }

    @Override
    public void updateBlob(int columnIndex, Blob x) throws SQLException {
        throw Unsupported.method("ResultSet.updateBlob(int, Blob)");
    }

    @Override
    public void updateBlob(String columnLabel, Blob x) throws SQLException {
        throw Unsupported.method("ResultSet.updateBlob(String, Blob)");
    }

    @Override
    public void updateClob(int columnIndex, Clob x) throws SQLException {
        throw Unsupported.method("ResultSet.updateClob(int, Clob)");
    }

    @Override
    public void updateClob(String columnLabel, Clob x) throws SQLException {
        throw Unsupported.method("ResultSet.updateClob(String, Clob)");
    }

    @Override
    public void updateArray(int columnIndex, Array x) throws SQLException {
        throw Unsupported.method("ResultSet.updateArray(int, Array)");
    }

    @Override
    public void updateArray(String columnLabel, Array x) throws SQLException {
        throw Unsupported.method("ResultSet.updateArray(String, Array)");
    }

    @Override
    public RowId getRowId(int columnIndex) throws SQLException {
        throw Unsupported.method("ResultSet.getRowId(int)");
    }

    @Override
    public RowId getRowId(String columnLabel) throws SQLException {
        throw Unsupported.method("ResultSet.getRowId(String)");
    }

    @Override
    public void updateRowId(int columnIndex, RowId x) throws SQLException {
        throw Unsupported.method("ResultSet.updateRowId(int, RowId)");
    }

    @Override
    public void updateRowId(String columnLabel, RowId x) throws SQLException {
        throw Unsupported.method("ResultSet.updateRowId(String, RowId)");
    }

    @Override
    public void updateNString(int columnIndex, String nString) throws SQLException {
        throw Unsupported.method("ResultSet.updateNString(int, String)");
    }

    @Override
    public void updateNString(String columnLabel, String nString) throws SQLException {
        throw Unsupported.method("ResultSet.updateNString(String, String)");
    }

    @Override
    public void updateNClob(int columnIndex, NClob nClob) throws SQLException {
        throw Unsupported.method("ResultSet.updateNClob(int, NClob)");
    }

    @Override
    public void updateNClob(String columnLabel, NClob nClob) throws SQLException {
        throw Unsupported.method("ResultSet.updateNClob(String, NClob)");
    }

    @Override
    public NClob getNClob(int columnIndex) throws SQLException {
        throw Unsupported.method("ResultSet.getNClob(int)");
    }

    @Override
    public NClob getNClob(String columnLabel) throws SQLException {
        throw Unsupported.method("ResultSet.getNClob(String)");
    }

    @Override
    public void updateSQLXML(int columnIndex, SQLXML xmlObject) throws SQLException {
        throw Unsupported.method("ResultSet.updateSQLXML(int, SQLXML)");
    }

    @Override
    public void updateSQLXML(String columnLabel, SQLXML xmlObject) throws SQLException {
        throw Unsupported.method("ResultSet.updateSQLXML(String, SQLXML)");
    }

    @Override
    public String getNString(int columnIndex) throws SQLException {
        throw Unsupported.method("ResultSet.getNString(int)");
    }

    @Override
    public String getNString(String columnLabel) throws SQLException {
        throw Unsupported.method("ResultSet.getNString(String)");
    }

    @Override
    public Reader getNCharacterStream(int columnIndex) throws SQLException {
        throw Unsupported.method("ResultSet.getNCharacterStream(int)");
    }

    @Override
    public Reader getNCharacterStream(String columnLabel) throws SQLException {
        throw Unsupported.method("ResultSet.getNCharacterStream(String)");
    }

    @Override
    public void updateNCharacterStream(int columnIndex, Reader x, long length) throws SQLException {
        throw Unsupported.method("ResultSet.updateNCharacterStream(int, Reader, long)");
    }

    @Override
    public void updateNCharacterStream(String columnLabel, Reader reader, long length) throws SQLException {
        throw Unsupported.method("ResultSet.updateNCharacterStream(String, Reader, long)");
    }

    @Override
    public void updateAsciiStream(int columnIndex, InputStream x, long length) throws SQLException {
        throw Unsupported.method("ResultSet.updateAsciiStream(int, InputStream, long)");
    }

    @Override
    public void updateBinaryStream(int columnIndex, InputStream x, long length) throws SQLException {
        throw Unsupported.method("ResultSet.updateBinaryStream(int, InputStream, long)");
    }

    @Override
    public void updateCharacterStream(int columnIndex, Reader x, long length) throws SQLException {
        throw Unsupported.method("ResultSet.updateCharacterStream(int, Reader, long)");
    }

    @Override
    public void updateAsciiStream(String columnLabel, InputStream x, long length) throws SQLException {
        throw Unsupported.method("ResultSet.updateAsciiStream(String, InputStream, long)");
    }

    @Override
    public void updateBinaryStream(String columnLabel, InputStream x, long length) throws SQLException {
        throw Unsupported.method("ResultSet.updateBinaryStream(String, InputStream, long)");
    }

    @Override
    public void updateCharacterStream(String columnLabel, Reader reader, long length) throws SQLException {
        throw Unsupported.method("ResultSet.updateCharacterStream(String, Reader, long)");
    }

    @Override
    public void updateBlob(int columnIndex, InputStream inputStream, long length) throws SQLException {
        throw Unsupported.method("ResultSet.updateBlob(int, InputStream, long)");
    }

    @Override
    public void updateBlob(String columnLabel, InputStream inputStream, long length) throws SQLException {
        throw Unsupported.method("ResultSet.updateBlob(String, InputStream, long)");
    }

    @Override
    public void updateClob(int columnIndex, Reader reader, long length) throws SQLException {
        throw Unsupported.method("ResultSet.updateClob(int, Reader, long)");
    }

    @Override
    public void updateClob(String columnLabel, Reader reader, long length) throws SQLException {
        throw Unsupported.method("ResultSet.updateClob(String, Reader, long)");
    }

    @Override
    public void updateNClob(int columnIndex, Reader reader, long length) throws SQLException {
        throw Unsupported.method("ResultSet.updateNClob(int, Reader, long)");
    }

    @Override
    public void updateNClob(String columnLabel, Reader reader, long length) throws SQLException {
        throw Unsupported.method("ResultSet.updateNClob(String, Reader, long)");
    }

    @Override
    public void updateNCharacterStream(int columnIndex, Reader x) throws SQLException {
        throw Unsupported.method("ResultSet.updateNCharacterStream(int, Reader)");
    }

    @Override
    public void updateNCharacterStream(String columnLabel, Reader reader) throws SQLException {
        throw Unsupported.method("ResultSet.updateNCharacterStream(String, Reader)");
    }

    @Override
    public void updateAsciiStream(int columnIndex, InputStream x) throws SQLException {
        throw Unsupported.method("ResultSet.updateAsciiStream(int, InputStream)");
    }

    @Override
    public void updateBinaryStream(int columnIndex, InputStream x) throws SQLException {
        throw Unsupported.method("ResultSet.updateBinaryStream(int, InputStream)");
    }

    @Override
    public void updateCharacterStream(int columnIndex, Reader x) throws SQLException {
        throw Unsupported.method("ResultSet.updateCharacterStream(int, Reader)");
    }

    @Override
    public void updateAsciiStream(String columnLabel, InputStream x) throws SQLException {
        throw Unsupported.method("ResultSet.updateAsciiStream(String, InputStream)");
    }

    @Override
    public void updateBinaryStream(String columnLabel, InputStream x) throws SQLException {
        throw Unsupported.method("ResultSet.updateBinaryStream(String, InputStream)");
    }

    @Override
    public void updateCharacterStream(String columnLabel, Reader reader) throws SQLException {
        throw Unsupported.method("ResultSet.updateCharacterStream(String, Reader)");
    }

    @Override
    public void updateBlob(int columnIndex, InputStream inputStream) throws SQLException {
        throw Unsupported.method("ResultSet.updateBlob(int, InputStream)");
    }

    @Override
    public void updateBlob(String columnLabel, InputStream inputStream) throws SQLException {
        throw Unsupported.method("ResultSet.updateBlob(String, InputStream)");
    }

    @Override
    public void updateClob(int columnIndex, Reader reader) throws SQLException {
        throw Unsupported.method("ResultSet.updateClob(int, Reader)");
    }

    @Override
    public void updateClob(String columnLabel, Reader reader) throws SQLException {
        throw Unsupported.method("ResultSet.updateClob(String, Reader)");
    }

    @Override
    public void updateNClob(int columnIndex, Reader reader) throws SQLException {
        throw Unsupported.method("ResultSet.updateNClob(int, Reader)");
    }

    @Override
    public void updateNClob(String columnLabel, Reader reader) throws SQLException {
        throw Unsupported.method("ResultSet.updateNClob(String, Reader)");
    }
}
