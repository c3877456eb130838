package com.example.samples;

import io.wormhole.Remote;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

/** Enums as arguments and results, and a lambda choosing the next state. */
public final class Orders {
    private Orders() {}

    public enum Status { NEW, PAID, SHIPPED, DELIVERED }

    @Remote
    public static Map<Status, Integer> advance(Connection conn, Status from) throws SQLException {
        return plainAdvance(conn, from);
    }

    public static Map<Status, Integer> plainAdvance(Connection conn, Status from) throws SQLException {
        Function<Status, Status> next = s -> s == Status.DELIVERED ? s : Status.values()[s.ordinal() + 1];
        try (PreparedStatement st = conn.prepareStatement("UPDATE orders SET status = ? WHERE status = ?")) {
            st.setString(1, next.apply(from).name());
            st.setString(2, from.name());
            st.executeUpdate();
        }
        Map<Status, Integer> counts = new EnumMap<>(Status.class);
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("SELECT status, count(*) FROM orders GROUP BY status")) {
            while (rs.next()) {
                counts.put(Status.valueOf(rs.getString(1)), rs.getInt(2));
            }
        }
        return counts;
    }

    public static void setUp(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute("DROP TABLE IF EXISTS orders");
            st.execute("CREATE TABLE orders (id bigserial PRIMARY KEY, status text NOT NULL)");
            st.execute("INSERT INTO orders (status) SELECT CASE WHEN i % 3 = 0 THEN 'PAID' ELSE 'NEW' END"
                    + " FROM generate_series(1, 12) i");
        }
    }

    public static void main(String[] args) throws SQLException {
        try (Connection conn = Samples.connect()) {
            setUp(conn);
            System.out.println(advance(conn, Status.PAID));
        }
    }
}
