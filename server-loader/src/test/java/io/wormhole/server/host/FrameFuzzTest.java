package io.wormhole.server.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.hostprobe.PureProbe;
import io.wormhole.server.testing.InBackend;
import io.wormhole.testing.PostgresCluster;
import io.wormhole.wire.Bundle;
import io.wormhole.wire.Request;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Corrupt and hostile frames, random and mutated from valid ones, sent to a real backend. Each batch runs in one
 * statement (a PL/pgSQL loop that catches each frame's error), so a hundred thousand frames take seconds. The
 * backend must answer every one with a response or an ERROR, never crash or hang, and serve calls afterwards.
 */
@ExtendWith(PostgresCluster.class)
class FrameFuzzTest {
    private static final int FRAMES = Integer.getInteger("wormhole.fuzz.frames", 100_000);
    private static final int CLASS_MUTANTS = Integer.getInteger("wormhole.fuzz.classes", 3_000);
    private static final int BATCH = 2_000;

    private static final String LOOP = "CREATE OR REPLACE FUNCTION pg_temp.fuzz(frames bytea[]) RETURNS text"
            + " LANGUAGE plpgsql AS $$ DECLARE ok int := 0; failed int := 0; states text[] := '{}'; BEGIN"
            + " FOR i IN 1..coalesce(array_length(frames, 1), 0) LOOP"
            + " BEGIN PERFORM wormhole.invoke(frames[i]); ok := ok + 1;"
            + " EXCEPTION WHEN OTHERS THEN failed := failed + 1;"
            + " IF NOT SQLSTATE = ANY(states) THEN states := states || SQLSTATE::text; END IF; END;"
            + " END LOOP; RETURN ok || ' ' || failed || ' ' || array_to_string(states, ','); END $$";

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
                String outcome = run(c, batch);
                assertThat(outcome).as("batch at frame %d", sent).matches("\\d+ \\d+ .*");
                sent += batch.length;
            }
            assertThat(InBackend.call(c, PureProbe.class, "add", 20L, 22L)).isEqualTo(42L);
        }
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
                assertThat(run(c, batch)).matches("\\d+ \\d+ .*");
            }
            assertThat(InBackend.call(c, PureProbe.class, "add", 1L, 1L)).isEqualTo(2L);
        }
    }

    private static String run(Connection c, byte[][] frames) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT pg_temp.fuzz(?)")) {
            Array array = c.createArrayOf("bytea", frames);
            st.setArray(1, array);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
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
