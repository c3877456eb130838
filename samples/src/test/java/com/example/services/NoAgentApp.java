package com.example.services;

import io.wormhole.Remote;
import io.wormhole.Wormhole;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * An application run by {@link NoAgentWarningTest} in a JVM of its own, with or without the agent:
 * {@code jdbc URL} calls a {@code @Remote} method on a connection from DriverManager twice, {@code datasource URL}
 * the same on a connection from pgJDBC's own data source (the application never names DriverManager), {@code configure URL}
 * configures a data source and calls a method that takes no connection (without the agent, it fails: the method ran
 * here, outside any call), {@code connection} calls that method alone.
 */
public final class NoAgentApp {
    private NoAgentApp() {}

    @Remote
    public static int answer() throws SQLException {
        try (Statement st = Wormhole.connection().createStatement(); ResultSet rs = st.executeQuery("SELECT 42")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void callAnswer() throws SQLException {
        try {
            System.out.println(answer());
        } catch (IllegalStateException e) {
            System.out.println(e.getMessage());
        }
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "jdbc" -> {
                try (Connection c = DriverManager.getConnection(args[1])) {
                    System.out.println(OrderService.regionOfBackend(c, "eu"));
                    System.out.println(OrderService.regionOfBackend(c, "us"));
                }
            }
            case "datasource" -> {
                PGSimpleDataSource source = new PGSimpleDataSource();
                source.setUrl(args[1]);
                try (Connection c = source.getConnection()) {
                    System.out.println(OrderService.regionOfBackend(c, "eu"));
                    System.out.println(OrderService.regionOfBackend(c, "us"));
                }
            }
            case "configure" -> {
                PGSimpleDataSource source = new PGSimpleDataSource();
                source.setUrl(args[1]);
                Wormhole.configure(source);
                callAnswer();
            }
            case "connection" -> callAnswer();
            default -> throw new IllegalArgumentException(args[0]);
        }
    }
}
