package io.wormhole.server.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.jdbcprobe.JdbcProbe;
import com.example.jdbcprobe.StatementMemoryProbe;
import com.example.jdbcprobe.StreamProbe;
import io.wormhole.server.testing.InBackend;
import io.wormhole.testing.PostgresCluster;
import java.sql.Connection;
import java.util.List;
import java.util.stream.Stream;
import org.postgresql.geometric.PGpoint;
import org.postgresql.util.PGInterval;
import org.postgresql.util.PGobject;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The differential suite: the same JDBC code on pgJDBC and on JDBC over SPI, compared value by value and class by
 * class, pgJDBC's own value classes (json, interval, inet, point…) included; only the driver's classes behind
 * {@code java.sql.Array} and {@code java.sql.SQLXML} are named by their interface.
 */
@ExtendWith(PostgresCluster.class)
class JdbcOverSpiTest {
    private static Connection pg;

    @BeforeAll
    static void connect() throws Exception {
        pg = PostgresCluster.connect();
        try (var st = pg.createStatement()) {
            st.execute("SET TimeZone = 'UTC'");
            st.execute("DROP TYPE IF EXISTS mood CASCADE");
            st.execute("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')");
            st.execute("DROP DOMAIN IF EXISTS posint");
            st.execute("CREATE DOMAIN posint AS int CHECK (VALUE > 0)");
            st.execute("DROP TABLE IF EXISTS jdbc_t");
            st.execute("CREATE TABLE jdbc_t (id int PRIMARY KEY, name text NOT NULL, note varchar(20))");
            st.execute("INSERT INTO jdbc_t VALUES (1, 'one', NULL), (2, 'two', 'x')");
        }
        System.setProperty("user.timezone", "UTC");
        java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("UTC"));
        // Savepoints (the probe's) need a transaction on pgJDBC; the remote call runs inside the same one.
        pg.setAutoCommit(false);
    }

    @AfterEach
    void endTransaction() throws Exception {
        pg.rollback();
    }

    @AfterAll
    static void close() throws Exception {
        pg.close();
    }

    static Stream<String> corpus() {
        return Stream.of(
                "SELECT 1", "SELECT 1::int2", "SELECT 2147483647::int4", "SELECT 9223372036854775807::int8",
                "SELECT -32768::int2", "SELECT 1.5::float4", "SELECT 1.25::float8", "SELECT 'NaN'::float8",
                "SELECT 'Infinity'::float8", "SELECT 123.4500::numeric", "SELECT 'NaN'::numeric",
                "SELECT 12.3::numeric(10,2)", "SELECT 1e30::numeric", "SELECT true", "SELECT false",
                "SELECT NULL::bool", "SELECT 'text'::text", "SELECT 'ab'::varchar(5)", "SELECT 'ab'::char(4)",
                "SELECT 'x'::\"char\"", "SELECT 'name'::name", "SELECT ''::text", "SELECT E'tab\\tnew\\nline'",
                "SELECT 'üñïçødé ✓'", "SELECT '\\x00ff10'::bytea", "SELECT ''::bytea", "SELECT NULL::bytea",
                "SELECT '2024-02-29'::date", "SELECT 'infinity'::date", "SELECT '-infinity'::date",
                "SELECT '0044-03-15 BC'::date", "SELECT '5874897-12-31'::date",
                "SELECT '294276-12-31 23:59:59'::timestamp", "SELECT '20000-02-29 13:14:15+00'::timestamptz",
                "SELECT '13:14:15'::time", "SELECT '13:14:15.123456'::time",
                "SELECT '2024-02-29 13:14:15'::timestamp", "SELECT '2024-02-29 13:14:15.5'::timestamp",
                "SELECT 'infinity'::timestamp", "SELECT '2024-02-29 13:14:15+02'::timestamptz",
                "SELECT '2024-02-29 13:14:15.123456+00'::timestamptz", "SELECT '-infinity'::timestamptz",
                "SELECT '1 day 02:03:04'::interval", "SELECT '3 mons'::interval",
                "SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid", "SELECT '{\"a\": 1}'::json",
                "SELECT '{\"a\": [1, 2]}'::jsonb", "SELECT '192.168.0.1/24'::inet", "SELECT '10.0.0.0/8'::cidr",
                "SELECT '08:00:2b:01:02:03'::macaddr", "SELECT B'1010'::bit(4)", "SELECT B'1'::bit(1)",
                "SELECT B'101'::varbit", "SELECT 12.34::money", "SELECT '(1,2)'::point", "SELECT 'ok'::mood",
                "SELECT 5::posint", "SELECT ROW(1, 'a')", "SELECT ARRAY[1, 2, 3]", "SELECT ARRAY['a', NULL, 'c d']",
                "SELECT ARRAY[1.5, 2.5]::numeric[]", "SELECT ARRAY[true, false]", "SELECT ARRAY[[1, 2], [3, 4]]",
                "SELECT '{}'::int[]", "SELECT ARRAY[1, 2]::int8[]", "SELECT ARRAY['2024-01-01']::date[]",
                "SELECT ARRAY['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11']::uuid[]", "SELECT ARRAY['x\"y', 'b\\\\c']",
                "SELECT 42::oid", "SELECT 'abc'::xml", "SELECT NULL", "SELECT NULL::int", "SELECT NULL::text",
                "SELECT * FROM jdbc_t ORDER BY id", "SELECT id, note FROM jdbc_t WHERE id = 2",
                "SELECT * FROM jdbc_t WHERE false", "SELECT count(*) FROM jdbc_t", "SELECT sum(id) FROM jdbc_t",
                "SELECT avg(id) FROM jdbc_t", "SELECT name AS \"Label\", id + 1 AS plus FROM jdbc_t ORDER BY 1",
                "SELECT i, i * 2 FROM generate_series(1, 5) AS i", "SELECT 1/0", "SELECT * FROM no_such_table",
                "SELECT no_such_column FROM jdbc_t", "SELEC 1", "SELECT 'x'::int", "SELECT 99999::int2",
                "SELECT '2024-13-01'::date", "SELECT current_user = current_user", "SELECT length('abc')",
                "SELECT 'a' || 'b'", "SELECT now() IS NOT NULL", "SELECT 1 WHERE 1 = 0",
                // Every type pgJDBC reads into a class of its own, or into a PGobject named after the type.
                "SELECT '-1 year -2 mons +3 days -04:05:06.789'::interval", "SELECT NULL::interval",
                "SELECT '((0,0),(1,1))'::box", "SELECT '<(1,2),3>'::circle", "SELECT '{1,-1,0}'::line",
                "SELECT '[(0,0),(1,2)]'::lseg", "SELECT '[(0,0),(1,1),(2,0)]'::path", "SELECT '((0,0),(1,1))'::path",
                "SELECT '((0,0),(1,1),(2,0))'::polygon", "SELECT NULL::point", "SELECT -12.34::money",
                "SELECT '08:00:2b:01:02:03:04:05'::macaddr8", "SELECT 'a fat cat'::tsvector",
                "SELECT 'fat & cat'::tsquery", "SELECT 'pg_class'::regclass", "SELECT '1 2'::int2vector",
                "SELECT pg_sleep(0)", "SELECT ROW(1, 'one', NULL)::jdbc_t", "SELECT '[1,5)'::int4range",
                "SELECT '{\"a\": 1}'::json, '[]'::jsonb, NULL::jsonb", "SELECT '<a>x</a>'::xml, NULL::xml",
                "SELECT 'abc'::unknown", "SELECT '12:00+02'::timetz", "SELECT 'ok'::mood::text",
                "SELECT ARRAY['{\"a\": 1}']::json[]", "SELECT ARRAY['1 day']::interval[]",
                "SELECT ARRAY['(1,2)']::point[]", "SELECT ARRAY['ok']::mood[]",
                "SELECT ARRAY['10.0.0.1']::inet[]", "SELECT ARRAY[ROW(1, 'one', NULL)::jdbc_t]");
    }

    /** The types whose cells cross from C in binary, at their edges, and what is near them but stays text. */
    static Stream<String> fixedWidth() {
        return Stream.of(
                "SELECT 0::int2, -32768::int2, 32767::int2, NULL::int2",
                "SELECT 0, -2147483648::int4, 2147483647::int4, NULL::int4, 127, 128, -129",
                "SELECT -9223372036854775808::int8, 9223372036854775807::int8, 3000000000::int8, -3000000000::int8,"
                        + " 40000::int8, 200::int8, NULL::int8",
                "SELECT 0::oid, 42::oid, 2147483648::oid, 4294967295::oid, NULL::oid",
                "SELECT true, false, NULL::bool",
                "SELECT 5::posint, 70000::posint, NULL::posint",
                "SELECT i, i::int8 * 1000000000, i % 2 = 0 FROM generate_series(-3, 3) AS i",
                "SELECT 1.5::float8, '7'::text, '1'::text, 'on'::text");
    }

    @ParameterizedTest
    @MethodSource("fixedWidth")
    void primitiveGettersAsOnPgJdbc(String sql) throws Throwable {
        assertThat(inBackend("primitives", sql)).as(sql).isEqualTo(JdbcProbe.primitives(pg, sql));
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void sameAsPgJdbc(String sql) throws Throwable {
        assertThat(inBackend("describe", sql)).as(sql).isEqualTo(JdbcProbe.describe(pg, sql));
    }

    /** What {@code JdbcProbe.probe(connection, sql)} answers through JDBC over SPI. */
    @SuppressWarnings("unchecked")
    private List<String> inBackend(String probe, String sql) throws Throwable {
        return (List<String>) InBackend.call(pg, JdbcProbe.class, probe, null, sql);
    }

    @Test
    void parametersAndResultsAroundTheStatementBuffersSizeComeBackWhole() throws Throwable {
        @SuppressWarnings("unchecked")
        List<String> remote = (List<String>) InBackend.call(pg, JdbcProbe.class, "aroundEightKilobytes",
                (Object) null);
        assertThat(remote).isEqualTo(JdbcProbe.aroundEightKilobytes(pg)).hasSize(244).allMatch(l -> l.endsWith(" true"));
    }

    @Test
    void pgJdbcValueClassesComeBackAndBindAsOnPgJdbc() throws Throwable {
        @SuppressWarnings("unchecked")
        List<String> remote = (List<String>) InBackend.call(pg, JdbcProbe.class, "pgValues", (Object) null);
        List<String> local = JdbcProbe.pgValues(pg);
        assertThat(remote).isEqualTo(local);
        assertThat(remote).anySatisfy(l -> assertThat(l).startsWith("'1 year 2 mons 3 days 04:05:06.5'::interval as"
                + " PGInterval: org.postgresql.util.PGInterval").contains("1y 2m 3d 4h 5min 6.5s"));
        assertThat(remote).anySatisfy(l -> assertThat(l).startsWith("param PGpoint: (1,2) :: point back"
                + " org.postgresql.geometric.PGpoint").endsWith("equal true"));
        assertThat(remote).contains("unknown type: 07006 Unknown type no_such_type.");
    }

    @Test
    void everyObjectWrapsAndUnwrapsAndTheLimitsReadAsOnPgJdbc() throws Throwable {
        @SuppressWarnings("unchecked")
        List<String> remote = (List<String>) InBackend.call(pg, JdbcProbe.class, "wrappersAndLimits", (Object) null);
        assertThat(remote).isEqualTo(JdbcProbe.wrappersAndLimits(pg));
        assertThat(remote).contains("limits 63 63 63 63 63 63 63 32");
        assertThat(remote).anySatisfy(l -> assertThat(l).startsWith("statement:")
                .contains("PreparedStatement=false/refused: Cannot unwrap to java.sql.PreparedStatement"));
    }

    /**
     * Text that is no date or time fails the date and time getters with an {@code SQLException} 22007, as pgJDBC's do
     * for most such text; for {@code 'hello'}, pgJDBC's {@code getDate} and {@code getTimestamp} throw an
     * {@code ArrayIndexOutOfBoundsException}, a fault of its parser this side does not copy.
     */
    @Test
    void aDateOrTimeGetterOnTextThatIsNoneFailsWithInvalidDatetimeFormat() throws Throwable {
        @SuppressWarnings("unchecked")
        List<String> remote = (List<String>) InBackend.call(pg, JdbcProbe.class, "badTemporals", (Object) null);
        assertThat(remote).hasSize(6).containsOnly("SQLException 22007");
        assertThat(JdbcProbe.badTemporals(pg)).as("pgJDBC").contains("SQLException 22007");
    }

    /**
     * helper-25's sweep: sub-microsecond times were truncated (pgJDBC rounds), the ends of the time types failed
     * (pgJDBC sends infinity), {@code int[][]} went as a {@code text[]} of quoted rows and {@code double[]} was
     * refused, numeric's infinities failed, {@code getDouble} on text threw an unchecked exception, and a statement
     * that returns no rows failed under a fetch size ("cannot open DO query as cursor").
     */
    @Test
    void parametersAndGettersPgJdbcAdjustsComeOutAsOnPgJdbc() throws Throwable {
        @SuppressWarnings("unchecked")
        List<String> remote = (List<String>) InBackend.call(pg, JdbcProbe.class, "valuesAsSent", (Object) null);
        assertThat(remote).isEqualTo(JdbcProbe.valuesAsSent(pg));
        assertThat(remote).contains("?::timestamptz Timestamp: 2020-01-01 00:00:01+00 :: timestamp with time zone",
                "?::int[] int[][]: {{1,2},{3,4}} :: integer[]", "? double[]: {1.5,-2.25} :: double precision[]",
                "numeric Infinity -Infinity", "SQLException 22003",
                "under a fetch size: DO gives false, CREATE gives false, SELECT gives true");
    }

    /**
     * Transaction control and COPY to or from the client, sent as SQL text, are refused with what they are and what to
     * do instead, not SPI's internal error (helper-25: {@code XX000 SPI_execute_plan failed: SPI_ERROR_TRANSACTION});
     * the connection goes on.
     */
    @Test
    void transactionControlAndClientCopyAsSqlTextAreRefusedByName() throws Throwable {
        @SuppressWarnings("unchecked")
        List<String> remote = (List<String>) InBackend.call(pg, JdbcProbe.class, "refusedStatements", (Object) null);
        assertThat(remote).hasSize(6);
        assertThat(remote.subList(0, 4)).allSatisfy(l -> assertThat(l)
                .endsWith(": 2D000 transaction control statements cannot run inside a Wormhole call"));
        assertThat(remote.get(4)).isEqualTo("COPY jdbc_t TO STDOUT: 0A000 COPY to or from the client cannot run inside a"
                + " Wormhole call");
        assertThat(remote.get(5)).isEqualTo("then 2");
    }

    /**
     * A batch that fails ends with pgJDBC's {@code BatchUpdateException}, its counts and the cause chained (helper-25:
     * a plain {@code SQLException}, which {@code catch (BatchUpdateException e)} never sees); a query in a batch
     * counts as pgJDBC counts it.
     */
    @Test
    void batchesFailAndCountAsOnPgJdbc() throws Throwable {
        @SuppressWarnings("unchecked")
        List<String> remote = (List<String>) InBackend.call(pg, JdbcProbe.class, "batches", null, "batch_remote");
        assertThat(remote).isEqualTo(JdbcProbe.batches(pg, "batch_local"));
        assertThat(remote.get(0)).isEqualTo("BatchUpdateException 23505 [-3, -3, -3, -3] next 23505 entry Batch entry 2");
    }

    /**
     * A call that sets {@code client_encoding} fails and leaves it as it was (helper-25: the client's pgJDBC closed its
     * connection when the call returned, and could not tell whether the call had committed).
     */
    @Test
    void aCallThatChangesTheClientEncodingFailsAndTheConnectionStays() throws Throwable {
        assertThatThrownBy(() -> InBackend.call(pg, JdbcProbe.class, "changeClientEncoding", (Object) null))
                .isInstanceOfSatisfying(java.sql.SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("0A000"))
                .hasMessageContaining("a Wormhole call cannot change client_encoding");
        pg.rollback();
        try (var st = pg.createStatement(); var rs = st.executeQuery("SHOW client_encoding")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("UTF8");
        }
    }

    /** Arguments and results: pgJDBC's values cross in both directions as the same classes. */
    @Test
    void pgJdbcValuesTravelAsArgumentsAndResults() throws Throwable {
        PGobject json = new PGobject();
        json.setType("json");
        json.setValue("{\"k\": \"v\"}");
        List<Object> sent = List.of(json, new PGInterval("3 days"), new PGpoint(1, 2));
        @SuppressWarnings("unchecked")
        List<Object> back = (List<Object>) InBackend.call(pg, JdbcProbe.class, "carry", null, sent);
        PGobject jsonb = new PGobject();
        jsonb.setType("jsonb");
        jsonb.setValue("[1]");
        assertThat(back).containsExactly(json, new PGInterval("3 days"), new PGpoint(1, 2),
                new PGInterval("2 hours"), new PGpoint(3, 4), jsonb);
        assertThat(back.get(3)).isInstanceOf(PGInterval.class);
    }

    @Test
    void writesGeneratedKeysBatchesAndSavepointsBehaveAsOnPgJdbc() throws Throwable {
        @SuppressWarnings("unchecked")
        List<String> remote = (List<String>) InBackend.call(pg, JdbcProbe.class, "writes", null, "w_remote");
        List<String> local = JdbcProbe.writes(pg, "w_local");
        assertThat(remote).isEqualTo(local);
        assertThat(remote).contains("batch 10000 10000", "inner failed 23502", "after inner 10001");
    }

    @Test
    void everyMappedParameterTypeRoundTripsAsOnPgJdbc() throws Throwable {
        @SuppressWarnings("unchecked")
        List<String> remote = (List<String>) InBackend.call(pg, JdbcProbe.class, "roundTrip", null, "rt_remote");
        List<String> local = JdbcProbe.roundTrip(pg, "rt_local");
        assertThat(remote).isEqualTo(local);
        assertThat(remote).contains("warning hello from plpgsql", "columns after 19 extra 5");
    }

    /** A fetch's columns are its cursor's as declared now, not as a cursor of the same name was before. */
    @Test
    void aCursorDeclaredAgainOverOtherColumnsIsFetchedAsOnPgJdbc() throws Throwable {
        Object remote = InBackend.call(pg, JdbcProbe.class, "redeclaredCursor", (Object) null);
        pg.rollback();
        assertThat(remote).isEqualTo(JdbcProbe.redeclaredCursor(pg)).isEqualTo(List.of(
                "int4 java.lang.Integer 1 1", "prepared int4 java.lang.Integer 1 1", "text java.lang.String x 1",
                "prepared text java.lang.String x 1", "numeric java.math.BigDecimal 2.5 2",
                "prepared numeric java.math.BigDecimal 2.5 2"));
    }

    /**
     * The method's own SQL can close the cursor a result reads through and declare another under its name: the
     * next row is then an SQLException naming the value, not an unchecked exception out of getObject.
     */
    @Test
    void aResultWhoseCursorTheMethodSwappedFailsWithAnSqlException() throws Throwable {
        assertThat(InBackend.call(pg, JdbcProbe.class, "cursorSwappedUnderAResult", (Object) null))
                .isEqualTo("22P02 Bad value for type int4 : x1");
    }

    /**
     * A statement's notices wait in the backend until it ends: past 1 MB of them the rest are counted, not kept, so
     * a statement raising many large ones cannot exhaust the backend's memory (1,500 of 1 MB once took 2.5 GB).
     */
    @Test
    void aStatementsNoticesAreKeptUpToOneMegabyteAndTheRestCounted() throws Throwable {
        assertThat(InBackend.call(pg, JdbcProbe.class, "noticeFlood", null, 100, 64)).isEqualTo(List.of("kept 16",
                "01000 85 more notices of this statement were not kept for getWarnings: its notices passed 1024 kB",
                "then 42 warnings null"));
        assertThat(InBackend.call(pg, JdbcProbe.class, "noticeFlood", null, 40, 1024)).isEqualTo(List.of("kept 1",
                "01000 40 more notices of this statement were not kept for getWarnings: its notices passed 1024 kB",
                "then 42 warnings null"));
        assertThat(InBackend.call(pg, JdbcProbe.class, "noticeFlood", null, 3, 1)).isEqualTo(List.of("kept 3",
                "00000 " + "n".repeat(1024), "then 42 warnings null"));
    }

    /**
     * A script's statements give their results in turn, as on pgJDBC (helper-25: SPI ran a script as one statement,
     * and only its last result could be read); {@code executeQuery} and {@code executeUpdate} refuse a script that
     * gives more than they can return, as pgJDBC's do.
     */
    @Test
    void aScriptGivesEachStatementsResultInTurnAsOnPgJdbc() throws Throwable {
        @SuppressWarnings("unchecked")
        List<String> remote = (List<String>) InBackend.call(pg, JdbcProbe.class, "scripts", null, "script_remote");
        assertThat(remote).isEqualTo(JdbcProbe.scripts(pg, "script_local").stream()
                .map(l -> l.replace("script_local", "script_remote")).toList());
        assertThat(remote).startsWith("count 3; rows 1 2 3; count 2; ", "count 3; rows 4 12 13; ");
        assertThat(remote).contains("rows 1; rows 2; count 0; ", "rows 6; rows 14; ",
                "SELECT 1; SELECT 2: query 0100E Multiple ResultSets were returned by the query.");
    }

    /** A plan's columns are described once and kept: a change of the table's shape must show at the next run. */
    @Test
    void aPreparedQuerySeesItsTablesNewShapeAsOnPgJdbc() throws Throwable {
        @SuppressWarnings("unchecked")
        List<String> remote = (List<String>) InBackend.call(pg, JdbcProbe.class, "columnsAfterSchemaChange", null,
                "shape_remote");
        List<String> local = JdbcProbe.columnsAfterSchemaChange(pg, "shape_local");
        assertThat(remote).isEqualTo(local).containsExactly("a:int4 = 1 1", "a:int4 = 1 1", "a:int4 b:text = 1 x",
                "z:int4 b:text = 1 x", "z:int4 b:text = 1 x", "z:int8 b:text = 1 x", "z:int8 b:text = 1 x");
    }

    @Test
    void aQueryTimeoutFailsTheStatementAsOnPgJdbcAndTheCallGoesOn() throws Throwable {
        @SuppressWarnings("unchecked")
        List<String> remote = (List<String>) InBackend.call(pg, JdbcProbe.class, "queryTimeout", (Object) null);
        assertThat(remote).isEqualTo(JdbcProbe.queryTimeout(pg))
                .containsExactly("in time true", "timeout 57014 after ~1 s", "goes on");
    }

    /**
     * A query timeout whose statement failed other than through PostgreSQL (the heap could not hold its result) is
     * disarmed all the same: it fires neither into the call's next statement nor, after the call, into the session's.
     */
    @Test
    void aQueryTimeoutDoesNotOutliveItsStatement() throws Throwable {
        try (Connection c = PostgresCluster.connect(); var st = c.createStatement()) {
            st.execute("SET wormhole.max_heap = '16MB'");
            assertThat(InBackend.call(c, JdbcProbe.class, "timeoutAfterAStatementThatRanOutOfHeap", (Object) null))
                    .isEqualTo("failed with java.lang.OutOfMemoryError, then slept");
            try (var rs = st.executeQuery("SELECT pg_sleep(1)::text")) {
                assertThat(rs.next()).as("a statement of the session after the call").isTrue();
            }
        }
    }

    @Test
    void tenMillionRowsStreamInBoundedHeap() throws Throwable {
        long[] r;
        try (Connection trusted = PostgresCluster.connect(); var st = trusted.createStatement()) {
            st.execute("SET wormhole.trusted = on");
            r = (long[]) InBackend.call(trusted, StreamProbe.class, "stream", null, 10_000_000L);
        }
        assertThat(r[0]).isEqualTo(10_000_000L);
        assertThat(r[1]).isEqualTo(10_000_000L * 10_000_001L / 2);
        assertThat(r[2]).as("largest heap in use while streaming, MB").isLessThan(64);
    }

    /**
     * A statement's result, parameters and receiver, and what preparing it parses, are freed once Java holds what it
     * asked for, not when the call ends: a call's 50,000th lookup, 500th fetch or 10,000th new statement finds the
     * backend holding what it held after its first few thousand.
     * Before, each lookup kept about 1.35 kB (a call of a million held 1.4 GB), each fetch its rows, each prepare about
     * 3 kB of parse trees.
     */
    @Test
    void aCallsStatementsDoNotAccumulateBackendMemory() throws Throwable {
        long[] used = (long[]) InBackend.call(pg, StatementMemoryProbe.class, "statementMemory", null, 50_000);
        long slack = 4L << 20;
        SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(used[1] - used[0]).as("bytes the backend gained over 45,000 lookups in one call (%d then"
                    + " %d)", used[0], used[1]).isLessThan(slack);
            soft.assertThat(used[3] - used[2]).as("bytes the backend gained over 450 fetches of 100 rows (%d then %d)",
                    used[2], used[3]).isLessThan(slack);
            soft.assertThat(used[5] - used[4]).as("bytes the backend gained over 9,000 statements prepared anew (%d"
                    + " then %d)", used[4], used[5]).isLessThan(slack);
        });
    }

    /**
     * A closed statement is the connection's no longer: a call that prepares and closes one per iteration holds only
     * the open ones. Before, the connection kept every statement until the call ended, and 300,000 iterations went
     * past a 16 MB call limit.
     */
    @Test
    void closedStatementsAreNotKeptUntilTheCallEnds() throws Throwable {
        try (var st = pg.createStatement()) {
            st.execute("SET LOCAL wormhole.call_memory_limit = '16MB'");
        }
        int n = 300_000;
        assertThat(InBackend.call(pg, StatementMemoryProbe.class, "preparedInALoop", null, n))
                .isEqualTo((long) n * (n + 1) / 2 + (n + 2) / 3);
    }
}
