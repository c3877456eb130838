package io.wormhole.server.jdbc;

import io.wormhole.internal.SqlState;
import io.wormhole.server.pg.Oids;
import io.wormhole.server.pg.Params;
import io.wormhole.server.pg.SpiResult;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/** What pgJDBC's metadata says of result columns, from the column descriptions and, for nullability, the catalog. */
final class SpiResultSetMetaData implements ResultSetMetaData {
    private final List<SpiResult.Column> columns;

    SpiResultSetMetaData(List<SpiResult.Column> columns) {
        this.columns = columns;
    }

    private SpiResult.Column column(int i) throws SQLException {
        if (i < 1 || i > columns.size()) {
            throw new SQLException("The column index is out of range: " + i + ", number of columns: "
                    + columns.size() + ".", SqlState.INVALID_PARAMETER_VALUE);
        }
        return columns.get(i - 1);
    }

    @Override
    public int getColumnCount() {
        return columns.size();
    }

    @Override
    public String getColumnName(int i) throws SQLException {
        return column(i).name();
    }

    @Override
    public String getColumnLabel(int i) throws SQLException {
        return column(i).name();
    }

    @Override
    public int getColumnType(int i) throws SQLException {
        return TypeNames.jdbcType(column(i).typeOid());
    }

    @Override
    public String getColumnTypeName(int i) throws SQLException {
        return TypeNames.name(column(i).typeOid());
    }

    /**
     * pgJDBC's: the class of its type table, or of the class it registers for the type (interval, money, the
     * geometric types; json as a plain {@code PGobject}); {@code java.sql.Array} for any array; text otherwise.
     */
    @Override
    public String getColumnClassName(int i) throws SQLException {
        int oid = column(i).typeOid();
        String known = switch (oid) {
            case Oids.BOOL, Oids.BIT -> "java.lang.Boolean";
            case Oids.INT2, Oids.INT4 -> "java.lang.Integer";
            case Oids.INT8, Oids.OID -> "java.lang.Long";
            case Oids.FLOAT4 -> "java.lang.Float";
            case Oids.FLOAT8 -> "java.lang.Double";
            case Oids.NUMERIC -> "java.math.BigDecimal";
            case Oids.BYTEA -> "[B";
            case Oids.DATE -> "java.sql.Date";
            case Oids.TIME, Oids.TIMETZ -> "java.sql.Time";
            case Oids.TIMESTAMP, Oids.TIMESTAMPTZ -> "java.sql.Timestamp";
            case Oids.UUID -> "java.util.UUID";
            case Oids.XML -> "java.sql.SQLXML";
            case Oids.JSON, Oids.JSONB -> "org.postgresql.util.PGobject";
            default -> PgValues.registeredClassName(TypeNames.name(oid));
        };
        if (known != null) {
            return known;
        }
        return getColumnType(i) == Types.ARRAY ? "java.sql.Array" : "java.lang.String";
    }

    @Override
    public int getPrecision(int i) throws SQLException {
        return precision(column(i));
    }

    /**
     * pgJDBC's precision; an array has its element type's, but for an interval array (pgJDBC's type table has no
     * interval, so the array keeps its own, unbounded, precision).
     */
    private static int precision(SpiResult.Column c) {
        int element = Oids.elementOf(c.typeOid());
        if (element != 0 && element != Oids.INTERVAL) {
            return precision(new SpiResult.Column(c.name(), element, c.typmod(), c.tableOid(), c.columnNumber(), false));
        }
        int fraction = c.typmod() < 0 ? 7 : c.typmod() == 0 ? 0 : c.typmod() + 1;
        return switch (c.typeOid()) {
            case Oids.INT2 -> 5;
            case Oids.INT4, Oids.OID -> 10;
            case Oids.INT8 -> 19;
            case Oids.FLOAT4 -> 8;
            case Oids.FLOAT8 -> 17;
            case Oids.BOOL, Oids.CHAR -> 1;
            case Oids.NUMERIC -> c.typmod() < 4 ? 0 : ((c.typmod() - 4) >> 16) & 0xffff;
            case Oids.VARCHAR, Oids.BPCHAR -> c.typmod() < 4 ? Integer.MAX_VALUE : c.typmod() - 4;
            case Oids.DATE -> 13;
            case Oids.TIME -> 8 + fraction;
            case Oids.TIMETZ -> 14 + fraction;
            case Oids.TIMESTAMP -> 22 + fraction;
            case Oids.TIMESTAMPTZ -> 28 + fraction;
            case Oids.INTERVAL -> 42 + fraction;
            case Oids.BIT -> c.typmod();
            default -> Integer.MAX_VALUE;
        };
    }

    @Override
    public int getScale(int i) throws SQLException {
        SpiResult.Column c = column(i);
        return switch (c.typeOid()) {
            case Oids.NUMERIC -> c.typmod() < 4 ? 0 : (c.typmod() - 4) & 0xffff;
            case Oids.FLOAT4 -> 8;
            case Oids.FLOAT8 -> 17;
            case Oids.TIME, Oids.TIMETZ, Oids.TIMESTAMP, Oids.TIMESTAMPTZ, Oids.INTERVAL -> c.typmod() < 0 ? 6
                    : c.typmod();
            default -> 0;
        };
    }

    @Override
    public int isNullable(int i) throws SQLException {
        SpiResult.Column c = column(i);
        if (c.tableOid() == 0 || c.columnNumber() <= 0) {
            return ResultSetMetaData.columnNullableUnknown;
        }
        SpiResult r = PlanCache.get("SELECT attnotnull FROM pg_catalog.pg_attribute WHERE attrelid = $1 AND attnum = $2",
                new int[] {Oids.OID, Oids.INT2}).execute(Params.of(Integer.toUnsignedString(c.tableOid()),
                        Integer.toString(c.columnNumber())), 1);
        if (r.rowCount() == 0) {
            return ResultSetMetaData.columnNullableUnknown;
        }
        return Texts.bool(r.text(0, 0)) ? ResultSetMetaData.columnNoNulls : ResultSetMetaData.columnNullable;
    }

    @Override
    public boolean isSigned(int i) throws SQLException {
        return switch (column(i).typeOid()) {
            case Oids.INT2, Oids.INT4, Oids.INT8, Oids.FLOAT4, Oids.FLOAT8, Oids.NUMERIC, Oids.MONEY -> true;
            default -> false;
        };
    }

    @Override
    public boolean isAutoIncrement(int i) throws SQLException {
        column(i);
        return false;
    }

    @Override
    public boolean isCaseSensitive(int i) throws SQLException {
        int oid = column(i).typeOid();
        return oid == Oids.TEXT || oid == Oids.VARCHAR || oid == Oids.BPCHAR || oid == Oids.NAME;
    }

    @Override
    public boolean isSearchable(int i) throws SQLException {
        column(i);
        return true;
    }

    @Override
    public boolean isCurrency(int i) throws SQLException {
        return column(i).typeOid() == Oids.MONEY;
    }

    @Override
    public int getColumnDisplaySize(int i) throws SQLException {
        int p = getPrecision(i);
        return p == 0 || p == Integer.MAX_VALUE ? Integer.MAX_VALUE : p;
    }

    @Override
    public String getSchemaName(int i) throws SQLException {
        column(i);
        return "";
    }

    @Override
    public String getTableName(int i) throws SQLException {
        column(i);
        return "";
    }

    @Override
    public String getCatalogName(int i) throws SQLException {
        column(i);
        return "";
    }

    @Override
    public boolean isReadOnly(int i) throws SQLException {
        column(i);
        return false;
    }

    @Override
    public boolean isWritable(int i) throws SQLException {
        column(i);
        return true;
    }

    @Override
    public boolean isDefinitelyWritable(int i) throws SQLException {
        column(i);
        return false;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return Wrappers.unwrap(this, ResultSetMetaData.class, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return Wrappers.isWrapperFor(ResultSetMetaData.class, iface);
    }
}
