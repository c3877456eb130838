package io.wormhole.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Call ids in request frames: made fresh, version 7, read back as sent, and refused in any other shape. */
class CallIdFrameTest {
    private static final Bundle BUNDLE = new Bundle(Map.of("com.example.A", new byte[] {1, 2, 3}));

    private static Request request() {
        return Request.withBundle(BUNDLE, "com.example.A", "run", "()V", new byte[] {9});
    }

    @Test
    void idsAreVersion7NowAndDistinct() {
        long before = System.currentTimeMillis();
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            UUID id = CallIds.next();
            assertThat(id.version()).isEqualTo(7);
            assertThat(id.variant()).isEqualTo(2);
            assertThat(seen.add(id)).as("id %s made twice", id).isTrue();
        }
        long made = seen.iterator().next().getMostSignificantBits() >>> 16;
        assertThat(made).isBetween(before, System.currentTimeMillis());
    }

    @Test
    void aFrameCarriesItsIdThroughEveryVariant() {
        UUID id = CallIds.next();
        Request sent = request().withCallId(id);
        assertThat(Request.decode(sent.encode()).callId()).isEqualTo(id);
        assertThat(Request.decode(sent.withoutBundle().encode()).callId()).isEqualTo(id);
        assertThat(Request.decode(sent.raisingErrors().encode()).callId()).isEqualTo(id);
        assertThat(Request.decode(request().encode()).callId()).as("a call without an id").isNull();
    }

    @Test
    void aFrameWithAnIdOfAnotherVersionIsRefused() {
        byte[] frame = request().withCallId(CallIds.next()).encode();
        frame[4 + 1 + 1 + 32 + 6] = 0x41; // version 4
        assertThatThrownBy(() -> Request.decode(frame)).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("is not a version 7 UUID");
        assertThatThrownBy(() -> request().withCallId(UUID.randomUUID())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFrameOfAnotherVersionIsRefusedNamingBoth() {
        byte[] frame = request().encode();
        frame[4] = 1;
        assertThatThrownBy(() -> Request.decode(frame)).isInstanceOf(WireFormatException.class)
                .hasMessage("request frame version 1 is not supported (expected 2)");
        byte[] response = new Response(Response.Status.RETURNED, new byte[] {7}).encode();
        assertThat(Response.decode(response).payload()).containsExactly(7);
        response[4] = 1;
        assertThatThrownBy(() -> Response.decode(response)).isInstanceOf(WireFormatException.class)
                .hasMessageStartingWith("response frame version 1 is not supported (expected 2)");
    }

    @Test
    void aFrameCutInsideItsIdIsRefused() {
        byte[] frame = request().withCallId(CallIds.next()).withoutBundle().encode();
        byte[] cut = java.util.Arrays.copyOf(frame, 4 + 1 + 1 + 32 + 10);
        assertThatThrownBy(() -> Request.decode(cut)).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("call id");
    }
}
