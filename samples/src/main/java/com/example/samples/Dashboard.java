package com.example.samples;

import io.wormhole.Remote;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** A user and their latest posts, as records. */
public final class Dashboard {
    private Dashboard() {}

    public record Post(long id, String title, OffsetDateTime createdAt) {}

    public record View(UserStats.User user, List<Post> latest) {}

    @Remote
    public static View load(Connection conn, long userId, int posts) throws SQLException {
        return plainLoad(conn, userId, posts);
    }

    public static View plainLoad(Connection conn, long userId, int posts) throws SQLException {
        UserStats.User user;
        try (PreparedStatement st = conn.prepareStatement("SELECT id, name, post_count FROM users WHERE id = ?")) {
            st.setLong(1, userId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                user = new UserStats.User(rs.getLong(1), rs.getString(2), rs.getInt(3));
            }
        }
        List<Post> latest = new ArrayList<>();
        try (PreparedStatement st = conn.prepareStatement("SELECT id, title, created_at FROM posts"
                + " WHERE user_id = ? ORDER BY created_at DESC, id LIMIT ?")) {
            st.setLong(1, userId);
            st.setInt(2, posts);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    latest.add(new Post(rs.getLong(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class)));
                }
            }
        }
        return new View(user, List.copyOf(latest));
    }

    public static void main(String[] args) throws SQLException {
        try (Connection conn = Samples.connect()) {
            UserStats.setUp(conn);
            System.out.println(load(conn, 1, 20));
        }
    }
}
