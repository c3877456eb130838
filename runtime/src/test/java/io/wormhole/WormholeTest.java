package io.wormhole;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The public API's own behaviour outside any call. */
class WormholeTest {

    /** A @Remote method run without the agent reaches Wormhole.connection() as plain Java: the error says why. */
    @Test
    void connectionOutsideACallNamesTheAgent() {
        assertThatThrownBy(Wormhole::connection).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inside a @Remote method").hasMessageContaining("-javaagent:wormhole-agent.jar");
    }
}
