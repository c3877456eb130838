package io.wormhole.server.pg;

import java.sql.SQLException;

/**
 * An error PostgreSQL raised, carried into Java with everything {@code ErrorData} had that a caller may act on.
 * The native bridge constructs it; Java code constructs it too when it must end a call with a given SQLSTATE.
 */
public class PgException extends SQLException {
    private final String detail;
    private final String hint;
    private final int position;

    public PgException(String message, String sqlState, String detail, String hint, int position) {
        super(message, sqlState);
        this.detail = detail;
        this.hint = hint;
        this.position = position;
    }

    public PgException(String message, String sqlState) {
        this(message, sqlState, null, null, 0);
    }

    /** Called by the natives, which hand over PostgreSQL's texts as UTF-8. */
    static PgException fromNative(byte[] message, byte[] sqlState, byte[] detail, byte[] hint, int position) {
        return new PgException(utf8(message), utf8(sqlState), utf8(detail), utf8(hint), position);
    }

    private static String utf8(byte[] b) {
        return b == null ? null : new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** PostgreSQL's DETAIL, or {@code null}. */
    public String getDetail() {
        return detail;
    }

    /** PostgreSQL's HINT, or {@code null}. */
    public String getHint() {
        return hint;
    }

    /** 1-based character position in the statement that the error points at, or 0. */
    public int getPosition() {
        return position;
    }
}
