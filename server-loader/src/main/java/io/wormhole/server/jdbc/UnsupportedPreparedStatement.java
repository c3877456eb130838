package io.wormhole.server.jdbc;

/**
 * Every method of {@code java.sql.PreparedStatement} refusing with a {@link java.sql.SQLFeatureNotSupportedException} that
 * names it; the JDBC-over-SPI classes override what they support. Generated from the interface.
 */
@SuppressWarnings({"deprecation", "unused"})
abstract class UnsupportedPreparedStatement implements java.sql.PreparedStatement {

    @Override
    public void addBatch() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.addBatch is not supported by JDBC over SPI");
    }

    @Override
    public void addBatch(java.lang.String arg0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.addBatch is not supported by JDBC over SPI");
    }

    @Override
    public void cancel() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.cancel is not supported by JDBC over SPI");
    }

    @Override
    public void clearBatch() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.clearBatch is not supported by JDBC over SPI");
    }

    @Override
    public void clearParameters() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.clearParameters is not supported by JDBC over SPI");
    }

    @Override
    public void clearWarnings() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.clearWarnings is not supported by JDBC over SPI");
    }

    @Override
    public void close() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.close is not supported by JDBC over SPI");
    }

    @Override
    public void closeOnCompletion() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.closeOnCompletion is not supported by JDBC over SPI");
    }

    @Override
    public boolean execute() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.execute is not supported by JDBC over SPI");
    }

    @Override
    public boolean execute(java.lang.String arg0, int[] arg1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.execute is not supported by JDBC over SPI");
    }

    @Override
    public boolean execute(java.lang.String arg0, java.lang.String[] arg1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.execute is not supported by JDBC over SPI");
    }

    @Override
    public boolean execute(java.lang.String arg0, int arg1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.execute is not supported by JDBC over SPI");
    }

    @Override
    public boolean execute(java.lang.String arg0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.execute is not supported by JDBC over SPI");
    }

    @Override
    public int[] executeBatch() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.executeBatch is not supported by JDBC over SPI");
    }

    @Override
    public java.sql.ResultSet executeQuery() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.executeQuery is not supported by JDBC over SPI");
    }

    @Override
    public java.sql.ResultSet executeQuery(java.lang.String arg0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.executeQuery is not supported by JDBC over SPI");
    }

    @Override
    public int executeUpdate() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.executeUpdate is not supported by JDBC over SPI");
    }

    @Override
    public int executeUpdate(java.lang.String arg0, int[] arg1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.executeUpdate is not supported by JDBC over SPI");
    }

    @Override
    public int executeUpdate(java.lang.String arg0, java.lang.String[] arg1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.executeUpdate is not supported by JDBC over SPI");
    }

    @Override
    public int executeUpdate(java.lang.String arg0, int arg1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.executeUpdate is not supported by JDBC over SPI");
    }

    @Override
    public int executeUpdate(java.lang.String arg0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.executeUpdate is not supported by JDBC over SPI");
    }

    @Override
    public java.sql.Connection getConnection() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.getConnection is not supported by JDBC over SPI");
    }

    @Override
    public int getFetchDirection() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.getFetchDirection is not supported by JDBC over SPI");
    }

    @Override
    public int getFetchSize() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.getFetchSize is not supported by JDBC over SPI");
    }

    @Override
    public java.sql.ResultSet getGeneratedKeys() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.getGeneratedKeys is not supported by JDBC over SPI");
    }

    @Override
    public int getMaxFieldSize() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.getMaxFieldSize is not supported by JDBC over SPI");
    }

    @Override
    public int getMaxRows() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.getMaxRows is not supported by JDBC over SPI");
    }

    @Override
    public java.sql.ResultSetMetaData getMetaData() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.getMetaData is not supported by JDBC over SPI");
    }

    @Override
    public boolean getMoreResults() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.getMoreResults is not supported by JDBC over SPI");
    }

    @Override
    public boolean getMoreResults(int arg0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.getMoreResults is not supported by JDBC over SPI");
    }

    @Override
    public java.sql.ParameterMetaData getParameterMetaData() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.getParameterMetaData is not supported by JDBC over SPI");
    }

    @Override
    public int getQueryTimeout() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.getQueryTimeout is not supported by JDBC over SPI");
    }

    @Override
    public java.sql.ResultSet getResultSet() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.getResultSet is not supported by JDBC over SPI");
    }

    @Override
    public int getResultSetConcurrency() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.getResultSetConcurrency is not supported by JDBC over SPI");
    }

    @Override
    public int getResultSetHoldability() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.getResultSetHoldability is not supported by JDBC over SPI");
    }

    @Override
    public int getResultSetType() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.getResultSetType is not supported by JDBC over SPI");
    }

    @Override
    public int getUpdateCount() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.getUpdateCount is not supported by JDBC over SPI");
    }

    @Override
    public java.sql.SQLWarning getWarnings() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.getWarnings is not supported by JDBC over SPI");
    }

    @Override
    public boolean isCloseOnCompletion() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.isCloseOnCompletion is not supported by JDBC over SPI");
    }

    @Override
    public boolean isClosed() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.isClosed is not supported by JDBC over SPI");
    }

    @Override
    public boolean isPoolable() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.isPoolable is not supported by JDBC over SPI");
    }

    @Override
    public boolean isWrapperFor(java.lang.Class<?> arg0) throws java.sql.SQLException {
        return arg0.isInstance(this);
    }

    @Override
    public void setArray(int arg0, java.sql.Array arg1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setArray is not supported by JDBC over SPI");
    }

    @Override
    public void setAsciiStream(int arg0, java.io.InputStream arg1, int arg2) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setAsciiStream is not supported by JDBC over SPI");
    }

    @Override
    public void setAsciiStream(int arg0, java.io.InputStream arg1, long arg2) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setAsciiStream is not supported by JDBC over SPI");
    }

    @Override
    public void setAsciiStream(int arg0, java.io.InputStream arg1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setAsciiStream is not supported by JDBC over SPI");
    }

    @Override
    public void setBigDecimal(int arg0, java.math.BigDecimal arg1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setBigDecimal is not supported by JDBC over SPI");
    }

    @Override
    public void setBinaryStream(int arg0, java.io.InputStream arg1, int arg2) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setBinaryStream is not supported by JDBC over SPI");
    }

    @Override
    public void setBinaryStream(int arg0, java.io.InputStream arg1, long arg2) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setBinaryStream is not supported by JDBC over SPI");
    }

    @Override
    public void setBinaryStream(int arg0, java.io.InputStream arg1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setBinaryStream is not supported by JDBC over SPI");
    }

    @Override
    public void setBlob(int arg0, java.io.InputStream arg1, long arg2) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setBlob is not supported by JDBC over SPI");
    }

    @Override
    public void setBlob(int arg0, java.io.InputStream arg1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setBlob is not supported by JDBC over SPI");
    }

    @Override
    public void setBlob(int arg0, java.sql.Blob arg1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setBlob is not supported by JDBC over SPI");
    }

    @Override
    public void setBoolean(int arg0, boolean arg1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setBoolean is not supported by JDBC over SPI");
    }

    @Override
    public void setByte(int arg0, byte arg1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setByte is not supported by JDBC over SPI");
    }

    @Override
    public void setBytes(int arg0, byte[] arg1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setBytes is not supported by JDBC over SPI");
    }

    @Override
    public void setCharacterStream(int arg0, java.io.Reader arg1, int arg2) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setCharacterStream is not supported by JDBC over SPI");
    }

    @Override
    public void setCharacterStream(int arg0, java.io.Reader arg1, long arg2) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setCharacterStream is not supported by JDBC over SPI");
    }

    @Override
    public void setCharacterStream(int arg0, java.io.Reader arg1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setCharacterStream is not supported by JDBC over SPI");
    }

    @Override
    public void setClob(int arg0, java.io.Reader arg1, long arg2) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setClob is not supported by JDBC over SPI");
    }

    @Override
    public void setClob(int arg0, java.io.Reader arg1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setClob is not supported by JDBC over SPI");
    }

    @Override
    public void setClob(int arg0, java.sql.Clob arg1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setClob is not supported by JDBC over SPI");
    }

    @Override
    public void setCursorName(java.lang.String arg0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setCursorName is not supported by JDBC over SPI");
    }

    @Override
    public void setDate(int arg0, java.sql.Date arg1, java.util.Calendar arg2) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setDate is not supported by JDBC over SPI");
    }

    @Override
    public void setDate(int arg0, java.sql.Date arg1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setDate is not supported by JDBC over SPI");
    }

    @Override
    public void setDouble(int arg0, double arg1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setDouble is not supported by JDBC over SPI");
    }

    @Override
    public void setEscapeProcessing(boolean arg0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setEscapeProcessing is not supported by JDBC over SPI");
    }

    @Override
    public void setFetchDirection(int arg0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setFetchDirection is not supported by JDBC over SPI");
    }

    @Override
    public void setFetchSize(int arg0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setFetchSize is not supported by JDBC over SPI");
    }

    @Override
    public void setFloat(int arg0, float arg1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setFloat is not supported by JDBC over SPI");
    }

    @Override
    public void setInt(int arg0, int arg1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setInt is not supported by JDBC over SPI");
    }

    @Override
    public void setLong(int arg0, long arg1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setLong is not supported by JDBC over SPI");
    }

    @Override
    public void setMaxFieldSize(int arg0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setMaxFieldSize is not supported by JDBC over SPI");
    }

    @Override
    public void setMaxRows(int arg0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setMaxRows is not supported by JDBC over SPI");
    }

    @Override
    public void setNCharacterStream(int arg0, java.io.Reader arg1, long arg2) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setNCharacterStream is not supported by JDBC over SPI");
    }

    @Override
    public void setNCharacterStream(int arg0, java.io.Reader arg1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setNCharacterStream is not supported by JDBC over SPI");
    }

    @Override
    public void setNClob(int arg0, java.io.Reader arg1, long arg2) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setNClob is not supported by JDBC over SPI");
    }

    @Override
    public void setNClob(int arg0, java.io.Reader arg1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setNClob is not supported by JDBC over SPI");
    }

    @Override
    public void setNClob(int arg0, java.sql.NClob arg1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setNClob is not supported by JDBC over SPI");
    }

    @Override
    public void setNString(int arg0, java.lang.String arg1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setNString is not supported by JDBC over SPI");
    }

    @Override
    public void setNull(int arg0, int arg1, java.lang.String arg2) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setNull is not supported by JDBC over SPI");
    }

    @Override
    public void setNull(int arg0, int arg1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setNull is not supported by JDBC over SPI");
    }

    @Override
    public void setObject(int arg0, java.lang.Object arg1, int arg2, int arg3) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setObject is not supported by JDBC over SPI");
    }

    @Override
    public void setObject(int arg0, java.lang.Object arg1, int arg2) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setObject is not supported by JDBC over SPI");
    }

    @Override
    public void setObject(int arg0, java.lang.Object arg1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setObject is not supported by JDBC over SPI");
    }

    @Override
    public void setPoolable(boolean arg0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setPoolable is not supported by JDBC over SPI");
    }

    @Override
    public void setQueryTimeout(int arg0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setQueryTimeout is not supported by JDBC over SPI");
    }

    @Override
    public void setRef(int arg0, java.sql.Ref arg1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setRef is not supported by JDBC over SPI");
    }

    @Override
    public void setRowId(int arg0, java.sql.RowId arg1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setRowId is not supported by JDBC over SPI");
    }

    @Override
    public void setSQLXML(int arg0, java.sql.SQLXML arg1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setSQLXML is not supported by JDBC over SPI");
    }

    @Override
    public void setShort(int arg0, short arg1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setShort is not supported by JDBC over SPI");
    }

    @Override
    public void setString(int arg0, java.lang.String arg1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setString is not supported by JDBC over SPI");
    }

    @Override
    public void setTime(int arg0, java.sql.Time arg1, java.util.Calendar arg2) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setTime is not supported by JDBC over SPI");
    }

    @Override
    public void setTime(int arg0, java.sql.Time arg1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setTime is not supported by JDBC over SPI");
    }

    @Override
    public void setTimestamp(int arg0, java.sql.Timestamp arg1, java.util.Calendar arg2) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setTimestamp is not supported by JDBC over SPI");
    }

    @Override
    public void setTimestamp(int arg0, java.sql.Timestamp arg1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setTimestamp is not supported by JDBC over SPI");
    }

    @Override
    public void setURL(int arg0, java.net.URL arg1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setURL is not supported by JDBC over SPI");
    }

    @Override
    public void setUnicodeStream(int arg0, java.io.InputStream arg1, int arg2) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("PreparedStatement.setUnicodeStream is not supported by JDBC over SPI");
    }

    @Override
    public <T> T unwrap(java.lang.Class<T> arg0) throws java.sql.SQLException {
        if (arg0.isInstance(this)) {
            return arg0.cast(this);
        }
        throw new java.sql.SQLException("Cannot unwrap to " + arg0.getName());
    }
}
