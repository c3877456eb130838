package io.wormhole.server.jdbc;

/**
 * Every method of {@code java.sql.Array} refusing with a {@link java.sql.SQLFeatureNotSupportedException} that
 * names it; the JDBC-over-SPI classes override what they support. Generated from the interface.
 */
@SuppressWarnings({"deprecation", "unused"})
abstract class UnsupportedArray implements java.sql.Array {

    @Override
    public void free() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("Array.free is not supported by JDBC over SPI");
    }

    @Override
    public java.lang.Object getArray() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("Array.getArray is not supported by JDBC over SPI");
    }

    @Override
    public java.lang.Object getArray(java.util.Map<java.lang.String, java.lang.Class<?>> arg0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("Array.getArray is not supported by JDBC over SPI");
    }

    @Override
    public java.lang.Object getArray(long arg0, int arg1, java.util.Map<java.lang.String, java.lang.Class<?>> arg2) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("Array.getArray is not supported by JDBC over SPI");
    }

    @Override
    public java.lang.Object getArray(long arg0, int arg1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("Array.getArray is not supported by JDBC over SPI");
    }

    @Override
    public int getBaseType() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("Array.getBaseType is not supported by JDBC over SPI");
    }

    @Override
    public java.lang.String getBaseTypeName() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("Array.getBaseTypeName is not supported by JDBC over SPI");
    }

    @Override
    public java.sql.ResultSet getResultSet() throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("Array.getResultSet is not supported by JDBC over SPI");
    }

    @Override
    public java.sql.ResultSet getResultSet(java.util.Map<java.lang.String, java.lang.Class<?>> arg0) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("Array.getResultSet is not supported by JDBC over SPI");
    }

    @Override
    public java.sql.ResultSet getResultSet(long arg0, int arg1, java.util.Map<java.lang.String, java.lang.Class<?>> arg2) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("Array.getResultSet is not supported by JDBC over SPI");
    }

    @Override
    public java.sql.ResultSet getResultSet(long arg0, int arg1) throws java.sql.SQLException {
        throw new java.sql.SQLFeatureNotSupportedException("Array.getResultSet is not supported by JDBC over SPI");
    }
}
