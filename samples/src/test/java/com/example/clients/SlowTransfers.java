package com.example.clients;

import io.wormhole.Remote;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Transfers between accounts whose sum never changes, shipped through the agent, that are still under way when
 * their client goes: one keeps working after it moved the money, one waits for a lock another session holds.
 */
public final class SlowTransfers {
    /** What all balances add up to after {@link #setUp}, whatever transfers committed. */
    public static final long TOTAL = 3_000;

    private SlowTransfers() {}

    @Remote
    public static long transfer(Connection conn, long from, long to, long amount) throws SQLException {
        move(conn, from, -amount);
        move(conn, to, amount);
        try (PreparedStatement st = conn.prepareStatement(
                "INSERT INTO transfers (from_account, to_account, amount) VALUES (?, ?, ?) RETURNING id")) {
            st.setLong(1, from);
            st.setLong(2, to);
            st.setLong(3, amount);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Transfers, then keeps busy for {@code millis}: nothing is committed before the call returns. */
    @Remote
    public static long transferThenWork(Connection conn, long from, long to, long amount, long millis)
            throws SQLException {
        long id = transfer(conn, from, to, amount);
        long until = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < until) {
            // busy: a stop reaches the call at the poll the server weaves into this loop
        }
        return id;
    }

    /** Transfers, then locks {@code waitFor}'s row: waits while another session holds it. */
    @Remote
    public static long transferThenLock(Connection conn, long from, long to, long amount, long waitFor)
            throws SQLException {
        long id = transfer(conn, from, to, amount);
        try (PreparedStatement st = conn.prepareStatement("SELECT balance FROM accounts WHERE id = ? FOR UPDATE")) {
            st.setLong(1, waitFor);
            st.executeQuery().close();
        }
        return id;
    }

    private static void move(Connection conn, long account, long delta) throws SQLException {
        try (PreparedStatement st = conn.prepareStatement("UPDATE accounts SET balance = balance + ? WHERE id = ?")) {
            st.setLong(1, delta);
            st.setLong(2, account);
            st.executeUpdate();
        }
    }

    public static void setUp(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute("DROP TABLE IF EXISTS transfers, accounts");
            st.execute("CREATE TABLE accounts (id bigint PRIMARY KEY, balance bigint NOT NULL)");
            st.execute("CREATE TABLE transfers (id bigserial PRIMARY KEY, from_account bigint NOT NULL,"
                    + " to_account bigint NOT NULL, amount bigint NOT NULL)");
            st.execute("INSERT INTO accounts VALUES (1, 1000), (2, 1000), (3, 1000)");
        }
    }
}
