package com.example.jdbcprobe;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.postgresql.geometric.PGbox;
import org.postgresql.geometric.PGcircle;
import org.postgresql.geometric.PGline;
import org.postgresql.geometric.PGlseg;
import org.postgresql.geometric.PGpath;
import org.postgresql.geometric.PGpoint;
import org.postgresql.geometric.PGpolygon;
import org.postgresql.util.PGInterval;
import org.postgresql.util.PGmoney;
import org.postgresql.util.PGobject;
import org.postgresql.util.PGtokenizer;

/**
 * JDBC code that runs the same on pgJDBC (in the test JVM) and on JDBC over SPI (shipped into the backend): it
 * describes what it sees in plain strings, so the two can be compared.
 */
public final class JdbcProbe {
    private JdbcProbe() {}

    /**
     * Texts sent and read back whose parameters and results are just under, at and just over 8 kB (the host passes
     * those that fit through a buffer of that size, others as arrays): each line the lengths and whether the text
     * came back whole.
     */
    public static List<String> aroundEightKilobytes(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("SELECT ?::text || repeat('é', ?)")) {
            for (int sent = 8150; sent <= 8210; sent++) {
                for (int added : new int[] {0, 4070, 4100, 9000}) {
                    String text = "ü" + "p".repeat(sent - 1);
                    st.setString(1, text);
                    st.setInt(2, added);
                    try (ResultSet rs = st.executeQuery()) {
                        rs.next();
                        String back = rs.getString(1);
                        out.add(sent + " + " + added + ": " + back.length() + " "
                                + back.equals(text + "é".repeat(added)));
                    }
                }
            }
        }
        return out;
    }

    /** Every column of every row: Java class, value, getString text; then the metadata; or the SQLSTATE. */
    public static List<String> describe(Connection c, String sql) {
        return probe(c, sql, (rs, out) -> {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                out.add("meta " + md.getColumnLabel(i) + " " + md.getColumnTypeName(i) + " "
                        + md.getColumnType(i) + " " + md.getPrecision(i) + " " + md.getScale(i) + " "
                        + md.isNullable(i) + " " + md.getColumnClassName(i));
            }
            while (rs.next()) {
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    Object o = rs.getObject(i);
                    String s = rs.getString(i);
                    out.add(className(o) + " | " + value(o) + " | " + s + " | " + rs.wasNull());
                }
            }
        });
    }

    /**
     * Every column of every row through the primitive getters (value and wasNull, or the SQLSTATE of the getter's
     * exception), then getObject and getString; or the SQLSTATE of the statement.
     */
    public static List<String> primitives(Connection c, String sql) {
        return probe(c, sql, (rs, out) -> {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    int column = i;
                    out.add("int " + outcome(rs, () -> rs.getInt(column)));
                    out.add("long " + outcome(rs, () -> rs.getLong(column)));
                    out.add("short " + outcome(rs, () -> rs.getShort(column)));
                    out.add("byte " + outcome(rs, () -> rs.getByte(column)));
                    out.add("boolean " + outcome(rs, () -> rs.getBoolean(column)));
                    out.add("object " + outcome(rs, () -> className(rs.getObject(column)) + " "
                            + rs.getObject(column)));
                    out.add("string " + outcome(rs, () -> rs.getString(column)));
                }
            }
        });
    }

    private interface Reading {
        void read(ResultSet rs, List<String> out) throws SQLException;
    }

    /** Runs {@code sql} under a savepoint and lets {@code reading} describe its rows; or the SQLSTATE. */
    private static List<String> probe(Connection c, String sql, Reading reading) {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            Savepoint sp = c.setSavepoint();
            try (ResultSet rs = st.executeQuery(sql)) {
                reading.read(rs, out);
                c.releaseSavepoint(sp);
            } catch (SQLException e) {
                c.rollback(sp);
                out.add("error " + e.getSQLState());
            }
        } catch (SQLException e) {
            out.add("failed " + e.getSQLState() + " " + e.getMessage());
        }
        return out;
    }

    private interface Getter {
        Object get() throws SQLException;
    }

    private static String outcome(ResultSet rs, Getter getter) throws SQLException {
        try {
            Object v = getter.get();
            return v + " null=" + rs.wasNull();
        } catch (SQLException e) {
            return "error " + e.getSQLState();
        }
    }

    /** The class as code sees it: each driver has its own class behind the interfaces Array and SQLXML. */
    private static String className(Object o) {
        if (o == null) {
            return "null";
        }
        if (o instanceof java.sql.Array) {
            return "java.sql.Array";
        }
        if (o instanceof SQLXML) {
            return "java.sql.SQLXML";
        }
        return o.getClass().getName();
    }

    private static String value(Object o) throws SQLException {
        if (o instanceof byte[] b) {
            return Arrays.toString(b);
        }
        if (o instanceof SQLXML x) {
            return x.getString();
        }
        if (o instanceof PGobject p) {
            return p.getClass().getSimpleName() + "(" + p.getType() + ") " + p.getValue() + " null=" + p.isNull();
        }
        if (o instanceof java.sql.Array a) {
            Object arr = a.getArray();
            return a.getBaseTypeName() + " " + arr.getClass().getSimpleName() + " " + Arrays.deepToString((Object[]) arr);
        }
        return String.valueOf(o);
    }

    /**
     * pgJDBC's value classes as code uses them: {@code getObject(i, Class)} for each type pgJDBC maps specially, the
     * fields of what comes back, and each class bound as a parameter (and read back as the type it was bound as).
     */
    public static List<String> pgValues(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        String[][] typed = {
            {"'1 year 2 mons 3 days 04:05:06.5'::interval", "PGInterval"}, {"'12.34'::money", "PGmoney"},
            {"'(1.5,2)'::point", "PGpoint"}, {"'((0,0),(1,1))'::box", "PGbox"}, {"'<(1,2),3>'::circle", "PGcircle"},
            {"'{1,-1,0}'::line", "PGline"}, {"'[(0,0),(1,2)]'::lseg", "PGlseg"}, {"'[(0,0),(1,1),(2,0)]'::path", "PGpath"},
            {"'((0,0),(1,1),(2,0))'::polygon", "PGpolygon"}, {"'{\"a\": [1, 2]}'::jsonb", "PGobject"},
            {"'{\"a\": 1}'::json", "PGobject"}, {"'10.1.2.3/32'::inet", "PGobject"}, {"B'101'::varbit", "PGobject"},
            {"42::int4", "PGobject"}, {"'<a>x</a>'::xml", "SQLXML"}};
        try (Statement st = c.createStatement()) {
            for (String[] t : typed) {
                try (ResultSet rs = st.executeQuery("SELECT " + t[0] + ", NULL::" + t[0].replaceAll(".*::", ""))) {
                    rs.next();
                    Object o = switch (t[1]) {
                        case "PGInterval" -> rs.getObject(1, PGInterval.class);
                        case "PGmoney" -> rs.getObject(1, PGmoney.class);
                        case "PGpoint" -> rs.getObject(1, PGpoint.class);
                        case "PGbox" -> rs.getObject(1, PGbox.class);
                        case "PGcircle" -> rs.getObject(1, PGcircle.class);
                        case "PGline" -> rs.getObject(1, PGline.class);
                        case "PGlseg" -> rs.getObject(1, PGlseg.class);
                        case "PGpath" -> rs.getObject(1, PGpath.class);
                        case "PGpolygon" -> rs.getObject(1, PGpolygon.class);
                        case "SQLXML" -> rs.getObject(1, SQLXML.class);
                        default -> rs.getObject(1, PGobject.class);
                    };
                    Object none = rs.getObject(2, PGobject.class);
                    out.add(t[0] + " as " + t[1] + ": " + className(o) + " " + value(o) + " " + fields(o)
                            + " | null: " + className(none) + " " + value(none));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT '1 day'::interval")) {
                rs.next();
                try {
                    out.add("interval as PGpoint: " + rs.getObject(1, PGpoint.class));
                } catch (SQLException | ClassCastException e) {
                    out.add("interval as PGpoint fails");
                }
            }
        }
        PGobject json = new PGobject();
        json.setType("jsonb");
        json.setValue("{\"b\": [true, null]}");
        PGobject nullInet = new PGobject();
        nullInet.setType("inet");
        PGobject unknown = new PGobject();
        unknown.setType("no_such_type");
        unknown.setValue("x");
        Object[] params = {json, new PGInterval(1, 2, 3, 4, 5, 6.25), new PGmoney(-3.5), new PGpoint(1, 2),
            new PGbox(0, 0, 1, 1), new PGcircle(1, 2, 3), new PGline(1, -1, 0), new PGlseg(0, 0, 1, 2),
            new PGpath(new PGpoint[] {new PGpoint(0, 0), new PGpoint(1, 1)}, true),
            new PGpolygon(new PGpoint[] {new PGpoint(0, 0), new PGpoint(1, 1), new PGpoint(2, 0)}), nullInet};
        try (PreparedStatement ps = c.prepareStatement("SELECT ?::text, pg_typeof(?)::text, ?")) {
            for (Object p : params) {
                ps.setObject(1, p);
                ps.setObject(2, p, java.sql.Types.OTHER);
                ps.setObject(3, p);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    Object back = rs.getObject(3);
                    out.add("param " + p.getClass().getSimpleName() + ": " + rs.getString(1) + " :: "
                            + rs.getString(2) + " back " + className(back) + " " + value(back) + " equal "
                            + p.equals(back));
                }
            }
            Savepoint sp = c.setSavepoint();
            try {
                ps.setObject(1, unknown);
                out.add("unknown type bound");
            } catch (SQLException e) {
                out.add("unknown type: " + e.getSQLState() + " " + e.getMessage());
            }
            c.rollback(sp);
        }
        PGtokenizer tokens = new PGtokenizer(PGtokenizer.removePara("(1,(2,3),4)"), ',');
        out.add("tokenizer " + tokens.getSize() + " " + tokens.getToken(1));
        return out;
    }

    /**
     * What each JDBC object says it wraps and unwraps to, and the metadata limits pgJDBC reads from the server, with a
     * few of its fixed answers.
     */
    public static List<String> wrappersAndLimits(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        DatabaseMetaData md = c.getMetaData();
        out.add("limits " + md.getMaxColumnNameLength() + " " + md.getMaxTableNameLength() + " "
                + md.getMaxSchemaNameLength() + " " + md.getMaxUserNameLength() + " " + md.getMaxCursorNameLength()
                + " " + md.getMaxProcedureNameLength() + " " + md.getMaxCatalogNameLength() + " "
                + md.getMaxColumnsInIndex());
        out.add("answers " + md.supportsBatchUpdates() + " " + md.nullsAreSortedHigh() + " "
                + md.supportsTransactionIsolationLevel(Connection.TRANSACTION_SERIALIZABLE) + " "
                + md.getSearchStringEscape() + " " + md.getTimeDateFunctions());
        out.add("user " + md.getUserName());
        try (Statement st = c.createStatement(); PreparedStatement ps = c.prepareStatement("SELECT ?::int AS x")) {
            ps.setInt(1, 1);
            try (ResultSet rs = ps.executeQuery()) {
                Object[][] objects = {{"connection", c}, {"statement", st}, {"prepared", ps}, {"result", rs},
                    {"result metadata", rs.getMetaData()}, {"metadata", md},
                    {"parameter metadata", ps.getParameterMetaData()}};
                Class<?>[] interfaces = {Connection.class, Statement.class, PreparedStatement.class,
                    java.sql.CallableStatement.class, ResultSet.class, ResultSetMetaData.class,
                    DatabaseMetaData.class, java.sql.ParameterMetaData.class, java.sql.Wrapper.class,
                    AutoCloseable.class, Object.class};
                for (Object[] o : objects) {
                    java.sql.Wrapper w = (java.sql.Wrapper) o[1];
                    StringBuilder line = new StringBuilder(o[0] + ":");
                    for (Class<?> i : interfaces) {
                        line.append(' ').append(i.getSimpleName()).append('=').append(w.isWrapperFor(i));
                        try {
                            line.append(w.unwrap(i) == w ? "/self" : "/other");
                        } catch (SQLException e) {
                            line.append("/refused: ").append(e.getMessage());
                        }
                    }
                    out.add(line.toString());
                }
            }
        }
        return out;
    }

    /** How {@code getDate}, {@code getTime} and {@code getTimestamp} fail on text that is no date or time. */
    public static List<String> badTemporals(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 'hello'::text, 'ti:me'::text")) {
            rs.next();
            for (int column = 1; column <= 2; column++) {
                int i = column;
                outcomes(List.of(() -> rs.getDate(i), () -> rs.getTime(i), () -> rs.getTimestamp(i)), out);
            }
        }
        return out;
    }

    /** What each getter read, or what it threw (an {@code SQLException} as its SQLSTATE). */
    private static void outcomes(List<java.util.concurrent.Callable<Object>> getters, List<String> out) {
        for (java.util.concurrent.Callable<Object> getter : getters) {
            try {
                out.add("read " + getter.call());
            } catch (SQLException e) {
                out.add("SQLException " + e.getSQLState());
            } catch (Exception e) {
                out.add(e.getClass().getName());
            }
        }
    }

    /**
     * Parameters pgJDBC rounds, widens or nests before it sends them (sub-microsecond times, the ends of the time
     * types, primitive and nested arrays), numeric's infinities, a getter on text that is no number, and a statement
     * that returns no rows run under a fetch size: each as the text PostgreSQL read, or the exception.
     */
    public static List<String> valuesAsSent(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        Object[][] cases = {
                {"?::timestamptz", java.sql.Timestamp.valueOf("2020-01-01 00:00:00.9999995")},
                {"?::timestamp", java.sql.Timestamp.valueOf("2020-01-01 00:00:00.123456789")},
                {"?::timestamp", java.sql.Timestamp.valueOf("2020-01-01 00:00:00.1234565")},
                {"?::timestamp", java.time.LocalDateTime.parse("2020-01-01T00:00:00.0000005")},
                {"?::timestamptz", java.time.OffsetDateTime.parse("2020-01-01T00:00:00.9999995+02:00")},
                {"?::timestamp", java.time.LocalDateTime.MAX}, {"?::timestamp", java.time.LocalDateTime.MIN},
                {"?::timestamptz", java.time.OffsetDateTime.MAX}, {"?::timestamptz", java.time.OffsetDateTime.MIN},
                {"?::timestamptz", new java.sql.Timestamp(9223372036825200000L)},
                {"?", new int[][] {{1, 2}, {3, 4}}}, {"?::int[]", new int[][] {{1, 2}, {3, 4}}},
                {"?", new long[][] {{5L}, {6L}}}, {"?", new double[] {1.5, -2.25}}, {"?", new float[] {0.5f}},
                {"?", new short[] {7, 8}}, {"?", new boolean[] {true, false}},
                {"?", new Integer[][] {{1, null}, {3, 4}}}, {"?", new String[][] {{"a", "b\"c"}, {"d", null}}},
                {"?", new byte[][] {{1, 2}, {}}}};
        for (Object[] k : cases) {
            try (PreparedStatement ps = c.prepareStatement("SELECT (" + k[0] + ")::text, pg_typeof(" + k[0] + ")")) {
                ps.setObject(1, k[1]);
                ps.setObject(2, k[1]);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    out.add(k[0] + " " + k[1].getClass().getSimpleName() + ": " + rs.getString(1) + " :: "
                            + rs.getString(2));
                }
            } catch (SQLException e) {
                out.add(k[0] + " " + k[1].getClass().getSimpleName() + ": " + e.getSQLState());
            }
        }
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT 'Infinity'::numeric, '-Infinity'::numeric, 'abc'::text")) {
            rs.next();
            out.add("numeric " + rs.getObject(1) + " " + rs.getObject(2));
            outcomes(List.of(() -> rs.getDouble(3), () -> rs.getFloat(3)), out);
        }
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT 'infinity'::timestamptz, '-infinity'::timestamp")) {
            rs.next();
            outcomes(List.of(() -> rs.getTime(1), () -> rs.getTime(2)), out);
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT ?")) {
            outcomes(List.of(() -> {
                ps.setNull(1, 12345);
                return "bound";
            }, () -> {
                c.setReadOnly(!c.isReadOnly());
                return "read-only changed";
            }), out);
        }
        try (Statement st = c.createStatement()) {
            st.setFetchSize(7);
            out.add("under a fetch size: DO gives " + st.execute("DO $$ BEGIN RAISE NOTICE 'hi'; END $$")
                    + ", CREATE gives " + st.execute("CREATE TEMP TABLE fetched_" + Math.abs(System.nanoTime() % 100000)
                    + " (i int)") + ", SELECT gives " + st.execute("SELECT 1"));
        }
        return out;
    }

    /**
     * Statements a call cannot run, each under a savepoint it is rolled back to, as its SQLSTATE and message; then
     * whether the connection still answers.
     */
    public static List<String> refusedStatements(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            for (String sql : List.of("COMMIT", "ROLLBACK", "BEGIN", "SAVEPOINT s", "COPY jdbc_t TO STDOUT")) {
                Savepoint before = c.setSavepoint();
                try {
                    st.execute(sql);
                    out.add(sql + ": ran");
                } catch (SQLException e) {
                    out.add(sql + ": " + e.getSQLState() + " " + e.getMessage());
                    c.rollback(before);
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM jdbc_t")) {
                rs.next();
                out.add("then " + rs.getInt(1));
            }
        }
        return out;
    }

    /** A batch that fails at its third entry, and one holding a query: what the caller sees of each. */
    public static List<String> batches(Connection c, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TEMP TABLE " + table + " (k int PRIMARY KEY)");
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " VALUES (?)")) {
            for (int k : new int[] {1, 2, 1, 3}) {
                ps.setInt(1, k);
                ps.addBatch();
            }
            out.add(batchOutcome(c, ps));
        }
        try (Statement st = c.createStatement()) {
            st.addBatch("INSERT INTO " + table + " VALUES (10)");
            st.addBatch("SELECT 1");
            st.addBatch("INSERT INTO " + table + " VALUES (11)");
            out.add(batchOutcome(c, st));
        }
        return out;
    }

    private static String batchOutcome(Connection c, Statement st) throws SQLException {
        Savepoint before = c.setSavepoint();
        try {
            return "counts " + Arrays.toString(st.executeBatch());
        } catch (java.sql.BatchUpdateException e) {
            c.rollback(before);
            return "BatchUpdateException " + e.getSQLState() + " " + Arrays.toString(e.getUpdateCounts()) + " next "
                    + (e.getNextException() == null ? null : e.getNextException().getSQLState()) + " entry "
                    + e.getMessage().substring(0, e.getMessage().indexOf(' ', "Batch entry ".length()));
        } catch (SQLException e) {
            c.rollback(before);
            return "SQLException " + e.getSQLState();
        }
    }

    /** Changes the session's client encoding, which the client's driver cannot live with. */
    public static String changeClientEncoding(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET client_encoding = 'LATIN1'");
        }
        return "changed";
    }

    /** The values it was given, and pgJDBC values read here: all travel back as themselves. */
    public static List<Object> carry(Connection c, List<Object> values) throws SQLException {
        List<Object> out = new ArrayList<>(values);
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT '2 hours'::interval, '(3,4)'::point, '[1]'::jsonb")) {
            rs.next();
            for (int i = 1; i <= 3; i++) {
                out.add(rs.getObject(i));
            }
        }
        return out;
    }

    /** What the value class parsed out of the text. */
    private static String fields(Object o) {
        if (o instanceof PGInterval i) {
            return i.getYears() + "y " + i.getMonths() + "m " + i.getDays() + "d " + i.getHours() + "h "
                    + i.getMinutes() + "min " + i.getSeconds() + "s";
        }
        if (o instanceof PGmoney m) {
            return "val " + m.val;
        }
        if (o instanceof PGpoint p) {
            return "x " + p.x + " y " + p.y;
        }
        if (o instanceof PGbox b) {
            return "corners " + b.point[0].x + "," + b.point[1].y;
        }
        if (o instanceof PGcircle ci) {
            return "center " + ci.center.x + " radius " + ci.radius;
        }
        if (o instanceof PGline l) {
            return "a " + l.a + " b " + l.b + " c " + l.c;
        }
        if (o instanceof PGlseg s) {
            return "end " + s.point[1].y;
        }
        if (o instanceof PGpath p) {
            return "points " + p.points.length + " open " + p.isOpen();
        }
        if (o instanceof PGpolygon p) {
            return "points " + p.points.length;
        }
        return "";
    }

    /**
     * A statement past its query timeout fails with 57014, after about the timeout; rolled back to a savepoint,
     * the code goes on; a statement that finishes in time is untouched by its timeout.
     */
    public static List<String> queryTimeout(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement slow = c.prepareStatement("SELECT pg_sleep(?)")) {
            slow.setQueryTimeout(1);
            slow.setDouble(1, 0.1);
            try (ResultSet rs = slow.executeQuery()) {
                out.add("in time " + rs.next());
            }
            Savepoint sp = c.setSavepoint();
            slow.setDouble(1, 10);
            long started = System.nanoTime();
            try {
                slow.executeQuery();
                out.add("not cancelled");
            } catch (SQLException e) {
                long millis = (System.nanoTime() - started) / 1_000_000;
                out.add("timeout " + e.getSQLState() + (millis >= 900 && millis < 5000 ? " after ~1 s" : " after "
                        + millis + " ms"));
            }
            c.rollback(sp);
        }
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 'goes on'")) {
            rs.next();
            out.add(rs.getString(1));
        }
        return out;
    }

    /** DML through one path: update counts, generated keys, batches, savepoints. */
    public static List<String> writes(Connection c, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            out.add("create " + st.executeUpdate("CREATE TEMP TABLE " + table
                    + " (id serial PRIMARY KEY, name text NOT NULL, amount numeric(10,2), at date)"));
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO " + table + " (name, amount, at)"
                + " VALUES (?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ins.setString(1, "a");
            ins.setBigDecimal(2, new BigDecimal("12.50"));
            ins.setObject(3, java.time.LocalDate.of(2024, 2, 29));
            out.add("insert " + ins.executeUpdate());
            try (ResultSet keys = ins.getGeneratedKeys()) {
                while (keys.next()) {
                    out.add("key " + keys.getInt("id") + " " + keys.getString("name"));
                }
            }
        }
        try (PreparedStatement batch = c.prepareStatement("INSERT INTO " + table + " (name, amount) VALUES (?, ?)")) {
            for (int i = 0; i < 10_000; i++) {
                batch.setString(1, "n" + i);
                batch.setInt(2, i);
                batch.addBatch();
            }
            int[] counts = batch.executeBatch();
            out.add("batch " + counts.length + " " + Arrays.stream(counts).sum());
        }
        Savepoint outer = c.setSavepoint();
        try (Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE " + table + " SET amount = 0");
            Savepoint inner = c.setSavepoint("inner");
            try {
                st.executeUpdate("INSERT INTO " + table + " (name) VALUES (NULL)");
            } catch (SQLException e) {
                out.add("inner failed " + e.getSQLState());
                c.rollback(inner);
            }
            out.add("after inner " + count(st, table));
            c.rollback(outer);
            try (ResultSet rs = st.executeQuery("SELECT sum(amount) FROM " + table)) {
                rs.next();
                out.add("after outer " + rs.getBigDecimal(1));
            }
            out.add("update " + st.executeUpdate("UPDATE " + table + " SET amount = amount + 1 WHERE id <= 3"));
            out.add("delete " + st.executeUpdate("DELETE FROM " + table + " WHERE id > 5000"));
        }
        try (PreparedStatement q = c.prepareStatement("SELECT name, amount FROM " + table + " WHERE id = ?")) {
            q.setLong(1, 1);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                out.add("row " + rs.getString("NAME") + " " + rs.getBigDecimal("Amount") + " " + rs.getDouble(2));
            }
        }
        return out;
    }

    /** Scripts of several statements: what the last one returned, as SPI reports a script's result. */
    public static List<String> scripts(Connection c, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TEMP TABLE " + table + " (x int)");
            out.add(results(st, "INSERT INTO " + table + " SELECT generate_series(1, 3); SELECT x FROM " + table
                    + "; UPDATE " + table + " SET x = x + 10 WHERE x < 3"));
            out.add(results(st, "UPDATE " + table + " SET x = x + 1; SELECT x FROM " + table + " ORDER BY x"));
            out.add(results(st, "SELECT x FROM " + table + "; CREATE INDEX ON " + table + " (x)"));
            out.add(results(st, "SELECT 1; ;SELECT 2;; -- the end"));
            out.add(results(st, "DO $$ BEGIN PERFORM 1; PERFORM 2; END $$; SELECT length(';')"));
            for (String sql : List.of("SELECT 1; SELECT 2", "INSERT INTO " + table + " VALUES (1); SELECT 1",
                    "UPDATE " + table + " SET x = x; UPDATE " + table + " SET x = x WHERE x > 12")) {
                try {
                    out.add(sql + ": query " + st.executeQuery(sql).next());
                } catch (SQLException e) {
                    out.add(sql + ": query " + e.getSQLState() + " " + e.getMessage());
                }
                try {
                    out.add(sql + ": update " + st.executeUpdate(sql));
                } catch (SQLException e) {
                    out.add(sql + ": update " + e.getSQLState() + " " + e.getMessage());
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT ?::int + 1; SELECT ?::int * 2 /* ?; */")) {
            ps.setInt(1, 5);
            ps.setInt(2, 7);
            out.add(read(ps, ps.execute()));
        }
        return out;
    }

    /** Every result of {@code script} in turn, as a JDBC caller reads them. */
    private static String results(Statement st, String script) throws SQLException {
        return read(st, st.execute(script));
    }

    private static String read(Statement st, boolean rows) throws SQLException {
        StringBuilder out = new StringBuilder();
        while (rows || st.getUpdateCount() != -1) {
            if (rows) {
                out.append("rows");
                try (ResultSet rs = st.getResultSet()) {
                    while (rs.next()) {
                        out.append(' ').append(rs.getInt(1));
                    }
                }
            } else {
                out.append("count ").append(st.getUpdateCount());
            }
            out.append("; ");
            rows = st.getMoreResults();
        }
        return out.toString();
    }

    private static long count(Statement st, String table) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every mapped parameter type bound with its setter, stored, and read back; plus warnings and a schema change. */
    public static List<String> roundTrip(Connection c, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TEMP TABLE " + table + " (i2 int2, i4 int4, i8 int8, f4 float4, f8 float8,"
                    + " n numeric, b bool, s text, v varchar(10), by bytea, d date, t time, ts timestamp,"
                    + " tz timestamptz, u uuid, ai int4[], at text[], nul int4)");
        }
        String insert = "INSERT INTO " + table + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement st = c.prepareStatement(insert)) {
            st.setShort(1, (short) -7);
            st.setInt(2, Integer.MIN_VALUE);
            st.setLong(3, Long.MAX_VALUE);
            st.setFloat(4, 1.25f);
            st.setDouble(5, -2.5e100);
            st.setBigDecimal(6, new BigDecimal("-12345678901234567890.000123"));
            st.setBoolean(7, true);
            st.setString(8, "it's \\ \"quoted\" ünïcödé");
            st.setString(9, "short");
            st.setBytes(10, new byte[] {0, 1, (byte) 0xff, 10});
            st.setObject(11, java.time.LocalDate.of(1999, 12, 31));
            st.setObject(12, java.time.LocalTime.of(23, 59, 58, 123_000_000));
            st.setObject(13, java.time.LocalDateTime.of(2024, 2, 29, 13, 14, 15, 500_000_000));
            st.setObject(14, java.time.OffsetDateTime.of(2024, 2, 29, 13, 14, 15, 0, java.time.ZoneOffset.ofHours(2)));
            st.setObject(15, java.util.UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
            st.setArray(16, c.createArrayOf("int4", new Object[] {1, null, 3}));
            st.setArray(17, c.createArrayOf("text", new Object[] {"a", "b c", "d\"e"}));
            st.setNull(18, java.sql.Types.INTEGER);
            out.add("inserted " + st.executeUpdate());
        }
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
            ResultSetMetaData md = rs.getMetaData();
            rs.next();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                Object o = rs.getObject(i);
                out.add(md.getColumnName(i) + " " + className(o) + " " + value(o) + " " + rs.getString(i));
            }
        }
        try (Statement st = c.createStatement()) {
            st.execute("DO $$ BEGIN RAISE NOTICE 'hello from plpgsql'; END $$");
            out.add("warning " + (st.getWarnings() == null ? null : st.getWarnings().getMessage()));
        }
        try (PreparedStatement st = c.prepareStatement("SELECT * FROM " + table)) {
            try (ResultSet rs = st.executeQuery()) {
                out.add("columns before " + rs.getMetaData().getColumnCount());
            }
            try (Statement ddl = c.createStatement()) {
                ddl.execute("ALTER TABLE " + table + " ADD COLUMN extra int DEFAULT 5");
            }
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                out.add("columns after " + rs.getMetaData().getColumnCount() + " extra " + rs.getInt("extra"));
            }
        }
        return out;
    }

    /**
     * A cursor closed and declared again under the same name over other columns, fetched by the same statement and
     * by the same prepared statement: each fetch's column type and value.
     */
    public static List<String> redeclaredCursor(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); PreparedStatement fetch = c.prepareStatement("FETCH 1 FROM rc")) {
            for (String select : new String[] {"SELECT 1::int AS v", "SELECT 'x'::text AS v",
                "SELECT 2.5::numeric AS v, true AS w"}) {
                st.execute("DECLARE rc SCROLL CURSOR FOR " + select);
                try (ResultSet rs = st.executeQuery("FETCH 1 FROM rc")) {
                    rs.next();
                    out.add(rs.getMetaData().getColumnTypeName(1) + " " + className(rs.getObject(1)) + " "
                            + rs.getObject(1) + " " + rs.getMetaData().getColumnCount());
                }
                st.execute("MOVE ABSOLUTE 0 IN rc");
                try (ResultSet rs = fetch.executeQuery()) {
                    rs.next();
                    out.add("prepared " + rs.getMetaData().getColumnTypeName(1) + " " + className(rs.getObject(1))
                            + " " + rs.getObject(1) + " " + rs.getMetaData().getColumnCount());
                }
                st.execute("CLOSE rc");
            }
        }
        return out;
    }

    /**
     * A result read through a cursor (fetch size 1) whose portal the method's own SQL closes and declares again over
     * other columns, between two rows: what the next row reads as.
     */
    public static String cursorSwappedUnderAResult(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); Statement other = c.createStatement()) {
            st.setFetchSize(1);
            try (ResultSet rs = st.executeQuery("SELECT g FROM generate_series(1, 3) g")) {
                rs.next();
                String portal;
                try (ResultSet names = other.executeQuery("SELECT name FROM pg_cursors WHERE NOT is_holdable")) {
                    names.next();
                    portal = names.getString(1);
                }
                other.execute("CLOSE \"" + portal + "\"");
                other.execute("DECLARE \"" + portal + "\" CURSOR FOR SELECT 'x' || g FROM generate_series(1, 3) g");
                rs.next();
                try {
                    return "read " + rs.getObject(1);
                } catch (SQLException e) {
                    return e.getSQLState() + " " + e.getMessage();
                }
            }
        }
    }

    /**
     * A statement under a query timeout of 1 s whose result (40 MB) the heap cannot hold: the OutOfMemoryError out of
     * the native is caught, and a statement after it, longer than the timeout, must run to its end.
     */
    public static String timeoutAfterAStatementThatRanOutOfHeap(Connection c) throws SQLException {
        String outcome;
        try (Statement st = c.createStatement()) {
            st.setQueryTimeout(1);
            try (ResultSet rs = st.executeQuery("SELECT repeat('x', 40000000)")) {
                outcome = "ran";
            } catch (OutOfMemoryError e) {
                outcome = "failed with " + e.getClass().getName();
            }
        }
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_sleep(1.5)::text")) {
            rs.next();
            return outcome + ", then slept";
        }
    }

    /**
     * A statement raising {@code count} NOTICEs of {@code kB} kilobytes each: how many warnings the statement kept,
     * the last one's SQLSTATE and text, and a statement run after it.
     */
    public static List<String> noticeFlood(Connection c, int count, int kB) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            st.execute("DO $$ BEGIN FOR i IN 1.." + count + " LOOP RAISE NOTICE '%', repeat('n', " + kB * 1024
                    + "); END LOOP; END $$");
            java.sql.SQLWarning last = null;
            int kept = 0;
            for (java.sql.SQLWarning w = st.getWarnings(); w != null; w = w.getNextWarning()) {
                kept++;
                last = w;
            }
            out.add("kept " + kept);
            out.add(last.getSQLState() + " " + last.getMessage());
            try (ResultSet rs = st.executeQuery("SELECT 41 + 1")) {
                rs.next();
                out.add("then " + rs.getInt(1) + " warnings " + st.getWarnings());
            }
        }
        return out;
    }

    /**
     * One prepared query run again after its table changed shape (a column added, one renamed): each run's columns
     * and last value, so a description kept from an earlier run shows.
     */
    public static List<String> columnsAfterSchemaChange(Connection c, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE " + table + " (a int)");
            st.execute("INSERT INTO " + table + " VALUES (1)");
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + table)) {
                for (String change : List.of("", "", "ADD COLUMN b text DEFAULT 'x'", "RENAME COLUMN a TO z", "",
                        "ALTER COLUMN z TYPE int8", "")) {
                    if (!change.isEmpty()) {
                        st.execute("ALTER TABLE " + table + " " + change);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        ResultSetMetaData md = rs.getMetaData();
                        StringBuilder line = new StringBuilder();
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            line.append(md.getColumnLabel(i)).append(':').append(md.getColumnTypeName(i)).append(' ');
                        }
                        rs.next();
                        out.add(line.append("= ").append(rs.getObject(1)).append(' ')
                                .append(rs.getString(md.getColumnCount())).toString());
                    }
                }
            }
        }
        return out;
    }
}
