package io.wormhole.server.jdbc;

import io.wormhole.internal.SqlState;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLXML;
import javax.xml.transform.Result;
import javax.xml.transform.Source;

/**
 * An {@code xml} value read from a result, as pgJDBC's {@code getObject} and {@code getSQLXML} give it: readable as
 * text, a reader or UTF-8 bytes until freed; it was initialized by the result, so it cannot be written.
 */
final class SpiSQLXML implements SQLXML {
    private String text;

    SpiSQLXML(String text) {
        this.text = text;
    }

    private String text() throws SQLException {
        if (text == null) {
            throw new SQLException("This SQLXML object has already been freed.",
                    SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE);
        }
        return text;
    }

    @Override
    public void free() {
        text = null;
    }

    @Override
    public String getString() throws SQLException {
        return text();
    }

    @Override
    public Reader getCharacterStream() throws SQLException {
        return new StringReader(text());
    }

    @Override
    public InputStream getBinaryStream() throws SQLException {
        return new ByteArrayInputStream(text().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public <T extends Source> T getSource(Class<T> sourceClass) throws SQLException {
        throw new SQLFeatureNotSupportedException("SQLXML.getSource is not supported inside a @Remote call: use"
                + " getString or getCharacterStream", SqlState.FEATURE_NOT_SUPPORTED);
    }

    private static SQLException initialized() {
        return new SQLException("This SQLXML object has already been initialized, so you cannot manipulate it"
                + " further.", SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE);
    }

    @Override
    public void setString(String value) throws SQLException {
        throw initialized();
    }

    @Override
    public Writer setCharacterStream() throws SQLException {
        throw initialized();
    }

    @Override
    public OutputStream setBinaryStream() throws SQLException {
        throw initialized();
    }

    @Override
    public <T extends Result> T setResult(Class<T> resultClass) throws SQLException {
        throw initialized();
    }

    @Override
    public String toString() {
        return String.valueOf(text);
    }
}
