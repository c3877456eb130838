package com.example.samples;

import io.wormhole.Remote;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The seed use case: recount a user's posts and return the user, three dependent statements. */
public final class UserStats {
    private UserStats() {}

    public record User(long id, String name, int postCount) {}

    @Remote
    public static User updateUserStats(Connection conn, long userId) throws SQLException {
        return plainUpdateUserStats(conn, userId);
    }

    /** The same logic as ordinary JDBC, one round trip per statement from the client. */
    public static User plainUpdateUserStats(Connection conn, long userId) throws SQLException {
        int posts;
        try (PreparedStatement st = conn.prepareStatement("SELECT count(*) FROM posts WHERE user_id = ?")) {
            st.setLong(1, userId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                posts = rs.getInt(1);
            }
        }
        try (PreparedStatement st = conn.prepareStatement("UPDATE users SET post_count = ? WHERE id = ?")) {
            st.setInt(1, posts);
            st.setLong(2, userId);
            st.executeUpdate();
        }
        try (PreparedStatement st = conn.prepareStatement("SELECT id, name, post_count FROM users WHERE id = ?")) {
            st.setLong(1, userId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return new User(rs.getLong("id"), rs.getString("name"), rs.getInt("post_count"));
            }
        }
    }

    public static void setUp(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute("DROP TABLE IF EXISTS posts, users");
            st.execute("CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL, post_count int NOT NULL"
                    + " DEFAULT 0)");
            st.execute("CREATE TABLE posts (id bigserial PRIMARY KEY, user_id bigint NOT NULL REFERENCES users,"
                    + " title text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())");
            st.execute("INSERT INTO users (id, name) VALUES (1, 'ada'), (2, 'grace')");
            st.execute("INSERT INTO posts (user_id, title, created_at) SELECT 1, 'post ' || i,"
                    + " now() - i * interval '1 hour' FROM generate_series(1, 30) i");
        }
    }

    public static void main(String[] args) throws SQLException {
        try (Connection conn = Samples.connect()) {
            setUp(conn);
            System.out.println(updateUserStats(conn, 1));
        }
    }
}
