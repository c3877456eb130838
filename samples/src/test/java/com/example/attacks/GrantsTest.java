package com.example.attacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wormhole.agent.Premain;
import io.wormhole.testing.PostgresCluster;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Shipped code runs as the calling role: its grants and row-level security apply, as in plain SQL. */
@ExtendWith(PostgresCluster.class)
class GrantsTest {

    @BeforeAll
    static void setUp() throws Exception {
        Premain.install(ByteBuddyAgent.install());
        try (Connection c = PostgresCluster.connect(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS secrets, notes");
            st.execute("DROP ROLE IF EXISTS reader_a, reader_b");
            st.execute("CREATE ROLE reader_a LOGIN IN ROLE wormhole_install");
            st.execute("CREATE ROLE reader_b LOGIN IN ROLE wormhole_install");
            st.execute("CREATE TABLE secrets (id int, payload text)");
            st.execute("INSERT INTO secrets VALUES (1, 'x')");
            st.execute("CREATE TABLE notes (id int, owner name, body text)");
            st.execute("INSERT INTO notes VALUES (1, 'reader_a', 'a1'), (2, 'reader_a', 'a2'), (3, 'reader_b', 'b1')");
            st.execute("ALTER TABLE notes ENABLE ROW LEVEL SECURITY");
            st.execute("CREATE POLICY own_notes ON notes USING (owner = current_user)");
            st.execute("GRANT SELECT ON notes TO reader_a, reader_b");
        }
    }

    @Test
    void aTableTheRoleMayNotReadStaysClosedToItsShippedCode() throws Exception {
        try (Connection c = PostgresCluster.connect("reader_a")) {
            assertThatThrownBy(() -> Reader.count(c, "secrets")).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("42501"));
            assertThat(Reader.count(c, "notes")).isEqualTo(2);
        }
    }

    @Test
    void rowLevelSecurityFiltersRowsAsInPlainSql() throws Exception {
        try (Connection a = PostgresCluster.connect("reader_a"); Connection b = PostgresCluster.connect("reader_b")) {
            assertThat(Reader.count(a, "notes")).isEqualTo(2);
            assertThat(Reader.count(b, "notes")).isEqualTo(1);
        }
        try (Connection owner = PostgresCluster.connect()) {
            assertThat(Reader.count(owner, "notes")).isEqualTo(3);
        }
    }
}
