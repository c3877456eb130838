package com.example.deploy;

import com.example.samples.SourceCompiler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * An application class with a reading and a writing {@code @Remote} method on table {@code notes}, compiled afresh
 * for each {@code release} into a package of its own: every release is a bundle no server has seen, as a new
 * deployment of an application is.
 */
final class NotesApp {
    private static final String SOURCE = """
            package com.example.deploy.%s;

            import io.wormhole.Remote;
            import java.sql.Connection;
            import java.sql.PreparedStatement;
            import java.sql.ResultSet;
            import java.sql.SQLException;
            import java.sql.Statement;

            public final class Notes {
                private Notes() {}

                /** Which server ran the call, and how many notes it sees: "standby 3", "primary 4". */
                @Remote
                public static String where(Connection conn) throws SQLException {
                    try (Statement st = conn.createStatement();
                            ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery(), count(*) FROM notes")) {
                        rs.next();
                        return (rs.getBoolean(1) ? "standby " : "primary ") + rs.getLong(2);
                    }
                }

                @Remote
                public static int backend(Connection conn) throws SQLException {
                    try (Statement st = conn.createStatement();
                            ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
                        rs.next();
                        return rs.getInt(1);
                    }
                }

                @Remote
                public static int add(Connection conn, String note) throws SQLException {
                    try (PreparedStatement st = conn.prepareStatement("INSERT INTO notes (note) VALUES (?)")) {
                        st.setString(1, note);
                        return st.executeUpdate();
                    }
                }
            }
            """;

    private final Method where;
    private final Method backend;
    private final Method add;

    private NotesApp(Method where, Method backend, Method add) {
        this.where = where;
        this.backend = backend;
        this.add = add;
    }

    /** Compiles release {@code release} (lower case letters and digits) under {@code dir} and loads it. */
    static NotesApp release(Path dir, String release) throws Exception {
        Class<?> notes = SourceCompiler.load(dir, "com.example.deploy." + release + ".Notes",
                SOURCE.formatted(release), NotesApp.class.getClassLoader());
        return new NotesApp(notes.getMethod("where", Connection.class), notes.getMethod("backend", Connection.class),
                notes.getMethod("add", Connection.class, String.class));
    }

    String where(Connection c) throws Throwable {
        return (String) invoke(where, c);
    }

    /** The process id of the backend the call ran in. */
    int backend(Connection c) throws Throwable {
        return (Integer) invoke(backend, c);
    }

    int add(Connection c, String note) throws Throwable {
        return (Integer) invoke(add, c, note);
    }

    private static Object invoke(Method m, Object... args) throws Throwable {
        try {
            return m.invoke(null, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** The table the methods read and write, with three notes. */
    static void createTable(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE notes (id bigserial PRIMARY KEY, note text NOT NULL)");
            st.execute("INSERT INTO notes (note) VALUES ('a'), ('b'), ('c')");
        }
    }
}
