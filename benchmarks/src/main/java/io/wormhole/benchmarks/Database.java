package io.wormhole.benchmarks;

import com.example.samples.Transfers;
import com.example.samples.UserStats;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The benchmark database: the samples' tables, the extra workloads' tables, and every workload as PL/pgSQL. */
final class Database {
    private Database() {}

    static int port() {
        return Integer.getInteger("bench.port");
    }

    static Connection connect(int port) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
    }

    /**
     * Raises the throwaway cluster's {@code wormhole.memory_cap} so that 50 JVMs of the default size are admitted:
     * the default cap of this 24 GB host admits 17, and the others would wait and fail instead of starting.
     */
    static void roomForManyJvms(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute("ALTER SYSTEM SET wormhole.memory_cap = '20GB'");
            st.execute("SELECT pg_reload_conf()");
        }
    }

    /** The process id of the backend serving {@code conn}. */
    static int backendPid(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static void setUp(Connection conn) throws SQLException {
        UserStats.setUp(conn);
        Transfers.setUp(conn);
        try (Statement st = conn.createStatement()) {
            st.execute("UPDATE accounts SET balance = 1000000000");
            st.execute("DROP TABLE IF EXISTS chain, measures");
            st.execute("CREATE TABLE chain (id int PRIMARY KEY, next int NOT NULL)");
            st.execute("INSERT INTO chain SELECT i, (i * 7919) % 10000 + 1 FROM generate_series(1, 10000) i");
            st.execute("CREATE TABLE measures (id int PRIMARY KEY, v int NOT NULL)");
            st.execute("INSERT INTO measures SELECT i, (i * 2654435761) % 1000 FROM generate_series(1, 100000) i");
            st.execute("ANALYZE");
            st.execute("CREATE OR REPLACE FUNCTION bench_chain(start int, n int) RETURNS int LANGUAGE plpgsql AS $$"
                    + " DECLARE k int := start; BEGIN FOR i IN 1..n LOOP SELECT next INTO k FROM chain WHERE id = k;"
                    + " END LOOP; RETURN k; END $$");
            st.execute("CREATE OR REPLACE FUNCTION bench_update_user_stats(uid bigint, OUT id bigint, OUT name text,"
                    + " OUT post_count int) LANGUAGE plpgsql AS $$ DECLARE c int; BEGIN"
                    + " SELECT count(*) INTO c FROM posts WHERE user_id = uid;"
                    + " UPDATE users SET post_count = c WHERE users.id = uid;"
                    + " SELECT u.id, u.name, u.post_count INTO id, name, post_count FROM users u WHERE u.id = uid; END $$");
            // Statement for statement what Transfers.plainTransfer runs (seven, the check in the same place), and
            // what its Receipt holds.
            st.execute("DROP FUNCTION IF EXISTS bench_transfer(bigint, bigint, numeric)");
            st.execute("CREATE FUNCTION bench_transfer(src bigint, dst bigint, amount numeric,"
                    + " OUT src_balance numeric, OUT dst_balance numeric) LANGUAGE plpgsql AS $$"
                    + " DECLARE b numeric; other numeric; BEGIN"
                    + " SELECT balance INTO b FROM accounts WHERE id = src FOR UPDATE;"
                    + " IF NOT FOUND THEN RAISE EXCEPTION 'no account %', src USING ERRCODE = 'no_data_found'; END IF;"
                    + " SELECT balance INTO other FROM accounts WHERE id = dst FOR UPDATE;"
                    + " IF NOT FOUND THEN RAISE EXCEPTION 'no account %', dst USING ERRCODE = 'no_data_found'; END IF;"
                    + " UPDATE accounts SET balance = balance + (- amount) WHERE id = src;"
                    + " UPDATE accounts SET balance = balance + amount WHERE id = dst;"
                    + " IF b < amount THEN RAISE EXCEPTION 'insufficient funds'; END IF;"
                    + " INSERT INTO transfers (from_account, to_account, amount) VALUES (src, dst, amount);"
                    + " SELECT balance INTO src_balance FROM accounts WHERE id = src;"
                    + " SELECT balance INTO dst_balance FROM accounts WHERE id = dst; END $$");
            // Dashboard.plainLoad's two statements, returning all they select.
            st.execute("DROP FUNCTION IF EXISTS bench_dashboard(bigint, int)");
            st.execute("CREATE FUNCTION bench_dashboard(uid bigint, n int) RETURNS TABLE (user_id_ bigint,"
                    + " name_ text, post_count_ int, post_id bigint, title text, created_at timestamptz)"
                    + " LANGUAGE plpgsql AS $$ BEGIN"
                    + " SELECT u.id, u.name, u.post_count INTO user_id_, name_, post_count_ FROM users u WHERE u.id = uid;"
                    + " RETURN QUERY SELECT user_id_, name_, post_count_, p.id, p.title, p.created_at FROM posts p"
                    + " WHERE p.user_id = uid ORDER BY p.created_at DESC, p.id LIMIT n; END $$");
            // Chain.plainAggregate's loop, with a typed loop variable.
            st.execute("CREATE OR REPLACE FUNCTION bench_aggregate() RETURNS numeric LANGUAGE plpgsql AS $$"
                    + " DECLARE val int; s float8 := 0; sq float8 := 0; n bigint := 0; run int := 0; best int := 0;"
                    + " last int := -2147483648; BEGIN FOR val IN SELECT v FROM measures ORDER BY id LOOP"
                    + " s := s + val; sq := sq + val::float8 * val; n := n + 1;"
                    + " IF val >= last THEN run := run + 1; ELSE run := 1; END IF; best := greatest(best, run);"
                    + " last := val; END LOOP; RETURN (sq / n - (s / n) * (s / n))::numeric + best; END $$");
        }
    }
}
