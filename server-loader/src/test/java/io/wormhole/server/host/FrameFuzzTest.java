package io.wormhole.server.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.hostprobe.PureProbe;
import io.wormhole.server.testing.InBackend;
import io.wormhole.testing.PostgresCluster;
import io.wormhole.wire.Bundle;
import io.wormhole.wire.Request;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Corrupt and hostile frames, random and mutated from valid ones, sent to a real backend. Each batch runs in one
 * statement (a PL/pgSQL loop that catches each frame's error), so a hundred thousand frames take seconds. The
 * backend must answer every one with a response or a clean ERROR (its SQLSTATE class is checked), never crash or
 * hang, and serve calls afterwards.
 */
@ExtendWith(PostgresCluster.class)
class FrameFuzzTest {
    private static final int FRAMES = Integer.getInteger("wormhole.fuzz.frames", 100_000);
    private static final int CLASS_MUTANTS = Integer.getInteger("wormhole.fuzz.classes", 3_000);
    private static final int BATCH = 2_000;
    private static final int LOGGED_FRAMES = Integer.getInteger("wormhole.fuzz.logged", 2_000);

    /**
     * Sends each frame, catching its error: one row per outcome, {@code ok} or a SQLSTATE, with how many frames had
     * it and the first such frame's (1-based) index and message.
     */
    private static final String LOOP = "CREATE OR REPLACE FUNCTION pg_temp.fuzz(batch bytea[])"
            + " RETURNS TABLE (outcome text, frames int, first int, message text) LANGUAGE plpgsql AS $$"
            + " DECLARE state text; error text; BEGIN"
            + " CREATE TEMP TABLE IF NOT EXISTS fuzz_outcomes (o text, n int, f int, m text); TRUNCATE fuzz_outcomes;"
            + " FOR i IN 1..coalesce(array_length(batch, 1), 0) LOOP"
            + " BEGIN PERFORM wormhole.invoke(batch[i]); state := 'ok'; error := NULL;"
            + " EXCEPTION WHEN OTHERS THEN state := SQLSTATE; error := SQLERRM; END;"
            + " UPDATE fuzz_outcomes SET n = n + 1 WHERE o = state;"
            + " IF NOT FOUND THEN INSERT INTO fuzz_outcomes VALUES (state, 1, i, error); END IF;"
            + " END LOOP; RETURN QUERY SELECT o, n, f, m FROM fuzz_outcomes; END $$";

    /**
     * The answers a corrupt frame may get: a response (a call that ran or a bundle the verifier refused), or a clean
     * error of the protocol (08), of the data (22) or of a limit (54). Never an internal error (XX), a failed
     * external routine (38: an exception that escaped the host) or anything else.
     */
    private static final Set<String> CLEAN_CLASSES = Set.of("08", "22", "54");
    /**
     * The host's answer for a frame naming a class or method its bundle does not have, or a class the JVM will not
     * define (a {@code LinkageError}, as for a class file only the JVM's own checks refuse).
     */
    private static final String UNDEFINED = "42883";
    private record Outcome(String state, int frames, int first, String message) {}

    @Test
    void corruptFramesNeverCrashOrHangTheBackend() throws Throwable {
        byte[] valid = InBackend.request(PureProbe.class, "add", 3L, 4L).encode();
        byte[] hashOnly = InBackend.request(PureProbe.class, "add", 3L, 4L).withoutBundle().encode();
        Random random = new Random(0xF0221EL);
        try (Connection c = PostgresCluster.connect()) {
            try (Statement st = c.createStatement()) {
                st.execute(LOOP);
            }
            int sent = 0;
            while (sent < FRAMES) {
                byte[][] batch = new byte[Math.min(BATCH, FRAMES - sent)][];
                for (int i = 0; i < batch.length; i++) {
                    batch[i] = switch (random.nextInt(5)) {
                        case 0 -> randomBytes(random);
                        case 1 -> truncate(random.nextBoolean() ? valid : hashOnly, random);
                        case 2 -> flip(random.nextBoolean() ? valid : hashOnly, random);
                        case 3 -> lengths(valid, random);
                        default -> splice(valid, hashOnly, random);
                    };
                }
                assertClean(run(c, batch), sent);
                sent += batch.length;
            }
            assertThat(InBackend.call(c, PureProbe.class, "add", 20L, 22L)).isEqualTo(42L);
        }
    }

    /**
     * With {@code log_statement = all}, the host reads the method a request names from the logged parameter
     * (activity.c) before any check: corrupt frames sent as statements of their own are logged without harm, each
     * answered as without logging, and well-formed ones name their method.
     */
    @Test
    void corruptFramesLoggedByLogStatementNeverCrashTheBackend() throws Throwable {
        byte[] valid = InBackend.request(PureProbe.class, "add", 3L, 4L).encode();
        byte[] hashOnly = InBackend.request(PureProbe.class, "add", 3L, 4L).withoutBundle().encode();
        Random random = new Random(0x106L);
        long from = PostgresCluster.shared().logSize();
        try (Connection c = PostgresCluster.connect()) {
            try (Statement st = c.createStatement()) {
                st.execute("SET log_statement = 'all'");
            }
            Map<String, Integer> outcomes = new HashMap<>();
            for (int i = 0; i < LOGGED_FRAMES; i++) {
                byte[] frame = switch (random.nextInt(4)) {
                    case 0 -> truncate(random.nextBoolean() ? valid : hashOnly, random);
                    case 1 -> flip(random.nextBoolean() ? valid : hashOnly, random);
                    case 2 -> lengths(valid, random);
                    default -> splice(valid, hashOnly, random);
                };
                String state;
                try {
                    InBackend.invokeRaw(c, frame);
                    state = "ok";
                } catch (SQLException e) {
                    state = e.getSQLState();
                }
                outcomes.merge(state, 1, Integer::sum);
            }
            for (String state : outcomes.keySet()) {
                if (!state.equals("ok") && !state.equals(UNDEFINED)) {
                    assertThat(state.substring(0, 2)).as("SQLSTATE %s", state).isIn(CLEAN_CLASSES);
                }
            }
            assertThat(InBackend.call(c, PureProbe.class, "add", 20L, 22L)).isEqualTo(42L);
        }
        byte[] log = Files.readAllBytes(PostgresCluster.logFile());
        String logged = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(log, (int) from,
                log.length - (int) from)).toString();
        assertThat(logged).as("the log, read as strict UTF-8 (the errors name mangled classes)")
                .contains("CONTEXT:  wormhole.invoke request: com.example.hostprobe.PureProbe.add(long, long)");
    }

    @Test
    void corruptClassFilesInWellFormedFramesNeverCrashTheBackend() throws Throwable {
        Bundle base = InBackend.bundleOf(PureProbe.class);
        Request valid = InBackend.request(PureProbe.class, "add", 3L, 4L);
        Random random = new Random(0xC1A55L);
        try (Connection c = PostgresCluster.connect()) {
            try (Statement st = c.createStatement()) {
                st.execute(LOOP);
            }
            for (int sent = 0; sent < CLASS_MUTANTS; sent += BATCH) {
                byte[][] batch = new byte[Math.min(BATCH, CLASS_MUTANTS - sent)][];
                for (int i = 0; i < batch.length; i++) {
                    Map<String, byte[]> classes = new HashMap<>(base.classes());
                    classes.replaceAll((name, bytes) -> flip(bytes, random));
                    batch[i] = Request.withBundle(new Bundle(classes), valid.className(), valid.methodName(),
                            valid.descriptor(), valid.arguments()).encode();
                }
                assertClean(run(c, batch), sent);
            }
            assertThat(InBackend.call(c, PureProbe.class, "add", 1L, 1L)).isEqualTo(2L);
        }
    }

    private static void assertClean(List<Outcome> outcomes, int sent) {
        assertThat(outcomes.stream().mapToInt(Outcome::frames).sum()).as("answers in the batch at frame %d", sent)
                .isPositive();
        for (Outcome o : outcomes) {
            if (o.state().equals("ok") || o.state().equals(UNDEFINED)) {
                continue;
            }
            assertThat(o.state().substring(0, 2)).as("SQLSTATE %s for frame %d (and %d more): %s", o.state(),
                    sent + o.first() - 1, o.frames() - 1, o.message()).isIn(CLEAN_CLASSES);
        }
    }

    private static List<Outcome> run(Connection c, byte[][] frames) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT * FROM pg_temp.fuzz(?)")) {
            Array array = c.createArrayOf("bytea", frames);
            st.setArray(1, array);
            List<Outcome> outcomes = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    outcomes.add(new Outcome(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getString(4)));
                }
            }
            return outcomes;
        }
    }

    private static byte[] randomBytes(Random random) {
        byte[] b = new byte[random.nextInt(300)];
        random.nextBytes(b);
        if (b.length >= 6 && random.nextBoolean()) {
            b[0] = 'W';
            b[1] = 'H';
            b[2] = 'R';
            b[3] = 'Q';
            b[4] = 1;
            b[5] = (byte) random.nextInt(4);
        }
        return b;
    }

    private static byte[] truncate(byte[] frame, Random random) {
        return java.util.Arrays.copyOf(frame, random.nextInt(frame.length));
    }

    private static byte[] flip(byte[] original, Random random) {
        byte[] b = original.clone();
        for (int n = 1 + random.nextInt(6); n > 0; n--) {
            b[random.nextInt(b.length)] ^= (byte) (1 + random.nextInt(255));
        }
        return b;
    }

    /** Rewrites a 4-byte window with an extreme value: lengths and counts are where parsers go wrong. */
    private static byte[] lengths(byte[] original, Random random) {
        byte[] b = original.clone();
        int at = random.nextInt(b.length - 4);
        int value = switch (random.nextInt(4)) {
            case 0 -> 0xFFFFFFFF;
            case 1 -> 0x7FFFFFFF;
            case 2 -> 0x00010000;
            default -> random.nextInt(64);
        };
        b[at] = (byte) (value >>> 24);
        b[at + 1] = (byte) (value >>> 16);
        b[at + 2] = (byte) (value >>> 8);
        b[at + 3] = (byte) value;
        return b;
    }

    /** The head of one frame on the tail of another. */
    private static byte[] splice(byte[] a, byte[] b, Random random) {
        int cutA = random.nextInt(a.length);
        int cutB = random.nextInt(b.length);
        byte[] out = new byte[cutA + b.length - cutB];
        System.arraycopy(a, 0, out, 0, cutA);
        System.arraycopy(b, cutB, out, cutA, b.length - cutB);
        return out;
    }
}
