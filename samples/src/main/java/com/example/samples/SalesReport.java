package com.example.samples;

import io.wormhole.Remote;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Sales aggregated by day in Java, with lambdas, a stream and an inner class, over rows read in the method. */
public final class SalesReport {
    private SalesReport() {}

    public record Day(LocalDate day, int orders, BigDecimal total, BigDecimal average) {}

    /** Running totals per day: an inner class, shipped with the method. */
    private static final class Totals {
        int orders;
        BigDecimal total = BigDecimal.ZERO;

        void add(BigDecimal amount) {
            orders++;
            total = total.add(amount);
        }
    }

    @Remote
    public static List<Day> byDay(Connection conn, LocalDate from, LocalDate to) throws SQLException {
        return plainByDay(conn, from, to);
    }

    public static List<Day> plainByDay(Connection conn, LocalDate from, LocalDate to) throws SQLException {
        Map<LocalDate, Totals> days = new TreeMap<>();
        try (PreparedStatement st = conn.prepareStatement(
                "SELECT sold_on, amount FROM sales WHERE sold_on BETWEEN ? AND ?")) {
            st.setObject(1, from);
            st.setObject(2, to);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    days.computeIfAbsent(rs.getObject(1, LocalDate.class), d -> new Totals()).add(rs.getBigDecimal(2));
                }
            }
        }
        return days.entrySet().stream()
                .map(e -> new Day(e.getKey(), e.getValue().orders, e.getValue().total,
                        e.getValue().total.divide(BigDecimal.valueOf(e.getValue().orders), 2, RoundingMode.HALF_UP)))
                .sorted(Comparator.comparing(Day::day))
                .collect(Collectors.toList());
    }

    public static void setUp(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute("DROP TABLE IF EXISTS sales");
            st.execute("CREATE TABLE sales (id bigserial PRIMARY KEY, sold_on date NOT NULL, amount numeric(12,2)"
                    + " NOT NULL)");
            st.execute("INSERT INTO sales (sold_on, amount) SELECT date '2026-11-01' + (i % 7),"
                    + " round((i * 7.31) % 200 + 1, 2) FROM generate_series(1, 2000) i");
        }
    }

    public static void main(String[] args) throws SQLException {
        try (Connection conn = Samples.connect()) {
            setUp(conn);
            List<Day> report = byDay(conn, LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 7));
            report.forEach(System.out::println);
        }
    }
}
