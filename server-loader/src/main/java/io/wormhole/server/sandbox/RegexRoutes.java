package io.wormhole.server.sandbox;

import java.util.Map;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;

/**
 * The JDK's entry points that run a regular expression over text shipped code chooses, each with its replacement
 * in {@link Budget}, which hands the JDK a {@link PollingText} instead. A replacement takes the receiver as its first
 * parameter, so a call, a method reference and a method handle constant can all be pointed at it unchanged.
 *
 * <p>What is neither here nor refused by the allowlist cannot start a match on new text: the members of
 * {@code Matcher} work on the text it was made for (always polling, since every way to make or reset one is here),
 * and {@code Pattern.compile}/{@code quote} match nothing. {@code Scanner}, whose matching runs over a private
 * buffer that cannot poll, is refused by the allowlist. {@code RegexEntryPointsTest} holds this to the JDK.
 */
final class RegexRoutes {
    private static final String PATTERN = "Ljava/util/regex/Pattern;";
    private static final String MATCHER = "Ljava/util/regex/Matcher;";
    private static final String CS = "Ljava/lang/CharSequence;";
    private static final String STRING = "Ljava/lang/String;";

    private static final Map<String, Handle> ROUTES = Map.ofEntries(
            route("java/util/regex/Pattern", "matcher", "(" + CS + ")" + MATCHER, "matcher",
                    "(" + PATTERN + CS + ")" + MATCHER),
            staticRoute("java/util/regex/Pattern", "matches", "(" + STRING + CS + ")Z", "matches",
                    "(" + STRING + CS + ")Z"),
            route("java/util/regex/Pattern", "split", "(" + CS + ")[" + STRING, "patternSplit",
                    "(" + PATTERN + CS + ")[" + STRING),
            route("java/util/regex/Pattern", "split", "(" + CS + "I)[" + STRING, "patternSplit",
                    "(" + PATTERN + CS + "I)[" + STRING),
            route("java/util/regex/Pattern", "splitAsStream", "(" + CS + ")Ljava/util/stream/Stream;",
                    "splitAsStream", "(" + PATTERN + CS + ")Ljava/util/stream/Stream;"),
            route("java/util/regex/Pattern", "asPredicate", "()Ljava/util/function/Predicate;", "asPredicate",
                    "(" + PATTERN + ")Ljava/util/function/Predicate;"),
            route("java/util/regex/Pattern", "asMatchPredicate", "()Ljava/util/function/Predicate;",
                    "asMatchPredicate", "(" + PATTERN + ")Ljava/util/function/Predicate;"),
            route("java/util/regex/Matcher", "reset", "(" + CS + ")" + MATCHER, "reset",
                    "(" + MATCHER + CS + ")" + MATCHER),
            route("java/lang/String", "matches", "(" + STRING + ")Z", "stringMatches", "(" + STRING + STRING + ")Z"),
            route("java/lang/String", "replaceAll", "(" + STRING + STRING + ")" + STRING, "replaceAll",
                    "(" + STRING + STRING + STRING + ")" + STRING),
            route("java/lang/String", "replaceFirst", "(" + STRING + STRING + ")" + STRING, "replaceFirst",
                    "(" + STRING + STRING + STRING + ")" + STRING),
            route("java/lang/String", "split", "(" + STRING + ")[" + STRING, "split",
                    "(" + STRING + STRING + ")[" + STRING),
            route("java/lang/String", "split", "(" + STRING + "I)[" + STRING, "split",
                    "(" + STRING + STRING + "I)[" + STRING));

    private RegexRoutes() {}

    /**
     * The static {@link Budget} method that replaces {@code owner.name descriptor} called as a static method or not,
     * or {@code null}. A call of the wrong kind is left alone: the JVM refuses to link it.
     */
    static Handle bounded(String owner, String name, String descriptor, boolean asStatic) {
        return ROUTES.get((asStatic ? "static " : "") + owner + "." + name + descriptor);
    }

    private static Map.Entry<String, Handle> route(String owner, String name, String descriptor, String budgetName,
            String budgetDescriptor) {
        return Map.entry(owner + "." + name + descriptor,
                new Handle(Opcodes.H_INVOKESTATIC, Budget.INTERNAL_NAME, budgetName, budgetDescriptor, false));
    }

    private static Map.Entry<String, Handle> staticRoute(String owner, String name, String descriptor,
            String budgetName, String budgetDescriptor) {
        Map.Entry<String, Handle> route = route(owner, name, descriptor, budgetName, budgetDescriptor);
        return Map.entry("static " + route.getKey(), route.getValue());
    }
}
