package com.example.samples;

import io.wormhole.Remote;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.postgresql.geometric.PGpoint;
import org.postgresql.util.PGInterval;
import org.postgresql.util.PGobject;

/** Client code that works with pgJDBC's value classes, moved into the database unchanged. */
public final class PgTypes {
    private PgTypes() {}

    /** An application's own jsonb value class, as code built on pgJDBC often has. */
    public static final class Jsonb extends PGobject {
        private static final long serialVersionUID = 1L;

        public Jsonb() {
            setType("jsonb");
        }

        public Jsonb(String json) throws SQLException {
            this();
            setValue(json);
        }
    }

    /** {@code by} times the document's "days", and the point moved by as many units: pgJDBC's classes both ways. */
    @Remote
    public static Object[] stretch(Connection c, Jsonb document, PGInterval by, PGpoint at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT (?->>'days')::int * ?, point(?[0] + (?->>'days')::int,"
                + " ?[1]), jsonb_build_object('seen', ?)")) {
            ps.setObject(1, document);
            ps.setObject(2, by);
            ps.setObject(3, at);
            ps.setObject(4, document);
            ps.setObject(5, at);
            ps.setObject(6, document);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                PGInterval total = (PGInterval) rs.getObject(1);
                PGpoint moved = rs.getObject(2, PGpoint.class);
                PGobject seen = (PGobject) rs.getObject(3);
                return new Object[] {total, moved, seen, total.getDays(), c.getMetaData().getDriverName()};
            }
        }
    }
}
