package com.example.services;

import io.wormhole.Remote;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.stream.Stream;

/** Methods whose values cannot travel, each writing a row first, so that a test sees whether it ran. */
public class Journal {
    private Journal() {}

    /** Declares a stream: refused before it is sent. */
    @Remote
    public static Stream<String> entriesAfterWriting(Connection c, String note) throws SQLException {
        write(c, note);
        return Stream.of(note);
    }

    /** Declares Object but returns a stream: it runs, and its result is refused with the reason. */
    @Remote
    public static Object entriesAsObjectAfterWriting(Connection c, String note) throws SQLException {
        write(c, note);
        return Stream.of(note);
    }

    @Remote
    public static String stampedWith(Connection c, Clock clock) {
        return clock.instant().toString();
    }

    private static void write(Connection c, String note) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("INSERT INTO journal VALUES ('" + note.replace("'", "''") + "')");
        }
    }
}
