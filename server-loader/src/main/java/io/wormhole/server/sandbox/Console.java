package io.wormhole.server.sandbox;

import io.wormhole.server.pg.Notices;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

/**
 * {@code System.out} and {@code System.err} of shipped code: the loader rewrites reads of those fields to
 * {@link #out()} and {@link #err()}, whose lines reach the client as NOTICEs and WARNINGs instead of the server's
 * standard streams.
 */
public final class Console {
    static final String INTERNAL_NAME = "io/wormhole/server/sandbox/Console";
    private static final int MAX_LINE = 8192;

    private static final LineSink OUT = new LineSink(false);
    private static final LineSink ERR = new LineSink(true);
    private static final PrintStream OUT_STREAM = new PrintStream(OUT, true, StandardCharsets.UTF_8);
    private static final PrintStream ERR_STREAM = new PrintStream(ERR, true, StandardCharsets.UTF_8);

    private Console() {}

    public static PrintStream out() {
        return OUT_STREAM;
    }

    public static PrintStream err() {
        return ERR_STREAM;
    }

    /** Sends what is left of an unfinished line; called when a call ends. */
    public static void flush() {
        OUT_STREAM.flush();
        ERR_STREAM.flush();
        OUT.sendPending();
        ERR.sendPending();
    }

    private static final class LineSink extends OutputStream {
        private final boolean warning;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineSink(boolean warning) {
            this.warning = warning;
        }

        @Override
        public void write(int b) {
            if (b == '\n') {
                sendPending();
            } else if (line.size() < MAX_LINE) {
                line.write(b);
            }
        }

        void sendPending() {
            if (line.size() == 0) {
                return;
            }
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            try {
                if (warning) {
                    Notices.warning(text);
                } else {
                    Notices.notice(text);
                }
            } catch (SQLException e) {
                // A message the client cannot get is dropped, like output to a closed terminal.
            }
        }
    }
}
