package io.wormhole.server.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;

/** What common code asks of a connection's metadata: the product, its version, the user. */
final class SpiDatabaseMetaData extends UnsupportedDatabaseMetaData {
    private final SpiConnection connection;

    SpiDatabaseMetaData(SpiConnection connection) {
        this.connection = connection;
    }

    @Override
    public String getDatabaseProductName() {
        return "PostgreSQL";
    }

    @Override
    public String getDatabaseProductVersion() throws SQLException {
        return connection.show("server_version");
    }

    @Override
    public int getDatabaseMajorVersion() throws SQLException {
        return Integer.parseInt(connection.show("server_version_num")) / 10000;
    }

    @Override
    public int getDatabaseMinorVersion() throws SQLException {
        return Integer.parseInt(connection.show("server_version_num")) % 10000;
    }

    @Override
    public String getDriverName() {
        return "Wormhole JDBC over SPI";
    }

    @Override
    public String getDriverVersion() {
        return "1.0";
    }

    @Override
    public int getDriverMajorVersion() {
        return 1;
    }

    @Override
    public int getDriverMinorVersion() {
        return 0;
    }

    @Override
    public int getJDBCMajorVersion() {
        return 4;
    }

    @Override
    public int getJDBCMinorVersion() {
        return 2;
    }

    @Override
    public String getUserName() throws SQLException {
        return connection.query("SELECT pg_catalog.current_user::text");
    }

    @Override
    public String getURL() throws SQLException {
        return "jdbc:wormhole:spi://" + connection.getCatalog();
    }

    @Override
    public Connection getConnection() {
        return connection;
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        return connection.isReadOnly();
    }

    @Override
    public boolean supportsSavepoints() {
        return true;
    }

    @Override
    public boolean supportsTransactions() {
        return true;
    }

    @Override
    public boolean supportsBatchUpdates() {
        return true;
    }

    @Override
    public boolean supportsGetGeneratedKeys() {
        return true;
    }

    @Override
    public boolean supportsResultSetType(int type) {
        return type == ResultSet.TYPE_FORWARD_ONLY;
    }

    @Override
    public String getIdentifierQuoteString() {
        return "\"";
    }

    @Override
    public int getDefaultTransactionIsolation() {
        return Connection.TRANSACTION_READ_COMMITTED;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return Wrappers.unwrap(this, DatabaseMetaData.class, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return Wrappers.isWrapperFor(DatabaseMetaData.class, iface);
    }
}
