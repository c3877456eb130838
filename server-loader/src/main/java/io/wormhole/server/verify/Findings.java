package io.wormhole.server.verify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Collects the violations of one verification, without repeats and up to a bound. */
final class Findings {

    private static final int MAX_SHOWN = 300;

    private final int max;
    private final List<Violation> listed = new ArrayList<>();
    private final Set<String> messages = new HashSet<>();
    private final Map<String, Set<String>> referencesByClass = new HashMap<>();
    private int omitted;

    Findings(int max) {
        this.max = max;
    }

    /** {@code com.app.Evil.run()V calls java.lang.Runtime.exec(...)... which is not allowed}. */
    void refuse(String className, String location, String verb, Judge.Problem problem) {
        referencesByClass.computeIfAbsent(className, k -> new HashSet<>()).add(problem.reference());
        String reference = printable(problem.reference());
        add(new Violation(className, printable(location), reference,
                where(className, printable(location)) + " " + verb + " " + reference + " " + problem.reason()));
    }

    /** A problem with the class as a whole rather than with one reference. */
    void reject(String className, String message) {
        add(new Violation(className, "class", "", message));
    }

    /** Whether {@code reference} was already refused somewhere in {@code className}. */
    boolean refused(String className, String reference) {
        return referencesByClass.getOrDefault(className, Set.of()).contains(reference);
    }

    boolean isEmpty() {
        return listed.isEmpty();
    }

    Verdict verdict() {
        return listed.isEmpty() ? Verdict.accepted() : new Verdict(listed, omitted);
    }

    private void add(Violation violation) {
        if (!messages.add(violation.message())) {
            return;
        }
        if (listed.size() < max) {
            listed.add(violation);
        } else {
            omitted++;
        }
    }

    // Names come from untrusted class files and end up in NOTICEs, logs and the audit table.
    private static String printable(String text) {
        String shown = text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN) + "..." : text;
        return shown.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    private static String where(String className, String location) {
        return location.contains("(") ? className + "." + location : className + " (" + location + ")";
    }
}
