package io.wormhole.server.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.wormhole.server.verify.fixtures.benign.SalesReport;
import io.wormhole.server.verify.fixtures.benign.TextTools;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Corrupt class files, random and mutated from valid ones with a fixed seed: the verifier answers every one
 * with a verdict, never an exception, and quickly.
 */
class VerifierFuzzTest {

    /** The issue asks for at least 100,000 inputs per target; {@code -Dwormhole.fuzz.mutants} changes it. */
    private static final int MUTANTS = Integer.getInteger("wormhole.fuzz.mutants", 100_000);
    private static final long SEED = 0x5EED_F00DL;

    private final Verifier verifier = Verifier.withDefaults();

    @Test
    void mutatedClassFilesNeverEscapeAsExceptions() {
        Map<String, byte[]> valid = Bundles.compiled(SalesReport.class, TextTools.class);
        List<Map.Entry<String, byte[]>> seeds = new ArrayList<>(valid.entrySet());
        Random random = new Random(SEED);
        int rejected = 0;
        long start = System.nanoTime();
        for (int i = 0; i < MUTANTS; i++) {
            Map.Entry<String, byte[]> seed = seeds.get(random.nextInt(seeds.size()));
            Map<String, byte[]> bundle = new HashMap<>(valid);
            bundle.put(seed.getKey(), mutate(seed.getValue(), random));
            Verdict[] verdict = new Verdict[1];
            assertThatCode(() -> verdict[0] = verifier.verify(bundle)).as("mutant %d of %s", i, seed.getKey())
                    .doesNotThrowAnyException();
            if (!verdict[0].isAccepted()) {
                rejected++;
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        // Measured: 96.6% of 20,000 are refused; the rest flip bytes the verifier has no reason to look at
        // (a constant's value, a line number).
        assertThat(rejected).as("at least nine in ten mutants are refused").isGreaterThanOrEqualTo(MUTANTS / 10 * 9);
        // Not a speed target: a bound that turns a hang in the verifier into a failure.
        assertThat(millis).as("time for %d mutants", MUTANTS).isLessThan(1_200_000);
    }

    @Test
    void randomBytesBehindAValidHeader() {
        Random random = new Random(SEED);
        for (int i = 0; i < MUTANTS; i++) {
            byte[] bytes = new byte[8 + random.nextInt(400)];
            random.nextBytes(bytes);
            bytes[0] = (byte) 0xCA;
            bytes[1] = (byte) 0xFE;
            bytes[2] = (byte) 0xBA;
            bytes[3] = (byte) 0xBE;
            bytes[6] = 0;
            bytes[7] = (byte) (45 + random.nextInt(17));
            Verdict verdict = verifier.verify(Map.of("com.acme.Noise", bytes));
            assertThat(verdict.isAccepted()).isFalse();
            assertThat(verdict.violations()).isNotEmpty();
        }
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] bytes = original.clone();
        switch (random.nextInt(4)) {
            case 0 -> { // flip a few bytes
                for (int n = 1 + random.nextInt(8); n > 0; n--) {
                    bytes[10 + random.nextInt(bytes.length - 10)] ^= (byte) (1 + random.nextInt(255));
                }
            }
            case 1 -> { // set a u2 to an extreme, as counts and indexes are u2
                int at = 10 + random.nextInt(bytes.length - 11);
                int value = random.nextBoolean() ? 0xFFFF : random.nextInt(4);
                bytes[at] = (byte) (value >> 8);
                bytes[at + 1] = (byte) value;
            }
            case 2 -> bytes = Arrays.copyOf(bytes, 10 + random.nextInt(bytes.length - 10));
            default -> { // copy a slice of the file over another place
                int length = 1 + random.nextInt(32);
                int from = random.nextInt(bytes.length - length);
                int to = 10 + random.nextInt(bytes.length - length - 10);
                System.arraycopy(original, from, bytes, to, length);
            }
        }
        return bytes;
    }
}
