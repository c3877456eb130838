package io.wormhole.internal;

/**
 * The SQLSTATEs the client and the server raise or look for, named as in PostgreSQL's {@code errcodes.txt}; the two
 * codes PostgreSQL does not define are pgJDBC's, named as its {@code PSQLState} names them. Not API: a caller tests
 * {@link java.sql.SQLException#getSQLState()} against the codes PostgreSQL documents.
 */
public final class SqlState {
    /** pgJDBC's {@code TOO_MANY_RESULTS}: a statement that should return no rows returned some. */
    public static final String TOO_MANY_RESULTS = "0100E";
    public static final String NO_DATA = "02000";
    /** pgJDBC's {@code INVALID_PARAMETER_TYPE}: a parameter value of a type the driver cannot send. */
    public static final String INVALID_PARAMETER_TYPE = "07006";
    public static final String CONNECTION_DOES_NOT_EXIST = "08003";
    public static final String PROTOCOL_VIOLATION = "08P01";
    public static final String FEATURE_NOT_SUPPORTED = "0A000";
    public static final String NUMERIC_VALUE_OUT_OF_RANGE = "22003";
    public static final String INVALID_DATETIME_FORMAT = "22007";
    public static final String INVALID_PARAMETER_VALUE = "22023";
    public static final String INVALID_TEXT_REPRESENTATION = "22P02";
    public static final String INVALID_BINARY_REPRESENTATION = "22P03";
    public static final String INVALID_CURSOR_STATE = "24000";
    public static final String INVALID_TRANSACTION_STATE = "25000";
    public static final String ACTIVE_SQL_TRANSACTION = "25001";
    public static final String IN_FAILED_SQL_TRANSACTION = "25P02";
    public static final String INVALID_TRANSACTION_TERMINATION = "2D000";
    public static final String INVALID_CURSOR_NAME = "34000";
    public static final String EXTERNAL_ROUTINE_EXCEPTION = "38000";
    public static final String INVALID_SAVEPOINT_SPECIFICATION = "3B001";
    public static final String INVALID_SCHEMA_NAME = "3F000";
    public static final String SERIALIZATION_FAILURE = "40001";
    public static final String DEADLOCK_DETECTED = "40P01";
    public static final String INSUFFICIENT_PRIVILEGE = "42501";
    public static final String UNDEFINED_COLUMN = "42703";
    public static final String UNDEFINED_OBJECT = "42704";
    public static final String WRONG_OBJECT_TYPE = "42809";
    /** pgJDBC's {@code CANNOT_COERCE}: a value a getter cannot convert (a boolean from "7"). */
    public static final String CANNOT_COERCE = "42846";
    public static final String UNDEFINED_FUNCTION = "42883";
    public static final String OUT_OF_MEMORY = "53200";
    public static final String PROGRAM_LIMIT_EXCEEDED = "54000";
    public static final String STATEMENT_TOO_COMPLEX = "54001";
    public static final String OBJECT_NOT_IN_PREREQUISITE_STATE = "55000";
    public static final String QUERY_CANCELED = "57014";
    public static final String INTERNAL_ERROR = "XX000";

    private SqlState() {}
}
