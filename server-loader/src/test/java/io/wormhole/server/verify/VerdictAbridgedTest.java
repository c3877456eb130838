package io.wormhole.server.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a client's error shows of a long refusal: the first violations and a count of the rest. */
class VerdictAbridgedTest {

    private static Verdict verdict(int listed, int omitted) {
        List<Violation> violations = new ArrayList<>();
        for (int i = 0; i < listed; i++) {
            violations.add(new Violation("com.app.C" + i, "class", "", "com.app.C" + i + " uses java.io.File"));
        }
        return new Verdict(violations, omitted);
    }

    @Test
    void aShortDescriptionIsShownWhole() {
        String described = verdict(5, 0).describe();
        assertThat(Verdict.abridged(described, 5)).isEqualTo(described);
    }

    @Test
    void aLongOneShowsItsFirstLinesAndCountsTheRestWithThoseNeverListed() {
        String abridged = Verdict.abridged(verdict(100, 3210).describe(), 5);
        assertThat(abridged.split("\n")).hasSize(6).startsWith("com.app.C0 uses java.io.File")
                .endsWith("... and 3305 more");
    }
}
