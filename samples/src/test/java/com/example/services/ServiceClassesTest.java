package com.example.services;

import static io.wormhole.testing.Backends.pid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wormhole.agent.Premain;
import io.wormhole.agent.bundle.ClosureCollector;
import io.wormhole.testing.PostgresCluster;
import io.wormhole.wire.Bundle;
import io.wormhole.wire.Request;
import io.wormhole.wire.Response;
import io.wormhole.wire.ThrowableTransport;
import io.wormhole.wire.ValueException;
import io.wormhole.wire.Values;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Service classes through the agent (issue 13, item 3): fields a {@code @Remote} method cannot reach are neither
 * shipped nor verified, a receiver that holds a service is refused in a line before anything is shipped, and a
 * refusal listing many violations stays short.
 *
 * <p>The test's own methods (lambdas included) name the fixture classes in no signature: JUnit's reflection would
 * load them before the agent is installed, and they would then run unchanged, here.
 */
@ExtendWith(PostgresCluster.class)
class ServiceClassesTest {

    @BeforeAll
    static void installAgent() {
        Premain.install(ByteBuddyAgent.install());
    }

    private static PGSimpleDataSource dataSource() {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setUrl(PostgresCluster.url());
        source.setUser(PostgresCluster.superuser());
        return source;
    }

    private static final String IN_THE_BACKEND = "wormhole.invoke: com.example.services.OrderService.regionOfBackend";

    @Test
    void aStaticMethodOfAClassWithDataSourceAndLoggerFieldsRunsInTheBackend() throws Exception {
        assertThat(new OrderService(dataSource(), "eu").placeOrder(7)).as("the service itself works in the client")
                .isEqualTo(7);
        try (Connection c = PostgresCluster.connect()) {
            assertThat(OrderService.regionOfBackend(c, "eu")).startsWith("eu:" + IN_THE_BACKEND);
        }
    }

    @Test
    void theShippedClassHasNeitherTheUnreachableFieldsNorTheirTypes() throws Exception {
        Method method = OrderService.class.getMethod("regionOfBackend", Connection.class, String.class);
        Bundle bundle = new ClosureCollector().bundleFor(method);
        String shipped = new String(bundle.classes().get(OrderService.class.getName()),
                java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(shipped).doesNotContain("javax/sql/DataSource", "java/util/logging", "dataSource");
    }

    @Test
    void aReceiverHoldingADataSourceIsRefusedInOneLineNamingTheField() throws Exception {
        Object service = new OrderService(dataSource(), "eu");
        try (Connection c = PostgresCluster.connect()) {
            assertThatThrownBy(() -> ((OrderService) service).describe(c)).isInstanceOf(ValueException.class)
                    .hasMessage("the receiver -> OrderService.dataSource: a field of type javax.sql.DataSource cannot"
                            + " travel (javax.sql types stay in the client: make the @Remote method static, or the"
                            + " field static (the server then has its own; a logger is looked up again there), or"
                            + " transient if the method never uses it (it is null on the server))");
            assertThat(OrderService.regionOfBackend(c, "us")).as("the connection is still usable")
                    .startsWith("us:" + IN_THE_BACKEND);
        }
    }

    @Test
    void aFieldDeclaredAsAServiceIsRefusedEvenWhenItIsNull() throws Exception {
        Object service = new OrderService(null, "eu");
        try (Connection c = PostgresCluster.connect()) {
            assertThatThrownBy(() -> ((OrderService) service).describe(c)).isInstanceOf(ValueException.class)
                    .hasMessageStartingWith("the receiver -> OrderService.dataSource: a field of type"
                            + " javax.sql.DataSource cannot travel (javax.sql types stay in the client")
                    .hasMessageNotContaining("\n");
        }
    }

    @Test
    void aDriverClassInAFieldIsRefusedBeforeItsDriverIsCollected() throws Exception {
        Object service = new ConcreteSourceService(dataSource());
        try (Connection c = PostgresCluster.connect()) {
            assertThatThrownBy(() -> ((ConcreteSourceService) service).databaseName(c)).isInstanceOf(ValueException.class)
                    .hasMessage("the receiver -> ConcreteSourceService.source: org.postgresql.ds.PGSimpleDataSource"
                            + " cannot travel (it is a javax.sql.DataSource, and services stay in the client: make"
                            + " the @Remote method static, or the field static (the server then has its own; a logger"
                            + " is looked up again there), or transient if the method never uses it (it is null on"
                            + " the server))");
        }
    }

    @Test
    void aRefusalListingManyViolationsIsCutToAFewLines() throws Exception {
        try (Connection c = PostgresCluster.connect()) {
            assertThatThrownBy(() -> Noisy.everything(c)).isInstanceOf(SecurityException.class)
                    .satisfies(e -> {
                        String[] lines = e.getMessage().split("\n");
                        assertThat(lines).as(e.getMessage()).hasSize(6);
                        assertThat(lines[0]).contains("rejected by the verifier");
                        assertThat(lines[5]).matches("\\.\\.\\. and \\d+ more");
                    });
        }
    }

    /**
     * An attacker who keeps the field the client pruned, by sending the original class file in a frame of their own,
     * is still refused by the server's verifier.
     */
    @Test
    void aHandBuiltFrameThatKeepsTheForbiddenFieldIsRefused() throws Exception {
        Method method = OrderService.class.getMethod("regionOfBackend", Connection.class, String.class);
        Map<String, byte[]> classes = new LinkedHashMap<>(new ClosureCollector().bundleFor(method).classes());
        try (InputStream in = OrderService.class.getResourceAsStream("OrderService.class")) {
            classes.put(OrderService.class.getName(), in.readAllBytes());
        }
        Request request = Request.withBundle(new Bundle(classes), OrderService.class.getName(), method.getName(),
                "(Ljava/sql/Connection;Ljava/lang/String;)Ljava/lang/String;",
                Values.writeArguments(new Object[] {null, "eu"}, ServiceClassesTest.class.getClassLoader()));
        try (Connection c = PostgresCluster.connect();
                PreparedStatement st = c.prepareStatement("SELECT wormhole.invoke(?)")) {
            st.setBytes(1, request.encode());
            Response response;
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                response = Response.decode(rs.getBytes(1));
            }
            assertThat(response.status()).isEqualTo(Response.Status.THREW);
            Throwable thrown = ThrowableTransport.read(response.payload(), getClass().getClassLoader(),
                    new StackTraceElement[0]);
            assertThat(thrown).isInstanceOf(SecurityException.class);
            assertThat(thrown.getMessage()).contains("rejected by the verifier", "javax.sql.DataSource");
            assertThat(pid(c)).as("the backend is still usable").isPositive();
        }
    }
}
