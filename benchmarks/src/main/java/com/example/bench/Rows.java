package com.example.bench;

import io.wormhole.Remote;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Many small records as one result: what a report or an export returns. */
public final class Rows {
    private Rows() {}

    public record Row(int id, String name, long amount) {}

    @Remote
    public static List<Row> rows(Connection conn, int n) throws SQLException {
        return plainRows(conn, n);
    }

    public static List<Row> plainRows(Connection conn, int n) throws SQLException {
        List<Row> rows = new ArrayList<>(n);
        try (PreparedStatement st = conn.prepareStatement(
                "SELECT i, 'name ' || i, i * 10::bigint FROM generate_series(1, ?) i")) {
            st.setInt(1, n);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getInt(1), rs.getString(2), rs.getLong(3)));
                }
            }
        }
        return rows;
    }
}
