package io.wormhole.server.verify;

import java.util.Locale;
import java.util.Objects;

/**
 * One line of an allowlist: {@code allow} or {@code deny}, then a pattern naming a package tree, a package,
 * a class or a member. See the package documentation for the format and for how rules combine.
 *
 * @param effect     whether matching references are allowed or denied
 * @param scope      what the pattern names
 * @param target     package name for {@link Scope#TREE} and {@link Scope#PACKAGE}, else binary class name
 *                   ({@code java.util.Map$Entry})
 * @param member     member name, {@code *} for every member, or {@code null} unless {@code scope == MEMBER}
 * @param descriptor JVM method descriptor, or {@code null} when the rule covers every overload
 */
public record Rule(Effect effect, Scope scope, String target, String member, String descriptor) {

    public enum Effect { ALLOW, DENY }

    /** Ordered from the broadest to the most specific. */
    public enum Scope { TREE, PACKAGE, CLASS, MEMBER }

    public Rule {
        Objects.requireNonNull(effect, "effect");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(target, "target");
        if ((scope == Scope.MEMBER) != (member != null)) {
            throw new IllegalArgumentException("a member name is required exactly for member rules");
        }
        if (descriptor != null && (member == null || member.equals("*"))) {
            throw new IllegalArgumentException("a descriptor needs a member name");
        }
    }

    /** Parses {@code "allow java.util.*"}; the inverse of {@link #toString()}. */
    public static Rule parse(String line) {
        // Split by hand: String.split would compile the pattern again for each of a backend's few hundred rules.
        String trimmed = line.trim();
        int gap = wordEnd(trimmed);
        String[] words = {trimmed.substring(0, gap), trimmed.substring(gap).trim()};
        if (words[1].isEmpty() || wordEnd(words[1]) != words[1].length()) {
            throw new IllegalArgumentException("expected '<allow|deny> <pattern>', got '" + trimmed + "'");
        }
        Effect effect = switch (words[0]) {
            case "allow" -> Effect.ALLOW;
            case "deny" -> Effect.DENY;
            default -> throw new IllegalArgumentException("expected 'allow' or 'deny', got '" + words[0] + "'");
        };
        return of(effect, words[1]);
    }

    /** Builds a rule from a stored row: its effect and its pattern. */
    public static Rule of(Effect effect, String pattern) {
        if (pattern.endsWith(".**")) {
            return new Rule(effect, Scope.TREE, packageName(pattern, 3), null, null);
        }
        if (pattern.endsWith(".*")) {
            return new Rule(effect, Scope.PACKAGE, packageName(pattern, 2), null, null);
        }
        int hash = pattern.indexOf('#');
        if (hash < 0) {
            return new Rule(effect, Scope.CLASS, className(pattern), null, null);
        }
        String owner = className(pattern.substring(0, hash));
        String member = pattern.substring(hash + 1);
        int paren = member.indexOf('(');
        String descriptor = paren < 0 ? null : methodDescriptor(member.substring(paren), pattern);
        String name = paren < 0 ? member : member.substring(0, paren);
        if (!name.equals("*") && !isMemberName(name)) {
            throw new IllegalArgumentException("bad member name in '" + pattern + "'");
        }
        return new Rule(effect, Scope.MEMBER, owner, name, descriptor);
    }

    /** The pattern as written in the rule file and stored in {@code wormhole.allowlist}. */
    public String pattern() {
        return switch (scope) {
            case TREE -> target + ".**";
            case PACKAGE -> target + ".*";
            case CLASS -> target;
            case MEMBER -> target + "#" + member + (descriptor == null ? "" : descriptor);
        };
    }

    public boolean allows() {
        return effect == Effect.ALLOW;
    }

    /**
     * Orders rules that match the same reference: a rule naming a member beats one naming its class, which
     * beats a package rule, and a deeper package beats a shallower one.
     */
    int specificity() {
        return switch (scope) {
            case TREE -> 2 * depth(target);
            case PACKAGE -> 2 * depth(target) + 1;
            case CLASS -> 10_000;
            case MEMBER -> member.equals("*") ? 20_000 : descriptor == null ? 30_000 : 40_000;
        };
    }

    // Written out: a record's generated equals and hashCode link through ObjectMethods' method handles, which a
    // backend spins on every cold start when it hashes its allowlist.
    @Override
    public boolean equals(Object o) {
        return o instanceof Rule r && effect == r.effect && scope == r.scope && target.equals(r.target)
                && Objects.equals(member, r.member) && Objects.equals(descriptor, r.descriptor);
    }

    @Override
    public int hashCode() {
        return Objects.hash(effect, scope, target, member, descriptor);
    }

    @Override
    public String toString() {
        return effect.name().toLowerCase(Locale.ROOT) + " " + pattern();
    }

    private static int depth(String packageName) {
        int dots = 0;
        for (int i = 0; i < packageName.length(); i++) {
            dots += packageName.charAt(i) == '.' ? 1 : 0;
        }
        return dots + 1;
    }

    private static String packageName(String pattern, int suffix) {
        String name = pattern.substring(0, pattern.length() - suffix);
        if (!isDottedName(name)) {
            throw new IllegalArgumentException("bad package name in '" + pattern + "'");
        }
        return name;
    }

    private static String className(String name) {
        if (!isDottedName(name)) {
            throw new IllegalArgumentException("bad class name '" + name + "'");
        }
        return name;
    }

    private static String methodDescriptor(String descriptor, String pattern) {
        if (!isMethodDescriptor(descriptor)) {
            throw new IllegalArgumentException("bad method descriptor in '" + pattern + "'");
        }
        return descriptor;
    }

    // Descriptors are read by hand, not by a regular expression: every backend parses its allowlist when it starts,
    // and compiling the pattern cost that start the regex engine's set-up.
    private static boolean isMethodDescriptor(String d) {
        if (d.isEmpty() || d.charAt(0) != '(') {
            return false;
        }
        int i = 1;
        while (i < d.length() && d.charAt(i) != ')') {
            i = fieldTypeEnd(d, i);
            if (i < 0) {
                return false;
            }
        }
        if (i == d.length()) {
            return false;
        }
        i++;
        return i + 1 == d.length() && d.charAt(i) == 'V' || i < d.length() && fieldTypeEnd(d, i) == d.length();
    }

    /** Where the field type (JVMS 4.3.2) that starts at {@code i} ends, or -1 if none starts there. */
    private static int fieldTypeEnd(String d, int i) {
        while (i < d.length() && d.charAt(i) == '[') {
            i++;
        }
        if (i == d.length()) {
            return -1;
        }
        if ("BCDFIJSZ".indexOf(d.charAt(i)) >= 0) {
            return i + 1;
        }
        if (d.charAt(i) != 'L') {
            return -1;
        }
        int name = ++i;
        while (i < d.length() && ";.[()".indexOf(d.charAt(i)) < 0) {
            i++;
        }
        return i > name && i < d.length() && d.charAt(i) == ';' ? i + 1 : -1;
    }

    private static int wordEnd(String s) {
        int i = 0;
        while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isDottedName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (String part : name.split("\\.", -1)) {
            if (!isMemberName(part)) {
                return false;
            }
        }
        return true;
    }

    // Java identifiers plus '$' nesting; '<init>' is spelled out so constructors can be named.
    private static boolean isMemberName(String name) {
        if (name.equals("<init>") || name.equals("<clinit>")) {
            return true;
        }
        if (name.isEmpty() || !Character.isJavaIdentifierStart(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            if (!Character.isJavaIdentifierPart(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
