package io.wormhole.server.sandbox;

import io.wormhole.server.pg.Notices;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code System.out} and {@code System.err} of shipped code: the loader rewrites reads of those fields to
 * {@link #out()} and {@link #err()}, whose lines reach the client as NOTICEs and WARNINGs instead of the server's
 * standard streams.
 *
 * <p>Each call gets streams of its own, made on first use and dropped when it ends, so what one call does to them
 * ({@code close()}, an error flag that {@code checkError()} reports, an unfinished line) stays in that call: a later
 * call of any bundle or role starts with fresh ones. The streams also belong to the bundle loader the call runs
 * under (the thread's context class loader), so output shipped code makes after its call's end (an exception's
 * {@code getMessage()} while the response is written) can never be held over into another bundle's or role's call.
 * A stream kept from an earlier call (in a static field) still prints, to its own old line buffers; closing it closes
 * only that old stream.
 */
public final class Console {
    static final String INTERNAL_NAME = "io/wormhole/server/sandbox/Console";
    private static final int MAX_LINE = 8192;

    // Only the thread running a call touches these, one call at a time.
    private static CallConsole current;
    private static ClassLoader owner;

    private Console() {}

    public static PrintStream out() {
        return current().out;
    }

    public static PrintStream err() {
        return current().err;
    }

    /** Sends what is left of an unfinished line and forgets the call's streams; called when a call ends. */
    public static void flush() {
        if (current != null) {
            current.out.flush();
            current.err.flush();
            current.outLines.sendPending();
            current.errLines.sendPending();
            current = null;
        }
    }

    private static CallConsole current() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (current == null || owner != loader) {
            // Whatever another bundle or role left unfinished is dropped, not sent to this call's client.
            current = new CallConsole();
            owner = loader;
        }
        return current;
    }

    private static final class CallConsole {
        final LineSink outLines = new LineSink(false);
        final LineSink errLines = new LineSink(true);
        final PrintStream out = new PrintStream(outLines, true, StandardCharsets.UTF_8);
        final PrintStream err = new PrintStream(errLines, true, StandardCharsets.UTF_8);
    }

    /** Collects bytes into lines; closing the stream over it leaves it open. */
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
            Notices.fromShippedCode(warning, text);
        }
    }
}
