package com.example.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.wormhole.agent.Premain;
import io.wormhole.testing.PostgresCluster;
import io.wormhole.testing.Stops;
import java.time.Duration;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The connection the agent opens from {@code wormhole.url} and keeps for its thread, ended by the server while it sat
 * idle ({@code idle_session_timeout}, as a pooler or a firewall would end it too): the next call runs on a new one
 * (helper-26: it failed with {@code 57P05}, and the call after it reconnected).
 */
@ExtendWith(PostgresCluster.class)
class IdleDefaultConnectionTest {
    @BeforeAll
    static void installAgent() {
        Premain.install(ByteBuddyAgent.install());
    }

    @AfterEach
    void forgetTheUrl() {
        System.clearProperty("wormhole.url");
    }

    @Test
    void aCallAfterTheServerEndedTheIdleDefaultConnectionRunsOnANewOne() throws Exception {
        System.setProperty("wormhole.url", PostgresCluster.url() + "&options=-c%20idle_session_timeout%3D200");
        int first = DefaultBackend.pid();
        assertThat(Stops.awaitExit(first, Duration.ofSeconds(30))).as("the server ended the idle backend").isTrue();

        int second = DefaultBackend.pid();

        assertThat(second).as("a new backend").isNotEqualTo(first);
        assertThat(DefaultBackend.pid()).as("kept for the thread").isEqualTo(second);
    }
}
