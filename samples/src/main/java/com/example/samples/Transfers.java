package com.example.samples;

import io.wormhole.Remote;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** An atomic funds transfer: five statements with a check; on failure nothing is changed. */
public final class Transfers {
    private Transfers() {}

    public record Receipt(long from, long to, BigDecimal amount, BigDecimal fromBalance, BigDecimal toBalance) {}

    @Remote(retries = 3)
    public static Receipt transfer(Connection conn, long from, long to, BigDecimal amount)
            throws SQLException, InsufficientFundsException {
        return plainTransfer(conn, from, to, amount);
    }

    public static Receipt plainTransfer(Connection conn, long from, long to, BigDecimal amount)
            throws SQLException, InsufficientFundsException {
        BigDecimal balance = balanceForUpdate(conn, from);
        balanceForUpdate(conn, to);
        move(conn, from, amount.negate());
        move(conn, to, amount);
        if (balance.compareTo(amount) < 0) {
            // Thrown after the updates on purpose: the call's subtransaction must undo them.
            throw new InsufficientFundsException(from, amount.subtract(balance));
        }
        try (PreparedStatement st = conn.prepareStatement(
                "INSERT INTO transfers (from_account, to_account, amount) VALUES (?, ?, ?)")) {
            st.setLong(1, from);
            st.setLong(2, to);
            st.setBigDecimal(3, amount);
            st.executeUpdate();
        }
        return new Receipt(from, to, amount, balance(conn, from), balance(conn, to));
    }

    private static BigDecimal balanceForUpdate(Connection conn, long account) throws SQLException {
        try (PreparedStatement st = conn.prepareStatement("SELECT balance FROM accounts WHERE id = ? FOR UPDATE")) {
            st.setLong(1, account);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("no account " + account, "02000");
                }
                return rs.getBigDecimal(1);
            }
        }
    }

    private static BigDecimal balance(Connection conn, long account) throws SQLException {
        try (PreparedStatement st = conn.prepareStatement("SELECT balance FROM accounts WHERE id = ?")) {
            st.setLong(1, account);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getBigDecimal(1);
            }
        }
    }

    private static void move(Connection conn, long account, BigDecimal delta) throws SQLException {
        try (PreparedStatement st = conn.prepareStatement("UPDATE accounts SET balance = balance + ? WHERE id = ?")) {
            st.setBigDecimal(1, delta);
            st.setLong(2, account);
            st.executeUpdate();
        }
    }

    public static void setUp(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute("DROP TABLE IF EXISTS transfers, accounts");
            st.execute("CREATE TABLE accounts (id bigint PRIMARY KEY, balance numeric(12,2) NOT NULL)");
            st.execute("CREATE TABLE transfers (id bigserial PRIMARY KEY, from_account bigint, to_account bigint,"
                    + " amount numeric(12,2))");
            st.execute("INSERT INTO accounts VALUES (1, 100.00), (2, 50.00)");
        }
    }

    public static void main(String[] args) throws Exception {
        try (Connection conn = Samples.connect()) {
            setUp(conn);
            System.out.println(transfer(conn, 1, 2, new BigDecimal("30.00")));
            try {
                transfer(conn, 2, 1, new BigDecimal("500.00"));
            } catch (InsufficientFundsException e) {
                System.out.println(e.getMessage() + " (shortfall " + e.shortfall() + ")");
            }
        }
    }
}
