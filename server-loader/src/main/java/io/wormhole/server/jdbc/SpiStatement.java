package io.wormhole.server.jdbc;

import io.wormhole.internal.SqlState;
import io.wormhole.server.pg.Cursor;
import io.wormhole.server.pg.Oids;
import io.wormhole.server.pg.Params;
import io.wormhole.server.pg.Plan;
import io.wormhole.server.pg.SpiResult;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.BatchUpdateException;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
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
import java.sql.Types;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.postgresql.util.PGobject;

/**
 * A {@code Statement} and, when made with SQL, a {@code PreparedStatement}, over SPI. Parameters bind as pgJDBC
 * binds them (its type OIDs, its texts); plans come from the backend's {@link PlanCache}; a fetch size streams the
 * rows through a cursor; generated keys come from a {@code RETURNING} clause added to the statement.
 */
final class SpiStatement implements PreparedStatement {
    /**
     * Compiled when a statement first asks for generated keys or a fetch size, not in every backend's first call:
     * compiling them there cost its start a regex and a lambda the class-data archive does not hold.
     */
    private static final class Dml {
        static final Pattern STATEMENT = Pattern.compile("^\\s*(insert|update|delete|merge)\\b",
                Pattern.CASE_INSENSITIVE);
        static final Pattern HAS_RETURNING = Pattern.compile("\\breturning\\b", Pattern.CASE_INSENSITIVE);
    }

    private final SpiConnection connection;
    private final String sql;
    private final String returning;
    private Binder[] params;
    private final List<Binder[]> batch = new ArrayList<>();
    private final List<String> sqlBatch = new ArrayList<>();
    private long maxRows;
    private int fetchSize;
    private int queryTimeout;
    private ResultSet current;
    /** A script's results after the current one: result sets and update counts, in order. */
    private final Deque<Object> pending = new ArrayDeque<>();
    private long updateCount = -1;
    private ResultSet generatedKeys;
    private SQLWarning warnings;
    private boolean closed;
    /** The plan the last run used, and for which text and parameter types: a loop reuses it without a lookup. */
    private String lastText;
    private int[] lastTypes;
    private Plan lastPlan;

    /** {@code returning} is the column list to return as generated keys ({@code *} for all), or {@code null}. */
    SpiStatement(SpiConnection connection, String sql, String returning) throws SQLException {
        this.connection = connection;
        this.sql = sql;
        this.returning = returning;
        this.params = sql == null ? new Binder[0] : new Binder[Placeholders.translate(sql).parameters()];
    }

    private void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("This statement has been closed.", SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE);
        }
        connection.checkOpen();
    }

    private void checkPrepared(String method) throws SQLException {
        if (sql != null) {
            throw new SQLException("Can't use query methods that take a query string on a PreparedStatement.",
                    SqlState.WRONG_OBJECT_TYPE);
        }
        checkOpen();
    }

    // Running statements.

    /** Runs {@code text} with {@code values}; leaves a result set or an update count behind. */
    private boolean run(String text, Binder[] values) throws SQLException {
        checkOpen();
        closeCurrent();
        discardPending();
        warnings = null;
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                throw new SQLException("No value specified for parameter " + (i + 1) + ".",
                        SqlState.INVALID_PARAMETER_VALUE);
            }
        }
        if (text.indexOf(';') < 0) {
            return runOne(text, values); // one statement, found without a lookup, as a statement's path runs often
        }
        List<String> statements = Placeholders.translate(text).statements();
        return statements.size() == 1 ? runOne(text, values) : runScript(statements, values);
    }

    /**
     * A script's statements one by one, each with its share of the parameters, as pgJDBC runs them: the first
     * result is current, the others wait for {@link #getMoreResults()}.
     */
    private boolean runScript(List<String> statements, Binder[] values) throws SQLException {
        int used = 0;
        for (String statement : statements) {
            int takes = Placeholders.translate(statement).parameters();
            boolean rows = runOne(statement, Arrays.copyOfRange(values, used, used + takes));
            used += takes;
            // Kept in pending at once: a later statement that fails leaves them for the next run or close to free.
            pending.add(rows ? current : (Object) updateCount);
            current = null;
        }
        return take(pending.poll());
    }

    /** Makes {@code result} (a result set, or an update count) the current result. */
    private boolean take(Object result) {
        if (result instanceof ResultSet rs) {
            current = rs;
            updateCount = -1;
            return true;
        }
        updateCount = (Long) result;
        return false;
    }

    private void discardPending() throws SQLException {
        if (pending.isEmpty()) {
            return; // every statement's run passes here, and an iterator over nothing is still an object in C1 code
        }
        for (Object result : pending) {
            if (result instanceof ResultSet rs) {
                rs.close();
            }
        }
        pending.clear();
    }

    private boolean runOne(String text, Binder[] values) throws SQLException {
        boolean keys = returning != null && Dml.STATEMENT.matcher(text).find()
                && !Dml.HAS_RETURNING.matcher(text).find();
        Params.Writer params = new Params.Writer(values.length);
        for (Binder value : values) {
            if (value.binary()) {
                params.fixed(value.value());
            } else {
                params.text(value.text());
            }
        }
        Plan plan;
        if (lastPlan != null && lastPlan.isOpen() && text.equals(lastText) && sameTypes(values, lastTypes)) {
            plan = lastPlan;
        } else {
            int[] types = new int[values.length];
            for (int i = 0; i < values.length; i++) {
                types[i] = values[i].oid();
            }
            String translated = Placeholders.translate(keys ? text + " RETURNING " + returning : text).sql();
            plan = PlanCache.get(translated, types);
            lastText = text;
            lastTypes = types;
            lastPlan = plan;
        }
        byte[] bound = params.bytes();
        Cursor cursor = fetchSize > 0 && !keys && !Dml.STATEMENT.matcher(text).find()
                ? plan.open(bound, timeoutMillis()) : null;
        if (cursor != null) {
            SpiResult first = cursor.fetch(fetchSize);
            if (first.hasRows()) {
                current = new SpiResultSet(this, first, cursor, fetchSize, maxRows);
                updateCount = -1;
                return true;
            }
            cursor.close();
            note(first);
            updateCount = first.processed();
            return false;
        }
        SpiResult result = plan.execute(bound, keys ? 0 : maxRows, timeoutMillis());
        note(result);
        if (keys) {
            generatedKeys = new SpiResultSet(this, result, null, 0, 0);
            updateCount = result.processed();
            return false;
        }
        if (result.hasRows() && result.status() == SpiResult.SPI_OK_SELECT || !result.columns().isEmpty()) {
            current = new SpiResultSet(this, result, null, 0, maxRows);
            updateCount = -1;
            return true;
        }
        updateCount = result.status() == SpiResult.SPI_OK_UTILITY ? 0 : result.processed();
        return false;
    }

    /** Whether {@code values} have the types {@code types}; allocates nothing, as it runs at every execution. */
    private static boolean sameTypes(Binder[] values, int[] types) {
        if (types == null || types.length != values.length) {
            return false;
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i].oid() != types[i]) {
                return false;
            }
        }
        return true;
    }

    private void note(SpiResult result) {
        if (result.notices().isEmpty()) {
            return; // most statements raise none, and an iterator over none is still an object in C1 code
        }
        for (SpiResult.Notice n : result.notices()) {
            SQLWarning w = new SQLWarning(n.message(), n.sqlState());
            if (warnings == null) {
                warnings = w;
            } else {
                warnings.setNextWarning(w);
            }
        }
    }

    private void closeCurrent() throws SQLException {
        if (current != null) {
            current.close();
            current = null;
        }
        if (generatedKeys != null) {
            generatedKeys.close();
            generatedKeys = null;
        }
    }

    private ResultSet query(String text, Binder[] values) throws SQLException {
        if (!run(text, values)) {
            throw new SQLException("No results were returned by the query.", SqlState.NO_DATA);
        }
        if (!pending.isEmpty()) {
            throw new SQLException("Multiple ResultSets were returned by the query.", SqlState.TOO_MANY_RESULTS);
        }
        return current;
    }

    private long update(String text, Binder[] values) throws SQLException {
        if (run(text, values) || !pending.isEmpty() && pending.stream().anyMatch(r -> r instanceof ResultSet)) {
            throw new SQLException("A result was returned when none was expected.", SqlState.TOO_MANY_RESULTS);
        }
        return updateCount;
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        return query(sql, params);
    }

    @Override
    public int executeUpdate() throws SQLException {
        return (int) update(sql, params);
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        return update(sql, params);
    }

    @Override
    public boolean execute() throws SQLException {
        return run(sql, params);
    }

    @Override
    public ResultSet executeQuery(String text) throws SQLException {
        checkPrepared("executeQuery");
        return query(text, new Binder[0]);
    }

    @Override
    public int executeUpdate(String text) throws SQLException {
        checkPrepared("executeUpdate");
        return (int) update(text, new Binder[0]);
    }

    @Override
    public long executeLargeUpdate(String text) throws SQLException {
        checkPrepared("executeLargeUpdate");
        return update(text, new Binder[0]);
    }

    @Override
    public boolean execute(String text) throws SQLException {
        checkPrepared("execute");
        return run(text, new Binder[0]);
    }

    @Override
    public ResultSet getResultSet() {
        return current;
    }

    @Override
    public int getUpdateCount() {
        return (int) updateCount;
    }

    @Override
    public long getLargeUpdateCount() {
        return updateCount;
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        closeCurrent();
        updateCount = -1;
        Object next = pending.poll();
        return next != null && take(next);
    }

    @Override
    public boolean getMoreResults(int current) throws SQLException {
        return getMoreResults();
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        checkOpen();
        if (generatedKeys == null) {
            throw new SQLException("No results were returned by the query.", SqlState.NO_DATA);
        }
        return generatedKeys;
    }

    // Batches.

    @Override
    public void addBatch() throws SQLException {
        checkOpen();
        batch.add(params.clone());
    }

    @Override
    public void addBatch(String text) throws SQLException {
        checkPrepared("addBatch");
        sqlBatch.add(text);
    }

    @Override
    public void clearBatch() {
        batch.clear();
        sqlBatch.clear();
    }

    @Override
    public int[] executeBatch() throws SQLException {
        long[] counts = executeLargeBatch();
        int[] out = new int[counts.length];
        for (int i = 0; i < counts.length; i++) {
            out[i] = (int) counts[i];
        }
        return out;
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        int size = sql == null ? sqlBatch.size() : batch.size();
        long[] counts = new long[size];
        int i = 0;
        try {
            for (; i < size; i++) {
                String text = sql == null ? sqlBatch.get(i) : sql;
                // A query in a batch counts no rows changed, as on pgJDBC, which runs batches discarding rows.
                counts[i] = run(text, sql == null ? new Binder[0] : batch.get(i)) ? 0 : updateCount;
                closeCurrent();
            }
        } catch (SQLException e) {
            // The call's transaction is aborted, so no entry stands: pgJDBC reports them all failed in a transaction.
            Arrays.fill(counts, EXECUTE_FAILED);
            BatchUpdateException failed = new BatchUpdateException("Batch entry " + i + " "
                    + (sql == null ? sqlBatch.get(i) : sql) + " was aborted: " + e.getMessage()
                    + "  Call getNextException to see other errors in the batch.", e.getSQLState(), 0, counts, e);
            failed.setNextException(e);
            throw failed;
        } finally {
            clearBatch();
        }
        return counts;
    }

    // Parameters.

    private void bind(int index, Binder value) throws SQLException {
        checkOpen();
        if (index < 1 || index > params.length) {
            throw new SQLException("The column index is out of range: " + index + ", number of columns: "
                    + params.length + ".", SqlState.INVALID_PARAMETER_VALUE);
        }
        params[index - 1] = value;
    }

    private void bind(int index, Object value) throws SQLException {
        bind(index, Binder.of(value));
    }

    @Override
    public void clearParameters() {
        params = new Binder[params.length];
    }

    @Override
    public void setNull(int i, int sqlType) throws SQLException {
        if (!TypeNames.isJdbcType(sqlType)) {
            throw new SQLException("Unknown Types value.", SqlState.INVALID_PARAMETER_TYPE);
        }
        bind(i, new Binder(Oids.forSqlType(sqlType), null));
    }

    @Override
    public void setNull(int i, int sqlType, String typeName) throws SQLException {
        setNull(i, sqlType);
    }

    @Override
    public void setBoolean(int i, boolean x) throws SQLException {
        bind(i, (Object) x);
    }

    @Override
    public void setByte(int i, byte x) throws SQLException {
        bind(i, Binder.fixed(Oids.INT2, x));
    }

    @Override
    public void setShort(int i, short x) throws SQLException {
        bind(i, Binder.fixed(Oids.INT2, x));
    }

    @Override
    public void setInt(int i, int x) throws SQLException {
        bind(i, Binder.fixed(Oids.INT4, x));
    }

    @Override
    public void setLong(int i, long x) throws SQLException {
        bind(i, Binder.fixed(Oids.INT8, x));
    }

    @Override
    public void setFloat(int i, float x) throws SQLException {
        bind(i, (Object) x);
    }

    @Override
    public void setDouble(int i, double x) throws SQLException {
        bind(i, (Object) x);
    }

    @Override
    public void setBigDecimal(int i, BigDecimal x) throws SQLException {
        bind(i, x == null ? new Binder(Oids.NUMERIC, null) : Binder.of(x));
    }

    @Override
    public void setString(int i, String x) throws SQLException {
        bind(i, new Binder(Oids.VARCHAR, x));
    }

    @Override
    public void setBytes(int i, byte[] x) throws SQLException {
        bind(i, x == null ? new Binder(Oids.BYTEA, null) : Binder.of(x));
    }

    @Override
    public void setDate(int i, Date x) throws SQLException {
        bind(i, x == null ? new Binder(Oids.DATE, null) : Binder.of(x));
    }

    @Override
    public void setDate(int i, Date x, Calendar cal) throws SQLException {
        setDate(i, x);
    }

    @Override
    public void setTime(int i, Time x) throws SQLException {
        bind(i, x == null ? new Binder(Oids.UNSPECIFIED, null) : Binder.of(x));
    }

    @Override
    public void setTime(int i, Time x, Calendar cal) throws SQLException {
        setTime(i, x);
    }

    @Override
    public void setTimestamp(int i, Timestamp x) throws SQLException {
        bind(i, x == null ? new Binder(Oids.UNSPECIFIED, null) : Binder.of(x));
    }

    @Override
    public void setTimestamp(int i, Timestamp x, Calendar cal) throws SQLException {
        setTimestamp(i, x);
    }

    @Override
    public void setObject(int i, Object x) throws SQLException {
        bind(i, x);
    }

    @Override
    public void setObject(int i, Object x, int sqlType) throws SQLException {
        if (x == null) {
            setNull(i, sqlType);
            return;
        }
        Binder b = Binder.of(x);
        if (sqlType == Types.OTHER && x instanceof PGobject) {
            bind(i, b);
            return;
        }
        int oid = Oids.forSqlType(sqlType);
        bind(i, new Binder(oid == Oids.UNSPECIFIED && sqlType != Types.OTHER ? b.oid() : oid, b.text()));
    }

    @Override
    public void setObject(int i, Object x, int sqlType, int scale) throws SQLException {
        setObject(i, x, sqlType);
    }

    @Override
    public void setArray(int i, Array x) throws SQLException {
        bind(i, (Object) x);
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        int[] types = new int[params.length];
        for (int i = 0; i < params.length; i++) {
            types[i] = params[i] == null ? Oids.UNSPECIFIED : params[i].oid();
        }
        int[] inferred = PlanCache.get(Placeholders.translate(sql).sql(), types).paramTypes();
        return new SpiParameterMetaData(inferred);
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        return current == null ? null : current.getMetaData();
    }

    // Settings.

    @Override
    public void setMaxRows(int max) throws SQLException {
        setLargeMaxRows(max);
    }

    @Override
    public void setLargeMaxRows(long max) throws SQLException {
        if (max < 0) {
            throw new SQLException("Maximum number of rows must be a value greater than or equal to 0.",
                    SqlState.INVALID_PARAMETER_VALUE);
        }
        maxRows = max;
    }

    @Override
    public int getMaxRows() {
        return (int) maxRows;
    }

    @Override
    public long getLargeMaxRows() {
        return maxRows;
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        if (rows < 0) {
            throw new SQLException("Fetch size must be a value greater to or equal to 0.",
                    SqlState.INVALID_PARAMETER_VALUE);
        }
        fetchSize = rows;
    }

    @Override
    public int getFetchSize() {
        return fetchSize;
    }

    @Override
    public void setQueryTimeout(int seconds) throws SQLException {
        if (seconds < 0) {
            throw new SQLException("Query timeout must be a value greater than or equals to 0.",
                    SqlState.INVALID_PARAMETER_VALUE);
        }
        queryTimeout = seconds;
    }

    @Override
    public int getQueryTimeout() {
        return queryTimeout;
    }

    private int timeoutMillis() {
        return (int) Math.min(Integer.MAX_VALUE, queryTimeout * 1000L);
    }

    @Override
    public void setEscapeProcessing(boolean enable) {}

    @Override
    public int getResultSetType() {
        return ResultSet.TYPE_FORWARD_ONLY;
    }

    @Override
    public int getResultSetConcurrency() {
        return ResultSet.CONCUR_READ_ONLY;
    }

    @Override
    public int getResultSetHoldability() {
        return ResultSet.CLOSE_CURSORS_AT_COMMIT;
    }

    @Override
    public int getFetchDirection() {
        return ResultSet.FETCH_FORWARD;
    }

    @Override
    public void setFetchDirection(int direction) {}

    @Override
    public SQLWarning getWarnings() {
        return warnings;
    }

    @Override
    public void clearWarnings() {
        warnings = null;
    }

    @Override
    public Connection getConnection() {
        return connection;
    }

    @Override
    public void close() throws SQLException {
        if (!closed) {
            closeCurrent();
            discardPending();
            closed = true;
            connection.forget(this);
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void closeOnCompletion() {}

    @Override
    public boolean isCloseOnCompletion() {
        return false;
    }

    @Override
    public void setPoolable(boolean poolable) {}

    @Override
    public boolean isPoolable() {
        return sql != null;
    }


    /** A plain statement is not a {@code PreparedStatement}, as on pgJDBC, although one class serves both here. */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return Wrappers.unwrap(this, sql == null ? Statement.class : PreparedStatement.class, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return Wrappers.isWrapperFor(sql == null ? Statement.class : PreparedStatement.class, iface);
    }

    @Override
    public String toString() {
        return sql == null ? "Statement" : sql.toLowerCase(Locale.ROOT).strip();
    }

    // Not supported over SPI: each refusal names its method, as pgJDBC's do.

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x, int length) throws SQLException {
        throw Unsupported.method("PreparedStatement.setAsciiStream(int, InputStream, int)");
    }

    @Override
    @Deprecated
    public void setUnicodeStream(int parameterIndex, InputStream x, int length) throws SQLException {
        throw Unsupported.method("PreparedStatement.setUnicodeStream(int, InputStream, int)");
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x, int length) throws SQLException {
        throw Unsupported.method("PreparedStatement.setBinaryStream(int, InputStream, int)");
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader, int length) throws SQLException {
        throw Unsupported.method("PreparedStatement.setCharacterStream(int, Reader, int)");
    }

    @Override
    public void setRef(int parameterIndex, Ref x) throws SQLException {
        throw Unsupported.method("PreparedStatement.setRef(int, Ref)");
    }

    @Override
    public void setBlob(int parameterIndex, Blob x) throws SQLException {
        throw Unsupported.method("PreparedStatement.setBlob(int, Blob)");
    }

    @Override
    public void setClob(int parameterIndex, Clob x) throws SQLException {
        throw Unsupported.method("PreparedStatement.setClob(int, Clob)");
    }

    @Override
    public void setURL(int parameterIndex, URL x) throws SQLException {
        throw Unsupported.method("PreparedStatement.setURL(int, URL)");
    }

    @Override
    public void setRowId(int parameterIndex, RowId x) throws SQLException {
        throw Unsupported.method("PreparedStatement.setRowId(int, RowId)");
    }

    @Override
    public void setNString(int parameterIndex, String value) throws SQLException {
        throw Unsupported.method("PreparedStatement.setNString(int, String)");
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader value, long length) throws SQLException {
        throw Unsupported.method("PreparedStatement.setNCharacterStream(int, Reader, long)");
    }

    @Override
    public void setNClob(int parameterIndex, NClob value) throws SQLException {
        throw Unsupported.method("PreparedStatement.setNClob(int, NClob)");
    }

    @Override
    public void setClob(int parameterIndex, Reader reader, long length) throws SQLException {
        throw Unsupported.method("PreparedStatement.setClob(int, Reader, long)");
    }

    @Override
    public void setBlob(int parameterIndex, InputStream inputStream, long length) throws SQLException {
        throw Unsupported.method("PreparedStatement.setBlob(int, InputStream, long)");
    }

    @Override
    public void setNClob(int parameterIndex, Reader reader, long length) throws SQLException {
        throw Unsupported.method("PreparedStatement.setNClob(int, Reader, long)");
    }

    @Override
    public void setSQLXML(int parameterIndex, SQLXML xmlObject) throws SQLException {
        throw Unsupported.method("PreparedStatement.setSQLXML(int, SQLXML)");
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x, long length) throws SQLException {
        throw Unsupported.method("PreparedStatement.setAsciiStream(int, InputStream, long)");
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x, long length) throws SQLException {
        throw Unsupported.method("PreparedStatement.setBinaryStream(int, InputStream, long)");
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader, long length) throws SQLException {
        throw Unsupported.method("PreparedStatement.setCharacterStream(int, Reader, long)");
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x) throws SQLException {
        throw Unsupported.method("PreparedStatement.setAsciiStream(int, InputStream)");
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x) throws SQLException {
        throw Unsupported.method("PreparedStatement.setBinaryStream(int, InputStream)");
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader) throws SQLException {
        throw Unsupported.method("PreparedStatement.setCharacterStream(int, Reader)");
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader value) throws SQLException {
        throw Unsupported.method("PreparedStatement.setNCharacterStream(int, Reader)");
    }

    @Override
    public void setClob(int parameterIndex, Reader reader) throws SQLException {
        throw Unsupported.method("PreparedStatement.setClob(int, Reader)");
    }

    @Override
    public void setBlob(int parameterIndex, InputStream inputStream) throws SQLException {
        throw Unsupported.method("PreparedStatement.setBlob(int, InputStream)");
    }

    @Override
    public void setNClob(int parameterIndex, Reader reader) throws SQLException {
        throw Unsupported.method("PreparedStatement.setNClob(int, Reader)");
    }

    @Override
    public int getMaxFieldSize() throws SQLException {
        throw Unsupported.method("Statement.getMaxFieldSize()");
    }

    @Override
    public void setMaxFieldSize(int max) throws SQLException {
        throw Unsupported.method("Statement.setMaxFieldSize(int)");
    }

    @Override
    public void cancel() throws SQLException {
        throw Unsupported.method("Statement.cancel()");
    }

    @Override
    public void setCursorName(String name) throws SQLException {
        throw Unsupported.method("Statement.setCursorName(String)");
    }

    @Override
    public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        throw Unsupported.method("Statement.executeUpdate(String, int)");
    }

    @Override
    public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
        throw Unsupported.method("Statement.executeUpdate(String, int[])");
    }

    @Override
    public int executeUpdate(String sql, String[] columnNames) throws SQLException {
        throw Unsupported.method("Statement.executeUpdate(String, String[])");
    }

    @Override
    public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        throw Unsupported.method("Statement.executeLargeUpdate(String, int)");
    }

    @Override
    public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
        throw Unsupported.method("Statement.executeLargeUpdate(String, int[])");
    }

    @Override
    public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
        throw Unsupported.method("Statement.executeLargeUpdate(String, String[])");
    }

    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        throw Unsupported.method("Statement.execute(String, int)");
    }

    @Override
    public boolean execute(String sql, int[] columnIndexes) throws SQLException {
        throw Unsupported.method("Statement.execute(String, int[])");
    }

    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        throw Unsupported.method("Statement.execute(String, String[])");
    }
}
