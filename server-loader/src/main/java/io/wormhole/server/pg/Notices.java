package io.wormhole.server.pg;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

/** Messages from Java code to the client, as PostgreSQL NOTICEs or WARNINGs, or to the server log alone. */
public final class Notices {
    private Notices() {}

    public static void notice(String message) throws SQLException {
        send(0, message);
    }

    public static void warning(String message) throws SQLException {
        send(1, message);
    }

    /**
     * A NOTICE, or a WARNING, from shipped code's output (its console, its loggers); one the client cannot get (no
     * backend to raise it in, a call being stopped) is dropped, like output to a closed terminal.
     */
    public static void fromShippedCode(boolean warning, String message) {
        try {
            send(warning ? 1 : 0, message);
        } catch (SQLException e) {
            // Dropped, as the documentation says.
        }
    }

    /** A LOG line: the server log has it, the client does not. */
    public static void log(String message) throws SQLException {
        send(3, message);
    }

    private static void send(int level, String message) throws SQLException {
        Backend.onMain(() -> {
            Bridge.notice(level, message.getBytes(StandardCharsets.UTF_8));
            return null;
        });
    }
}
