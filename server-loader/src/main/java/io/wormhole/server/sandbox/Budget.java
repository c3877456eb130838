package io.wormhole.server.sandbox;

import io.wormhole.server.pg.Backend;
import io.wormhole.server.pg.CallCancelledError;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the loader weaves into shipped code: a poll at every method entry and backward branch, and a guard at the
 * start of every handler that could catch the error that stops a call. The poll is one volatile read; the main
 * thread raises the flag when PostgreSQL has an interrupt pending, so cancel and {@code statement_timeout} stop any
 * shipped loop. Regular expressions, whose loops run inside the JDK, are bounded by routing them through
 * {@link PollingText}.
 */
public final class Budget {
    static final String INTERNAL_NAME = "io/wormhole/server/sandbox/Budget";

    private Budget() {}

    public static void poll() {
        if (Backend.stopping()) {
            Backend.checkInterrupts();
        }
    }

    /** {@code pattern.matcher(input)}, with the input polling the budget as the matcher reads it. */
    public static Matcher matcher(Pattern pattern, CharSequence input) {
        return pattern.matcher(input == null ? null : new PollingText(input));
    }

    /** {@code Pattern.matches(regex, input)}, bounded like {@link #matcher}. */
    public static boolean matches(String regex, CharSequence input) {
        return matcher(Pattern.compile(regex), input).matches();
    }

    /** {@code text.matches(regex)}, bounded like {@link #matcher}. */
    public static boolean stringMatches(String text, String regex) {
        return matcher(Pattern.compile(regex), text).matches();
    }

    /** {@code text.replaceAll(regex, replacement)}, bounded like {@link #matcher}. */
    public static String replaceAll(String text, String regex, String replacement) {
        return matcher(Pattern.compile(regex), text).replaceAll(replacement);
    }

    /** {@code text.replaceFirst(regex, replacement)}, bounded like {@link #matcher}. */
    public static String replaceFirst(String text, String regex, String replacement) {
        return matcher(Pattern.compile(regex), text).replaceFirst(replacement);
    }

    /** {@code text.split(regex, limit)}, bounded like {@link #matcher}. */
    public static String[] split(String text, String regex, int limit) {
        return Pattern.compile(regex).split(new PollingText(text), limit);
    }

    /** {@code text.split(regex)}, bounded like {@link #matcher}. */
    public static String[] split(String text, String regex) {
        return split(text, regex, 0);
    }

    /** Called with the caught throwable: shipped code cannot swallow the end of its call. */
    public static void rethrowIfStopping(Throwable caught) {
        if (caught instanceof CallCancelledError e) {
            throw e;
        }
        if (Backend.cancelled()) {
            throw new CallCancelledError();
        }
    }
}
