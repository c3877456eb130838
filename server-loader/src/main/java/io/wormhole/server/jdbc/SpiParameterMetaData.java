package io.wormhole.server.jdbc;

import io.wormhole.internal.SqlState;
import io.wormhole.server.pg.Oids;
import java.sql.ParameterMetaData;
import java.sql.SQLException;

/** Parameter types as PostgreSQL inferred them when it planned the statement. */
record SpiParameterMetaData(int[] types) implements ParameterMetaData {
    private int type(int i) throws SQLException {
        if (i < 1 || i > types.length) {
            throw new SQLException("The parameter index is out of range: " + i + ", number of parameters: "
                    + types.length + ".", SqlState.INVALID_PARAMETER_VALUE);
        }
        return types[i - 1];
    }

    @Override
    public int getParameterCount() {
        return types.length;
    }

    @Override
    public int isNullable(int i) throws SQLException {
        type(i);
        return ParameterMetaData.parameterNullableUnknown;
    }

    @Override
    public boolean isSigned(int i) throws SQLException {
        int t = type(i);
        return t == Oids.INT2 || t == Oids.INT4 || t == Oids.INT8 || t == Oids.FLOAT4 || t == Oids.FLOAT8
                || t == Oids.NUMERIC;
    }

    @Override
    public int getPrecision(int i) throws SQLException {
        type(i);
        return 0;
    }

    @Override
    public int getScale(int i) throws SQLException {
        type(i);
        return 0;
    }

    @Override
    public int getParameterType(int i) throws SQLException {
        return Oids.jdbcType(type(i));
    }

    @Override
    public String getParameterTypeName(int i) throws SQLException {
        return Oids.name(type(i));
    }

    @Override
    public String getParameterClassName(int i) throws SQLException {
        type(i);
        return null;
    }

    @Override
    public int getParameterMode(int i) throws SQLException {
        type(i);
        return ParameterMetaData.parameterModeIn;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("Cannot unwrap to " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
