package com.example.samples;

import java.math.BigDecimal;
import java.sql.Connection;
import java.time.LocalDate;

/**
 * Every sample once, each result on a line: run with the agent in remote mode and in local mode, the two outputs
 * must be the same. Timestamps that depend on when the data was made are left out.
 */
public final class Scenarios {
    private Scenarios() {}

    public static void main(String[] args) throws Exception {
        try (Connection conn = Samples.connect()) {
            UserStats.setUp(conn);
            System.out.println(UserStats.updateUserStats(conn, 1));
            System.out.println(Dashboard.load(conn, 1, 5).latest().stream().map(Dashboard.Post::title).toList());
            System.out.println(Headlines.headlines(conn, 1, 20));
            SalesReport.setUp(conn);
            System.out.println(SalesReport.byDay(conn, LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 7)));
            Transfers.setUp(conn);
            System.out.println(Transfers.transfer(conn, 1, 2, new BigDecimal("30.00")));
            try {
                Transfers.transfer(conn, 2, 1, new BigDecimal("500.00"));
            } catch (InsufficientFundsException e) {
                System.out.println(e.getClass().getName() + " " + e.getMessage() + " " + e.shortfall());
            }
            System.out.println(Transfers.plainTransfer(conn, 1, 2, BigDecimal.ONE).fromBalance());
            Orders.setUp(conn);
            System.out.println(Orders.advance(conn, Orders.Status.PAID));
            System.out.println(Orders.advance(conn, Orders.Status.NEW));
        }
    }
}
