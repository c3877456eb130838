package io.wormhole.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A section of {@code RESULTS.md} that another program than the full run writes ({@code bench.sh --load}), kept
 * between two HTML comments so that each program replaces its own part and the full run carries it over.
 */
final class ResultsSection {
    private final String begin;
    private final String end;

    ResultsSection(String name) {
        this.begin = "<!-- " + name + " -->\n";
        this.end = "<!-- /" + name + " -->\n";
    }

    /** The section's body as it stands in {@code text}, without its markers. */
    Optional<String> body(String text) {
        return whole(text).map(section -> section.substring(begin.length(), section.length() - end.length()));
    }

    private Optional<String> whole(String text) {
        int from = text.indexOf(begin);
        int to = from < 0 ? -1 : text.indexOf(end, from);
        return to < 0 ? Optional.empty() : Optional.of(text.substring(from, to + end.length()));
    }

    /** {@code text} with the section's body replaced by {@code markdown}, or the section put before its targets. */
    String into(String text, String markdown) {
        String section = begin + markdown + (markdown.endsWith("\n") ? "" : "\n") + end;
        Optional<String> old = whole(text);
        if (old.isPresent()) {
            return text.replace(old.get(), section);
        }
        int targets = text.indexOf("\n## Targets\n");
        return targets < 0 ? text + "\n" + section
                : text.substring(0, targets + 1) + section + "\n" + text.substring(targets + 1);
    }

    /** Writes {@code markdown} as the section of the file at {@code results}. */
    void write(Path results, String markdown) throws IOException {
        String text = Files.exists(results) ? Files.readString(results) : "";
        Files.writeString(results, into(text, markdown));
    }
}
