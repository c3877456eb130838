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
 *
 * <p>Each call gets streams of its own, made on first use and dropped when it ends, so what one call does to them
 * ({@code close()}, an error flag that {@code checkError()} reports) stays in that call: a later call of any bundle
 * or role starts with fresh ones. A stream kept from an earlier call (in a static field) still prints, through the
 * same line sinks, to whatever call runs it; closing it closes only that old stream.
 */
public final class Console {
    static final String INTERNAL_NAME = "io/wormhole/server/sandbox/Console";
    private static final int MAX_LINE = 8192;

    private static final LineSink OUT = new LineSink(false);
    private static final LineSink ERR = new LineSink(true);
    // Only the thread running a call touches these, one call at a time.
    private static PrintStream callOut;
    private static PrintStream callErr;

    private Console() {}

    public static PrintStream out() {
        if (callOut == null) {
            callOut = new PrintStream(OUT, true, StandardCharsets.UTF_8);
        }
        return callOut;
    }

    public static PrintStream err() {
        if (callErr == null) {
            callErr = new PrintStream(ERR, true, StandardCharsets.UTF_8);
        }
        return callErr;
    }

    /** Sends what is left of an unfinished line and forgets the call's streams; called when a call ends. */
    public static void flush() {
        if (callOut != null) {
            callOut.flush();
        }
        if (callErr != null) {
            callErr.flush();
        }
        callOut = null;
        callErr = null;
        OUT.sendPending();
        ERR.sendPending();
    }

    /** Collects bytes into lines; shared by every call's stream, and closing a stream leaves it open. */
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
