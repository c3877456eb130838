package io.wormhole.server.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.hostprobe.PureProbe;
import com.example.hostprobe.SizeProbe;
import io.wormhole.server.testing.InBackend;
import io.wormhole.testing.PostgresCluster;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A result larger than {@code wormhole.max_result_size} is an exception that names the bound and the setting to
 * change (never an {@code OutOfMemoryError} in the client), and the backend goes on.
 */
@ExtendWith(PostgresCluster.class)
class ResultBoundsTest {

    @Test
    void aResultBeyondMaxResultSizeNamesTheSettingAndTheBackendGoesOn() throws Throwable {
        try (Connection c = PostgresCluster.connect(); Statement st = c.createStatement()) {
            st.execute("SET wormhole.max_result_size = '1MB'");
            assertThat((String) InBackend.call(c, SizeProbe.class, "text", 1000)).hasSize(1000);
            assertThatThrownBy(() -> InBackend.call(c, SizeProbe.class, "text", 2 << 20))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("54000");
                        assertThat(e.getMessage()).contains("wormhole.max_result_size", "1024 kB");
                    });
            assertThat(InBackend.call(c, PureProbe.class, "add", 40L, 2L)).isEqualTo(42L);
            st.execute("SET wormhole.max_result_size = '8MB'");
            assertThat((String) InBackend.call(c, SizeProbe.class, "text", 2 << 20)).hasSize(2 << 20);
        }
    }

    @Test
    void aResultOfManyMegabytesArrivesExactlyAndTheBoundStopsItMidway() throws Throwable {
        try (Connection c = PostgresCluster.connect(); Statement st = c.createStatement()) {
            // About 5 MB encoded: the server sends it as several pieces, copied end to end into the bytea.
            assertThat(InBackend.call(c, SizeProbe.class, "rows", 250_000)).isEqualTo(SizeProbe.rows(250_000));
            st.execute("SET wormhole.max_result_size = '3MB'");
            assertThatThrownBy(() -> InBackend.call(c, SizeProbe.class, "rows", 250_000))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("54000");
                        assertThat(e.getMessage()).contains("wormhole.max_result_size", "3072 kB");
                    });
            assertThat(InBackend.call(c, SizeProbe.class, "rows", 3)).isEqualTo(SizeProbe.rows(3));
        }
    }
}
