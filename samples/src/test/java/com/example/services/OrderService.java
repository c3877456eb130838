package com.example.services;

import io.wormhole.Remote;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * An ordinary service class as applications write them: a data source and a logger in fields, used by the methods
 * that run in the client, next to {@code @Remote} methods that never touch them.
 */
public final class OrderService {
    private static final Logger LOG = Logger.getLogger(OrderService.class.getName());

    private final DataSource dataSource;
    private final String region;

    public OrderService(DataSource dataSource, String region) {
        this.dataSource = dataSource;
        this.region = region;
    }

    /** Runs in the client, on a connection of its own: the reason the class holds a data source. */
    public int placeOrder(int item) throws SQLException {
        LOG.info("placing an order for item " + item + " in " + region);
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement("SELECT ?::int")) {
            st.setInt(1, item);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** The region, and what the backend says it is running: a {@code wormhole.invoke} call when this runs there. */
    @Remote
    public static String regionOfBackend(Connection c, String region) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT ? || ':' || query FROM pg_catalog.pg_stat_activity WHERE pid = pg_backend_pid()")) {
            st.setString(1, region);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /** An instance method: its receiver, data source and all, would have to travel. */
    @Remote
    public String describe(Connection c) throws SQLException {
        return regionOfBackend(c, region);
    }
}
