package io.wormhole.server.pg;

import java.sql.Types;

/**
 * The built-in type OIDs the host's statements and the JDBC layer name, one definition for both; their names and JDBC
 * types as pgJDBC reports them.
 */
public final class Oids {
    public static final int UNSPECIFIED = 0;
    public static final int BOOL = 16;
    public static final int BYTEA = 17;
    public static final int CHAR = 18;
    public static final int NAME = 19;
    public static final int INT8 = 20;
    public static final int INT2 = 21;
    public static final int INT4 = 23;
    public static final int TEXT = 25;
    public static final int OID = 26;
    public static final int JSON = 114;
    public static final int XML = 142;
    public static final int FLOAT4 = 700;
    public static final int FLOAT8 = 701;
    public static final int UNKNOWN = 705;
    public static final int MONEY = 790;
    public static final int BPCHAR = 1042;
    public static final int VARCHAR = 1043;
    public static final int DATE = 1082;
    public static final int TIME = 1083;
    public static final int TIMESTAMP = 1114;
    public static final int TIMESTAMPTZ = 1184;
    public static final int INTERVAL = 1186;
    public static final int TIMETZ = 1266;
    public static final int BIT = 1560;
    public static final int VARBIT = 1562;
    public static final int NUMERIC = 1700;
    public static final int UUID = 2950;
    public static final int JSONB = 3802;

    private Oids() {}

    /** The array type of an element type, for {@code createArrayOf} and array parameters; 0 if unknown. */
    public static int arrayOf(int element) {
        return switch (element) {
            case BOOL -> 1000;
            case BYTEA -> 1001;
            case CHAR -> 1002;
            case NAME -> 1003;
            case INT2 -> 1005;
            case INT4 -> 1007;
            case TEXT -> 1009;
            case BPCHAR -> 1014;
            case VARCHAR -> 1015;
            case INT8 -> 1016;
            case FLOAT4 -> 1021;
            case FLOAT8 -> 1022;
            case OID -> 1028;
            case TIMESTAMP -> 1115;
            case DATE -> 1182;
            case TIME -> 1183;
            case TIMESTAMPTZ -> 1185;
            case INTERVAL -> 1187;
            case NUMERIC -> 1231;
            case UUID -> 2951;
            case JSON -> 199;
            case JSONB -> 3807;
            default -> 0;
        };
    }

    /** The element type of an array type, or 0 when {@code oid} is not an array type this layer knows. */
    public static int elementOf(int oid) {
        for (int e : new int[] {BOOL, BYTEA, CHAR, NAME, INT2, INT4, TEXT, BPCHAR, VARCHAR, INT8, FLOAT4, FLOAT8, OID,
            TIMESTAMP, DATE, TIME, TIMESTAMPTZ, INTERVAL, NUMERIC, UUID, JSON, JSONB}) {
            if (arrayOf(e) == oid) {
                return e;
            }
        }
        return 0;
    }

    /** The type's name as pgJDBC's metadata gives it. */
    public static String name(int oid) {
        return switch (oid) {
            case BOOL -> "bool";
            case BYTEA -> "bytea";
            case CHAR -> "char";
            case NAME -> "name";
            case INT8 -> "int8";
            case INT2 -> "int2";
            case INT4 -> "int4";
            case TEXT -> "text";
            case OID -> "oid";
            case JSON -> "json";
            case XML -> "xml";
            case FLOAT4 -> "float4";
            case FLOAT8 -> "float8";
            case MONEY -> "money";
            case BPCHAR -> "bpchar";
            case VARCHAR -> "varchar";
            case DATE -> "date";
            case TIME -> "time";
            case TIMESTAMP -> "timestamp";
            case TIMESTAMPTZ -> "timestamptz";
            case INTERVAL -> "interval";
            case TIMETZ -> "timetz";
            case BIT -> "bit";
            case VARBIT -> "varbit";
            case NUMERIC -> "numeric";
            case UUID -> "uuid";
            case JSONB -> "jsonb";
            default -> elementOf(oid) != 0 ? "_" + name(elementOf(oid)) : "unknown";
        };
    }

    /** The JDBC type pgJDBC reports for a column of this type. */
    public static int jdbcType(int oid) {
        return switch (oid) {
            case BOOL -> Types.BIT;
            case BYTEA -> Types.BINARY;
            case CHAR, BPCHAR -> Types.CHAR;
            case NAME, VARCHAR, TEXT -> Types.VARCHAR;
            case INT8 -> Types.BIGINT;
            case INT2 -> Types.SMALLINT;
            case INT4 -> Types.INTEGER;
            case OID -> Types.BIGINT;
            case FLOAT4 -> Types.REAL;
            case FLOAT8, MONEY -> Types.DOUBLE;
            case NUMERIC -> Types.NUMERIC;
            case DATE -> Types.DATE;
            case TIME, TIMETZ -> Types.TIME;
            case TIMESTAMP -> Types.TIMESTAMP;
            case TIMESTAMPTZ -> Types.TIMESTAMP;
            case BIT -> Types.BIT;
            case XML -> Types.SQLXML;
            default -> elementOf(oid) != 0 ? Types.ARRAY : Types.OTHER;
        };
    }

    /** The parameter type pgJDBC sends for {@code setNull(i, sqlType)}. */
    public static int forSqlType(int sqlType) {
        return switch (sqlType) {
            case Types.TINYINT, Types.SMALLINT -> INT2;
            case Types.INTEGER -> INT4;
            case Types.BIGINT -> INT8;
            case Types.REAL -> FLOAT4;
            case Types.DOUBLE, Types.FLOAT -> FLOAT8;
            case Types.DECIMAL, Types.NUMERIC -> NUMERIC;
            case Types.CHAR -> BPCHAR;
            case Types.VARCHAR, Types.LONGVARCHAR, Types.NVARCHAR, Types.LONGNVARCHAR -> VARCHAR;
            case Types.DATE -> DATE;
            case Types.TIME, Types.TIME_WITH_TIMEZONE -> UNSPECIFIED;
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> UNSPECIFIED;
            case Types.BOOLEAN, Types.BIT -> BOOL;
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> BYTEA;
            default -> UNSPECIFIED;
        };
    }
}
