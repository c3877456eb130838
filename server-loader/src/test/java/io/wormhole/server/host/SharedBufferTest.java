package io.wormhole.server.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.hostprobe.PureProbe;
import io.wormhole.server.testing.InBackend;
import io.wormhole.testing.PostgresCluster;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A call's request frame and its answer cross between PostgreSQL and Java through an 8 kB buffer when they fit and as
 * arrays when they do not: either way, byte for byte, they arrive whole, on both sides of the edge.
 */
@ExtendWith(PostgresCluster.class)
class SharedBufferTest {

    @Test
    void framesAndAnswersAroundTheBuffersSizeArriveWhole() throws Throwable {
        try (Connection c = PostgresCluster.connect()) {
            // The bundle shipped once: later frames carry its hash alone, and about as many bytes as the text.
            assertThat(InBackend.call(c, PureProbe.class, "padded", "a", 1)).isEqualTo("aé");
            for (int sent = 8050; sent <= 8200; sent++) {
                String text = "ü" + "x".repeat(sent - 1);
                for (int more : new int[] {0, 4100}) {
                    assertThat(InBackend.callStored(c, PureProbe.class, "padded", text, more)).as("%d + %d", sent, more)
                            .isEqualTo(text + "é".repeat(more));
                }
            }
            assertThat(InBackend.call(c, PureProbe.class, "padded", "", 0)).as("a small call after them").isEqualTo("");
        }
    }
}
