package io.wormhole.server.verify;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which JDK (and other non-bundle) classes and members shipped code may reference. Immutable; build one
 * with {@link #parse(String)}, {@link #of(Collection)} or {@link #builder()}.
 *
 * <p>For one reference the most specific matching rule decides (member with descriptor, member by name,
 * every member {@code #*}, class, package, deeper package tree before shallower); a deny beats an allow of
 * the same specificity; a reference no rule matches is denied. The verifier applies member rules to
 * inherited members as well, see {@link Verifier}.
 */
public final class Allowlist {

    private static final String DEFAULT_RESOURCE = "default-allowlist.txt";

    private final List<Rule> rules;
    private final Map<String, List<Rule>> byClass;
    private final Map<String, List<Rule>> byPackage;
    /** What the user is told when a deny rule refuses a reference: the rule file's {@code #:} lines above it. */
    private final Map<Rule, String> reasons;

    private Allowlist(List<Rule> rules, Map<Rule, String> reasons) {
        this.rules = List.copyOf(rules);
        this.byClass = index(this.rules, false);
        this.byPackage = index(this.rules, true);
        this.reasons = Map.copyOf(reasons);
    }

    /** The shipped default, parsed from {@code default-allowlist.txt}; the same text seeds {@code wormhole.allowlist}. */
    public static Allowlist defaults() {
        return Defaults.INSTANCE;
    }

    /** The text of the shipped default rule file. */
    public static String defaultText() {
        try (InputStream in = Allowlist.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULT_RESOURCE + " is missing from the server-loader jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses a rule file: one rule per line, blank lines and lines starting with {@code #} ignored, except that
     * {@code #:} lines give the reason a refusal by the deny rules right below them names.
     *
     * @throws IllegalArgumentException naming the line of the first bad rule
     */
    public static Allowlist parse(String text) {
        List<Rule> rules = new ArrayList<>();
        Map<Rule, String> reasons = new HashMap<>();
        StringBuilder reason = new StringBuilder();
        boolean inReason = false;
        String applying = null;
        // Lines split by hand (strip() drops a CR): String.split would start the regex engine in every backend.
        int number = 0;
        for (int start = 0; start <= text.length(); ) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            String line = text.substring(start, end).strip();
            number++;
            start = end + 1;
            if (line.startsWith("#:")) {
                if (!inReason) {
                    reason.setLength(0);
                    inReason = true;
                }
                reason.append(reason.length() == 0 ? "" : " ").append(line.substring(2).strip());
                continue;
            }
            if (inReason) {
                applying = reason.toString();
                inReason = false;
            }
            Rule rule = null;
            if (!line.isEmpty() && !line.startsWith("#")) {
                try {
                    rule = Rule.parse(line);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("allowlist line " + number + ": " + e.getMessage(), e);
                }
                rules.add(rule);
            }
            if (rule != null && rule.effect() == Rule.Effect.DENY && applying != null) {
                reasons.put(rule, applying);
            } else {
                applying = null;
            }
        }
        return new Allowlist(new ArrayList<>(new LinkedHashSet<>(rules)), reasons);
    }

    /** An allowlist of stored rows, in any order: precedence does not depend on order. */
    public static Allowlist of(Collection<Rule> rules) {
        return new Allowlist(new ArrayList<>(rules), Map.of());
    }

    public static Builder builder() {
        return new Builder(List.of());
    }

    public Builder toBuilder() {
        return new Builder(rules);
    }

    public List<Rule> rules() {
        return rules;
    }

    /** The rules in the rule-file format, one per line; {@code parse(toText())} gives an equal allowlist. */
    public String toText() {
        return rules.stream().map(Rule::toString).collect(Collectors.joining("\n", "", "\n"));
    }

    // The lookups below are loops rather than streams: a sandbox loader asks them for every class a fresh backend's
    // first call resolves, when stream pipelines and their lambdas would still be interpreted and linked.

    /** Whether {@code className} (binary name, {@code java.util.Map$Entry}) may be named as a type. */
    public boolean allowsType(String className) {
        Rule rule = typeRuleOrNull(className);
        return rule != null && rule.allows();
    }

    /**
     * Whether the member {@code name} (with a method or field descriptor, or {@code null}) declared by
     * {@code className} may be used, judged by this class's rules only, without looking at supertypes.
     */
    public boolean allowsMember(String className, String name, String descriptor) {
        Rule rule = memberRuleOrNull(className, name, descriptor);
        if (rule == null) {
            rule = typeRuleOrNull(className);
        }
        return rule != null && rule.allows();
    }

    /**
     * Whether a sandbox class loader must make {@code className} visible: the type is allowed, or at least one
     * of its members is (as {@code java.lang.System#nanoTime} makes {@code System} visible).
     */
    public boolean exposesClass(String className) {
        if (allowsType(className)) {
            return true;
        }
        for (Rule r : byClass.getOrDefault(className, List.of())) {
            if (r.scope() == Rule.Scope.MEMBER && r.allows()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Why {@code rule} refuses, as the user is told: this allowlist's reason for it, else the shipped default's for
     * the same rule (the table {@code wormhole.allowlist} keeps rules, not their reasons).
     */
    Optional<String> reason(Rule rule) {
        String reason = reasons.get(rule);
        if (reason == null && this != Defaults.INSTANCE) {
            reason = Defaults.INSTANCE.reasons.get(rule);
        }
        return Optional.ofNullable(reason);
    }

    /** The rule that decides a type reference, if any. */
    Optional<Rule> typeRule(String className) {
        return Optional.ofNullable(typeRuleOrNull(className));
    }

    private Rule typeRuleOrNull(String className) {
        Rule best = null;
        for (Rule r : byClass.getOrDefault(className, List.of())) {
            if (r.scope() == Rule.Scope.CLASS) {
                best = better(best, r);
            }
        }
        String pkg = packageOf(className);
        for (String p = pkg; !p.isEmpty(); p = packageOf(p)) {
            for (Rule r : byPackage.getOrDefault(p, List.of())) {
                if (r.scope() == Rule.Scope.TREE || r.target().equals(pkg)) {
                    best = better(best, r);
                }
            }
        }
        return best;
    }

    /** The member rule of {@code className} itself that decides {@code name}/{@code descriptor}, if any. */
    Optional<Rule> memberRule(String className, String name, String descriptor) {
        return Optional.ofNullable(memberRuleOrNull(className, name, descriptor));
    }

    private Rule memberRuleOrNull(String className, String name, String descriptor) {
        Rule best = null;
        for (Rule r : byClass.getOrDefault(className, List.of())) {
            if (r.scope() == Rule.Scope.MEMBER && (r.member().equals("*") || r.member().equals(name)
                    && (r.descriptor() == null || r.descriptor().equals(descriptor)))) {
                best = better(best, r);
            }
        }
        return best;
    }

    /** The most specific of the candidates; of equally specific ones a deny. */
    static Optional<Rule> best(Collection<Rule> candidates) {
        Rule best = null;
        for (Rule r : candidates) {
            best = better(best, r);
        }
        return Optional.ofNullable(best);
    }

    private static Rule better(Rule best, Rule r) {
        if (best == null || r.specificity() > best.specificity()) {
            return r;
        }
        if (r.specificity() == best.specificity() && r.effect() == Rule.Effect.DENY) {
            return r;
        }
        return best;
    }

    static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
    }

    private static Map<String, List<Rule>> index(List<Rule> rules, boolean packages) {
        Map<String, List<Rule>> map = new HashMap<>();
        for (Rule r : rules) {
            boolean packageRule = r.scope() == Rule.Scope.TREE || r.scope() == Rule.Scope.PACKAGE;
            if (packageRule == packages) {
                map.computeIfAbsent(r.target(), k -> new ArrayList<>()).add(r);
            }
        }
        map.replaceAll((k, v) -> List.copyOf(v));
        return Map.copyOf(map);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Allowlist other && rules.equals(other.rules);
    }

    @Override
    public int hashCode() {
        return rules.hashCode();
    }

    @Override
    public String toString() {
        return "Allowlist[" + rules.size() + " rules]";
    }

    /** Accumulates rules; duplicates are dropped, order is kept for {@link #toText()}. */
    public static final class Builder {
        private final LinkedHashSet<Rule> rules;

        private Builder(List<Rule> initial) {
            this.rules = new LinkedHashSet<>(initial);
        }

        public Builder allow(String pattern) {
            return rule(Rule.of(Rule.Effect.ALLOW, pattern));
        }

        public Builder deny(String pattern) {
            return rule(Rule.of(Rule.Effect.DENY, pattern));
        }

        public Builder rule(Rule rule) {
            rules.add(Objects.requireNonNull(rule));
            return this;
        }

        public Builder rules(Iterable<Rule> more) {
            more.forEach(this::rule);
            return this;
        }

        public Allowlist build() {
            return new Allowlist(new ArrayList<>(rules), Map.of());
        }
    }

    // Lazily, so a broken resource surfaces as an error at first use with the line number, not as a class init failure elsewhere.
    private static final class Defaults {
        static final Allowlist INSTANCE = parse(defaultText());
    }
}
