package io.wormhole.server.sandbox;

import io.wormhole.server.pg.Backend;
import io.wormhole.server.pg.CallCancelledError;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the loader weaves into shipped code: a poll at every method entry, backward branch and handler entry, and a
 * guard before every handler that could catch the error that stops a call. The poll is one volatile read; the main
 * thread raises the flag when PostgreSQL has an interrupt pending, so cancel and {@code statement_timeout} stop any
 * shipped loop. Regular expressions, whose loops run inside the JDK, are bounded by routing them through
 * {@link PollingText} (see {@link RegexRoutes}).
 */
public final class Budget {
    static final String INTERNAL_NAME = "io/wormhole/server/sandbox/Budget";

    private Budget() {}

    public static void poll() {
        Backend.poll();
    }

    /** At a method's entry: {@link #poll}, and the stack shipped code may use checked ({@link Backend#pollAtEntry}). */
    public static void enter() {
        Backend.pollAtEntry();
    }

    /**
     * At the entry of a method only the bundle's own code enters: {@link #poll}, and the stack checked once such
     * entries have pushed {@link Backend#pollAtCountedEntry enough} frames of up to {@code frameBytes} each.
     */
    public static void enterCounted(int frameBytes) {
        Backend.pollAtCountedEntry(frameBytes);
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
        return patternSplit(Pattern.compile(regex), text, limit);
    }

    /** {@code text.split(regex)}, bounded like {@link #matcher}. */
    public static String[] split(String text, String regex) {
        return split(text, regex, 0);
    }

    /** {@code pattern.split(input, limit)}, bounded like {@link #matcher}. */
    public static String[] patternSplit(Pattern pattern, CharSequence input, int limit) {
        return pattern.split(new PollingText(input), limit);
    }

    /** {@code pattern.split(input)}, bounded like {@link #matcher}. */
    public static String[] patternSplit(Pattern pattern, CharSequence input) {
        return patternSplit(pattern, input, 0);
    }

    /** {@code pattern.splitAsStream(input)}, bounded like {@link #matcher}. */
    public static Stream<String> splitAsStream(Pattern pattern, CharSequence input) {
        return pattern.splitAsStream(new PollingText(input));
    }

    /** {@code pattern.asPredicate()}: the predicate finds through {@link #matcher}. */
    public static Predicate<String> asPredicate(Pattern pattern) {
        Objects.requireNonNull(pattern);
        return text -> matcher(pattern, text).find();
    }

    /** {@code pattern.asMatchPredicate()}: the predicate matches through {@link #matcher}. */
    public static Predicate<String> asMatchPredicate(Pattern pattern) {
        Objects.requireNonNull(pattern);
        return text -> matcher(pattern, text).matches();
    }

    /** {@code matcher.reset(input)}, with the new input polling like {@link #matcher}'s. */
    public static Matcher reset(Matcher matcher, CharSequence input) {
        return matcher.reset(input == null ? null : new PollingText(input));
    }

    /**
     * Called with the caught throwable: shipped code cannot swallow the end of its call, nor hide from the host an
     * error that may have left a class unusable. Nor can it catch a {@link StackOverflowError}: its handler would run
     * at the bottom of the stack, where the JDK and host code it calls (printing, a statement) would overflow half
     * way through their work and could leave their shared state broken for every later call of the backend. Once a
     * handler met an overflow, every later poll of the call throws it again ({@link Backend#overflowed}).
     */
    public static void rethrowIfStopping(Throwable caught) {
        Backend.noteError(caught);
        if (caught instanceof StackOverflowError e) {
            throw Backend.overflowed(e);
        }
        if (caught instanceof CallCancelledError e) {
            throw e;
        }
        if (Backend.cancelled()) {
            throw new CallCancelledError();
        }
    }
}
