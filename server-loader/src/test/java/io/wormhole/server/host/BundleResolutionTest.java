package io.wormhole.server.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.hostprobe.PureProbe;
import io.wormhole.server.testing.InBackend;
import io.wormhole.testing.PostgresCluster;
import io.wormhole.wire.Request;
import io.wormhole.wire.Response;
import io.wormhole.wire.Values;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresCluster.class)
class BundleResolutionTest {

    @Test
    void aBundleInstalledByOneBackendServesAnotherFromItsHashAlone() throws Exception {
        Request full = InBackend.request(PureProbe.class, "add", 20L, 22L);
        try (Connection first = PostgresCluster.connect()) {
            assertThat(InBackend.send(first, full).status()).isEqualTo(Response.Status.RETURNED);
        }
        try (Connection second = PostgresCluster.connect()) {
            Response r = InBackend.send(second, full.withoutBundle());
            assertThat(r.status()).isEqualTo(Response.Status.RETURNED);
            assertThat(Values.read(r.payload(), getClass().getClassLoader())).isEqualTo(42L);
        }
    }

    @Test
    void anUnknownHashAsksForTheBytes() throws Exception {
        Request full = InBackend.request(PureProbe.class, "add", 1L, 1L);
        byte[] otherHash = full.bundleHash().clone();
        otherHash[0] ^= 1;
        Request unknown = new Request(otherHash, null, full.className(), full.methodName(), full.descriptor(),
                full.arguments(), false);
        try (Connection c = PostgresCluster.connect()) {
            assertThat(InBackend.send(c, unknown).status()).isEqualTo(Response.Status.UNKNOWN_BUNDLE);
            assertThat(InBackend.send(c, full).status()).isEqualTo(Response.Status.RETURNED);
        }
    }
}
