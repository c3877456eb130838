package io.wormhole.server.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.wormhole.server.verify.fixtures.benign.Accounts;
import io.wormhole.server.verify.fixtures.benign.Inventory;
import io.wormhole.server.verify.fixtures.benign.Ledger;
import io.wormhole.server.verify.fixtures.benign.PgValues;
import io.wormhole.server.verify.fixtures.benign.SalesReport;
import io.wormhole.server.verify.fixtures.benign.TextTools;
import io.wormhole.server.verify.fixtures.benign.WordCounts;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Ordinary business code, as javac compiled it, passes the default allowlist unchanged. */
class VerifierBenignTest {

    private final Verifier verifier = Verifier.withDefaults();

    static Stream<Class<?>> roots() {
        return Stream.of(Accounts.class, SalesReport.class, TextTools.class, Inventory.class, PgValues.class,
                Ledger.class, WordCounts.class);
    }

    @ParameterizedTest
    @MethodSource("roots")
    void passes(Class<?> root) {
        Map<String, byte[]> bundle = Bundles.compiled(root);

        Verdict verdict = verifier.verify(bundle);

        assertThat(verdict.isAccepted()).as(verdict.describe()).isTrue();
        assertThat(verdict.violations()).isEmpty();
    }

    @Test
    void allOfThemTogetherPass() {
        Map<String, byte[]> bundle = Bundles.compiled(roots().toArray(Class<?>[]::new));

        Verdict verdict = verifier.verify(bundle);

        assertThat(bundle).hasSizeGreaterThan(15);
        assertThat(verdict.isAccepted()).as(verdict.describe()).isTrue();
    }

    @Test
    void closureShipsNestedSyntheticAndAnonymousClasses() {
        assertThat(Bundles.compiled(SalesReport.class, TextTools.class)).containsKeys(
                "com.acme.benign.SalesReport$Channel", "com.acme.benign.SalesReport$Sale",
                "com.acme.benign.TextTools$Cursor", "com.acme.benign.TextTools$1",
                "com.acme.benign.TextTools$1Rule", "com.acme.benign.TextTools$Shape");
    }
}
