package com.example.lockprobe;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Application work done in a call: credits an account of the test's own table and answers its new balance. */
public final class Ledger {
    private Ledger() {}

    public static long credit(Connection c, long account, long amount) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "UPDATE hl_accounts SET balance = balance + ? WHERE id = ? RETURNING balance")) {
            st.setLong(1, amount);
            st.setLong(2, account);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
