package com.example.services;

import static org.assertj.core.api.Assertions.assertThat;

import io.wormhole.agent.Premain;
import io.wormhole.testing.PostgresCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a call says reaches the client application (issue 13, item 4): {@code System.out}, {@code java.util.logging}
 * and {@code System.Logger} in the method, and a {@code RAISE NOTICE} of the SQL it runs, through the agent to the
 * {@code System.Logger} named {@code io.wormhole.notice} (or stderr, or nowhere, as {@code wormhole.notices} says).
 */
@ExtendWith(PostgresCluster.class)
class NoticesTest {
    /** Held: the JDK keeps loggers weakly, and the handler must stay on the one the agent logs to. */
    private static final Logger NOTICES = Logger.getLogger("io.wormhole.notice");
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeAll
    static void installAgent() {
        Premain.install(ByteBuddyAgent.install());
    }

    @BeforeEach
    void listen() {
        NOTICES.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        NOTICES.removeHandler(capture);
        System.clearProperty("wormhole.notices");
    }

    private List<String> logged() {
        return records.stream().map(r -> r.getLevel() + " " + r.getMessage()).toList();
    }

    @Test
    void printsLogRecordsAndSqlNoticesOfACallReachTheClientsLogger() throws Exception {
        try (Connection c = PostgresCluster.connect()) {
            assertThat(Chatty.talk(c, "Ada")).isEqualTo(3);
            assertThat(logged()).containsExactly("INFO printed for Ada", "INFO logged for Ada",
                    "WARNING warned for Ada", "INFO audited for Ada", "INFO logged through a method reference",
                    "INFO raised in SQL");
            records.clear();
            assertThat(Chatty.talk(c, "Grace")).as("loggers kept in static fields speak in later calls too")
                    .isEqualTo(5);
            assertThat(logged()).containsExactly("INFO printed for Grace", "INFO logged for Grace",
                    "WARNING warned for Grace", "INFO audited for Grace", "INFO logged through a method reference",
                    "INFO raised in SQL");
        }
    }

    @Test
    void noticesCanBePrintedToStderrOrDropped() throws Exception {
        PrintStream stderr = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (Connection c = PostgresCluster.connect()) {
            System.setProperty("wormhole.notices", "stderr");
            System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
            try {
                Chatty.talk(c, "Ada");
            } finally {
                System.setErr(stderr);
            }
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("wormhole NOTICE: printed for Ada",
                    "wormhole WARNING: warned for Ada", "wormhole NOTICE: raised in SQL");
            assertThat(records).as("printed instead of logged").isEmpty();

            System.setProperty("wormhole.notices", "off");
            Chatty.talk(c, "Ada");
            assertThat(records).isEmpty();
        }
    }
}
