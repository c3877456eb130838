package com.example.attacks;

import io.wormhole.Remote;
import java.sql.Connection;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A catastrophic regular expression reached through each route into {@code java.util.regex} that shipped code has:
 * direct calls, method references (which javac compiles to a method handle, not a call) and the JDK methods that
 * match inside themselves. Unbounded, each runs for hours; every one must stop at {@code statement_timeout}.
 */
public final class RegexRunaways {
    /** Nested repetition the JDK's matcher does not memoize: 2^n paths to fail on a text without 'b'. */
    static final String CATASTROPHIC = "((a+)+)+b";
    static final String TEXT = "a".repeat(40) + "!";

    private RegexRunaways() {}

    @Remote public static boolean stringMatches(Connection c) {
        return TEXT.matches(CATASTROPHIC);
    }

    @Remote public static boolean stringMatchesAsMethodReference(Connection c) {
        BiPredicate<String, String> matches = String::matches;
        return matches.test(TEXT, CATASTROPHIC);
    }

    @Remote public static String replaceAllAsBoundMethodReference(Connection c) {
        BiFunction<String, String, String> replace = TEXT::replaceAll;
        return replace.apply(CATASTROPHIC, "x");
    }

    @Remote public static int stringSplit(Connection c) {
        return TEXT.split(CATASTROPHIC).length;
    }

    @Remote public static boolean patternMatchesAsMethodReference(Connection c) {
        BiPredicate<String, CharSequence> matches = Pattern::matches;
        return matches.test(CATASTROPHIC, TEXT);
    }

    @Remote public static boolean patternMatcherAsMethodReference(Connection c) {
        Function<CharSequence, Matcher> matcher = Pattern.compile(CATASTROPHIC)::matcher;
        return matcher.apply(TEXT).find();
    }

    @Remote public static boolean asPredicate(Connection c) {
        return Pattern.compile(CATASTROPHIC).asPredicate().test(TEXT);
    }

    @Remote public static boolean asMatchPredicate(Connection c) {
        return Pattern.compile(CATASTROPHIC).asMatchPredicate().test(TEXT);
    }

    @Remote public static int patternSplit(Connection c) {
        return Pattern.compile(CATASTROPHIC).split(TEXT).length;
    }

    @Remote public static int patternSplitWithLimit(Connection c) {
        return Pattern.compile(CATASTROPHIC).split(TEXT, 3).length;
    }

    @Remote public static long splitAsStream(Connection c) {
        return Pattern.compile(CATASTROPHIC).splitAsStream(TEXT).count();
    }

    @Remote public static boolean matcherReset(Connection c) {
        return Pattern.compile(CATASTROPHIC).matcher("").reset(TEXT).find();
    }

    @Remote public static boolean matcherResetAsMethodReference(Connection c) {
        Function<CharSequence, Matcher> reset = Pattern.compile(CATASTROPHIC).matcher("")::reset;
        return reset.apply(TEXT).matches();
    }

    @Remote public static boolean usePatternOnAResetMatcher(Connection c) {
        Matcher m = Pattern.compile("x").matcher("");
        m.reset(TEXT);
        return m.usePattern(Pattern.compile(CATASTROPHIC)).lookingAt();
    }
}
