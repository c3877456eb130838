package com.example.samples;

import io.wormhole.Remote;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.lang3.StringUtils;

/** A third-party library (Apache Commons Lang) used inside the database: its classes travel with the method. */
public final class Headlines {
    private Headlines() {}

    @Remote
    public static List<String> headlines(Connection conn, long userId, int width) throws SQLException {
        return plainHeadlines(conn, userId, width);
    }

    public static List<String> plainHeadlines(Connection conn, long userId, int width) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement st = conn.prepareStatement(
                "SELECT title || ' — a story told at length' FROM posts WHERE user_id = ? ORDER BY id LIMIT 3")) {
            st.setLong(1, userId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(StringUtils.abbreviate(StringUtils.capitalize(rs.getString(1)), width));
                }
            }
        }
        return out;
    }
}
