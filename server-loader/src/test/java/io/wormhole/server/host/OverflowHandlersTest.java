package io.wormhole.server.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;

import com.example.overflow.OverflowHandlers;
import io.wormhole.server.testing.InBackend;
import io.wormhole.testing.Backends;
import io.wormhole.testing.Bystander;
import io.wormhole.testing.PostgresCluster;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Shipped code that overflows the stack and calls into the host from its handlers, as a backend's first call:
 * the call fails with the overflow, and the backend's later calls, of any bundle, work as before.
 */
@ExtendWith(PostgresCluster.class)
class OverflowHandlersTest {

    @ParameterizedTest(name = "{0} in the handler")
    @ValueSource(strings = {"print", "query", "savepoint", "swallow"})
    void aCallThatOverflowsIntoTheHostLeavesTheBackendUsable(String handler) throws Throwable {
        try (Bystander bystander = Bystander.watch(PostgresCluster.connect());
                Connection c = PostgresCluster.connect()) {
            int pid = Backends.pid(c);
            Object[] args = handler.equals("print") || handler.equals("swallow") ? new Object[] {0}
                    : new Object[] {null, 0};
            assertThatThrownBy(() -> InBackend.call(c, OverflowHandlers.class, handler, args))
                    .satisfiesAnyOf(e -> assertThat(e).isInstanceOf(StackOverflowError.class),
                            e -> assertThat(e).isInstanceOfSatisfying(SQLException.class,
                                    s -> assertThat(s.getSQLState()).isEqualTo("54001")));
            for (int i = 0; i < 2; i++) {
                assertThat(InBackend.call(c, OverflowHandlers.class, "hello", null, "again"))
                        .as("a later call in the same backend").isEqualTo("hello postgres again");
            }
            assertThat(Backends.pid(c)).isEqualTo(pid);
            bystander.assertUndisturbed();
        }
    }

    /**
     * The JDK's own handlers still run at the bottom of the stack: a stream's close handlers run one after another
     * whatever the first throws, so a second one that prints runs host code where the first overflowed. The call
     * fails with the overflow and the backend serves later calls, or, when a class was left uninitializable on the
     * way, the backend ends with a FATAL naming it; never a backend whose later calls fail.
     */
    @Test
    void hostCodeTheJdkRunsAtTheBottomFailsTheCallOrEndsTheBackend() throws Throwable {
        try (Bystander bystander = Bystander.watch(PostgresCluster.connect());
                Connection c = PostgresCluster.connect()) {
            Throwable failure = catchThrowable(() -> InBackend.call(c, OverflowHandlers.class, "streamClose", 0));
            if (failure instanceof SQLException e && e.getMessage().startsWith("FATAL: the Java class ")) {
                assertThat(e.getMessage()).contains("failed to initialize during this call; the backend ends");
                assertThat(c.isValid(1)).as("the backend ended").isFalse();
                try (Connection fresh = PostgresCluster.connect()) {
                    assertThat(InBackend.call(fresh, OverflowHandlers.class, "hello", null, "fresh"))
                            .isEqualTo("hello postgres fresh");
                }
            } else {
                assertThat(failure).isInstanceOf(StackOverflowError.class);
                assertThat(InBackend.call(c, OverflowHandlers.class, "hello", null, "again"))
                        .as("a later call in the same backend").isEqualTo("hello postgres again");
            }
            bystander.assertUndisturbed();
        }
    }

    /**
     * An overflow that reaches the host only as a suppressed exception of the decoy the method throws is seen all
     * the same: the call that left a JDK class uninitializable ends its backend, not a later, innocent one.
     */
    @Test
    void anOverflowHiddenAsASuppressedExceptionIsSeen() throws Throwable {
        try (Connection c = PostgresCluster.connect()) {
            assertThatThrownBy(() -> InBackend.call(c, OverflowHandlers.class, "decoy"))
                    .isInstanceOf(SQLException.class).hasMessageStartingWith("FATAL: the Java class ")
                    .hasMessageContaining("failed to initialize during this call; the backend ends");
            assertThat(c.isValid(1)).as("the backend ended").isFalse();
        }
    }

    /**
     * A JDK class first used at the bottom of a deep recursion, where its initializer overflows: the class would
     * fail every later call of the backend, whoever makes it, so the backend ends with a FATAL naming it. Other
     * sessions go on, and a new connection's calls work.
     */
    @Test
    void aJdkClassLeftUninitializableEndsTheBackend() throws Throwable {
        try (Bystander bystander = Bystander.watch(PostgresCluster.connect());
                Connection c = PostgresCluster.connect()) {
            Throwable ended = null;
            // The first rounds only overflow, until the recursion is compiled and its depth settles; then each
            // round recurses one level less deep than the last overflow reached, so that the class is first used
            // just where its initializer cannot finish.
            for (int round = 0; round < 2000 && ended == null; round++) {
                int target = round < 5 ? Integer.MAX_VALUE : (Integer) InBackend.call(c, OverflowHandlers.class,
                        "deepest") - 1;
                try {
                    Object id = InBackend.call(c, OverflowHandlers.class, "initializeAt", 0, target);
                    fail("the class initialized at depth " + target + " (" + id + "), never overflowing in its"
                            + " initializer: the probe needs a class with a deeper one");
                } catch (StackOverflowError tooDeep) {
                    // The recursion overflowed before (or while) using the class: one level less next time.
                } catch (SQLException e) {
                    ended = e;
                }
            }
            assertThat(ended).as("a call that left a JDK class uninitializable").isNotNull()
                    .hasMessageContaining("FATAL: the Java class java.time.chrono.ThaiBuddhistChronology failed to"
                            + " initialize during this call; the backend ends");
            assertThat(c.isValid(1)).as("the backend ended").isFalse();
            try (Connection fresh = PostgresCluster.connect()) {
                assertThat(InBackend.call(fresh, OverflowHandlers.class, "initializeAt", 0, 10))
                        .as("a new backend's VM").isEqualTo("ThaiBuddhist");
            }
            bystander.assertUndisturbed();
        }
    }
}
