package io.wormhole.server.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wormhole.server.verify.Allowlist;
import org.junit.jupiter.api.Test;
import org.postgresql.geometric.PGpoint;
import org.postgresql.util.PGInterval;
import org.postgresql.util.PGobject;

/**
 * Behind the verifier, the sandbox's parent resolves pgJDBC's value classes to the server's own (the ones its JDBC
 * returns, so a cast in shipped code holds) and nothing else of pgJDBC.
 */
class SandboxParentTest {
    private final SandboxParent parent = new SandboxParent(Allowlist.defaults());

    @Test
    void valueClassesAreTheServersOwn() throws Exception {
        assertThat(parent.loadClass("org.postgresql.util.PGobject")).isSameAs(PGobject.class);
        assertThat(parent.loadClass("org.postgresql.util.PGInterval")).isSameAs(PGInterval.class);
        assertThat(parent.loadClass("org.postgresql.geometric.PGpoint")).isSameAs(PGpoint.class);
    }

    @Test
    void theDriverAndTheRestOfPgJdbcDoNotLink() {
        for (String name : new String[] {"org.postgresql.Driver", "org.postgresql.PGConnection",
            "org.postgresql.ds.PGSimpleDataSource", "org.postgresql.util.PSQLException",
            "org.postgresql.util.PGBinaryObject", "org.postgresql.core.QueryExecutor"}) {
            assertThatThrownBy(() -> parent.loadClass(name)).as(name).isInstanceOf(ClassNotFoundException.class)
                    .hasMessage(name + " is not available to shipped code (not on the allowlist)");
        }
    }

    @Test
    void aDbaWhoRemovesTheRuleRemovesTheClass() {
        Allowlist without = Allowlist.of(Allowlist.defaults().rules().stream()
                .filter(r -> !r.toString().contains("org.postgresql.geometric")).toList());
        assertThatThrownBy(() -> new SandboxParent(without).loadClass("org.postgresql.geometric.PGpoint"))
                .isInstanceOf(ClassNotFoundException.class);
    }
}
