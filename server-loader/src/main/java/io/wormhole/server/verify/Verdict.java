package io.wormhole.server.verify;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The outcome of verifying a bundle: accepted, or rejected with its violations in class-name order.
 *
 * @param violations at most {@link Verifier#MAX_REPORTED_VIOLATIONS}, so a hostile bundle cannot make the
 *                   report itself unbounded
 * @param omitted    how many further violations were found but not listed
 */
public record Verdict(List<Violation> violations, int omitted) {

    private static final Verdict ACCEPTED = new Verdict(List.of(), 0);

    public Verdict {
        violations = List.copyOf(violations);
        if (omitted < 0 || (violations.isEmpty() && omitted > 0)) {
            throw new IllegalArgumentException("omitted violations without listed ones");
        }
    }

    public static Verdict accepted() {
        return ACCEPTED;
    }

    public boolean isAccepted() {
        return violations.isEmpty();
    }

    /** One line per violation, for error messages and the audit table; empty when accepted. */
    public String describe() {
        String listed = violations.stream().map(Violation::message).collect(Collectors.joining("\n"));
        return omitted == 0 ? listed : listed + "\n... and " + omitted + " more";
    }

    /**
     * A description from {@link #describe()} cut to its first {@code maxLines} violations and "... and N more", N
     * counting those cut and those never listed: what a client's error message shows, where a hundred lines would bury
     * the first (the audit keeps the whole description).
     */
    public static String abridged(String described, int maxLines) {
        String[] lines = described.split("\n");
        int more = 0;
        int listed = lines.length;
        if (listed > 0 && lines[listed - 1].startsWith("... and ") && lines[listed - 1].endsWith(" more")) {
            String count = lines[listed - 1].substring("... and ".length(), lines[listed - 1].length() - " more".length());
            try {
                more = Integer.parseInt(count);
                listed--;
            } catch (NumberFormatException e) {
                // A violation that happens to read like the tail line: it is shown as one.
            }
        }
        if (listed <= maxLines) {
            return described;
        }
        return String.join("\n", java.util.Arrays.asList(lines).subList(0, maxLines)) + "\n... and "
                + (listed - maxLines + more) + " more";
    }

    @Override
    public String toString() {
        return isAccepted() ? "Verdict[accepted]" : "Verdict[rejected: " + describe() + "]";
    }
}
