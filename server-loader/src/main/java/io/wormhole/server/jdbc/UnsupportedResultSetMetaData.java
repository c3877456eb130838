package io.wormhole.server.jdbc;

/**
 * Every method of {@code java.sql.ResultSetMetaData} refusing with a {@link java.sql.SQLFeatureNotSupportedException} that
 * names it; the JDBC-over-SPI classes override what they support. Generated from the interface.
 */
@SuppressWarnings({"deprecation", "unused"})
abstract class UnsupportedResultSetMetaData implements java.sql.ResultSetMetaData {

    @Override
    public java.lang.String getCatalogName(int arg0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("ResultSetMetaData.getCatalogName is not supported by JDBC over SPI");
    }

    @Override
    public java.lang.String getColumnClassName(int arg0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("ResultSetMetaData.getColumnClassName is not supported by JDBC over SPI");
    }

    @Override
    public int getColumnCount() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("ResultSetMetaData.getColumnCount is not supported by JDBC over SPI");
    }

    @Override
    public int getColumnDisplaySize(int arg0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("ResultSetMetaData.getColumnDisplaySize is not supported by JDBC over SPI");
    }

    @Override
    public java.lang.String getColumnLabel(int arg0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("ResultSetMetaData.getColumnLabel is not supported by JDBC over SPI");
    }

    @Override
    public java.lang.String getColumnName(int arg0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("ResultSetMetaData.getColumnName is not supported by JDBC over SPI");
    }

    @Override
    public int getColumnType(int arg0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("ResultSetMetaData.getColumnType is not supported by JDBC over SPI");
    }

    @Override
    public java.lang.String getColumnTypeName(int arg0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("ResultSetMetaData.getColumnTypeName is not supported by JDBC over SPI");
    }

    @Override
    public int getPrecision(int arg0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("ResultSetMetaData.getPrecision is not supported by JDBC over SPI");
    }

    @Override
    public int getScale(int arg0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("ResultSetMetaData.getScale is not supported by JDBC over SPI");
    }

    @Override
    public java.lang.String getSchemaName(int arg0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("ResultSetMetaData.getSchemaName is not supported by JDBC over SPI");
    }

    @Override
    public java.lang.String getTableName(int arg0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("ResultSetMetaData.getTableName is not supported by JDBC over SPI");
    }

    @Override
    public boolean isAutoIncrement(int arg0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("ResultSetMetaData.isAutoIncrement is not supported by JDBC over SPI");
    }

    @Override
    public boolean isCaseSensitive(int arg0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("ResultSetMetaData.isCaseSensitive is not supported by JDBC over SPI");
    }

    @Override
    public boolean isCurrency(int arg0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("ResultSetMetaData.isCurrency is not supported by JDBC over SPI");
    }

    @Override
    public boolean isDefinitelyWritable(int arg0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("ResultSetMetaData.isDefinitelyWritable is not supported by JDBC over SPI");
    }

    @Override
    public int isNullable(int arg0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("ResultSetMetaData.isNullable is not supported by JDBC over SPI");
    }

    @Override
    public boolean isReadOnly(int arg0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("ResultSetMetaData.isReadOnly is not supported by JDBC over SPI");
    }

    @Override
    public boolean isSearchable(int arg0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("ResultSetMetaData.isSearchable is not supported by JDBC over SPI");
    }

    @Override
    public boolean isSigned(int arg0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("ResultSetMetaData.isSigned is not supported by JDBC over SPI");
    }

    @Override
    public boolean isWrapperFor(java.lang.Class<?> arg0) throws java.sql.SQLException {
        return arg0.isInstance(this);
    }

    @Override
    public boolean isWritable(int arg0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("ResultSetMetaData.isWritable is not supported by JDBC over SPI");
    }

    @Override
    public <T> T unwrap(java.lang.Class<T> arg0) throws java.sql.SQLException {
        if (arg0.isInstance(this)) {
            return arg0.cast(this);
        }
        throw new java.sql.SQLException("Cannot unwrap to " + arg0.getName());
    }
}
