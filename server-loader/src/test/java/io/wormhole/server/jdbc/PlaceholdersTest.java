package io.wormhole.server.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.core.NativeQuery;
import org.postgresql.core.Parser;

/**
 * The {@code ?} translation of JDBC over SPI against pgJDBC's own parser, on SQL where a placeholder is easy to find
 * in the wrong place: code ported from the client must mean on the server what it meant through pgJDBC.
 */
class PlaceholdersTest {

    private static NativeQuery pgJdbc(String sql) throws SQLException {
        List<NativeQuery> parsed = Parser.parseJdbcSql(sql, true, true, false, false, false);
        assertThat(parsed).as("one statement").hasSize(1);
        return parsed.get(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT ?",
        "SELECT ?, ?, ?",
        "SELECT '?' || ?",
        "SELECT 'it''s ?' || ?",
        "SELECT E'\\'?' || ?",
        "SELECT e'a\\\\' || ?",
        "SELECT 'a\\' || ?",
        "SELECT \"col?\" FROM t WHERE x = ?",
        "SELECT \"a\"\"?\" FROM t WHERE x = ?",
        "SELECT 1 -- is it ?\n, ?",
        "SELECT /* ? /* nested ? */ still ? */ ?",
        "SELECT $$ ? $$ || ?",
        "SELECT $tag$ ? $other$ ? $tag$ || ?",
        "SELECT $1::text, ?",
        "SELECT a$b, ? FROM t",
        "SELECT ?::int + ?::bigint",
        "SELECT '{\"a\":1}'::jsonb ?? 'a', ?",
        "SELECT '{\"a\":1}'::jsonb ??| array['a'], ?",
        "SELECT '{\"a\":1}'::jsonb ??& array['a'] AND ? IS NULL",
        "SELECT x FROM t WHERE y = ? AND z = 'x?y' AND w = ?",
        "SELECT ARRAY[?, ?]::int[]",
        "INSERT INTO t (a, \"b?\") VALUES (?, $q$?$q$)",
        "SELECT 'unterminated ?",
        "SELECT ? /* unterminated ?",
    })
    void translatesAsPgJdbcDoes(String sql) throws SQLException {
        NativeQuery expected = pgJdbc(sql);
        Placeholders.Translated ours = Placeholders.translate(sql);
        assertThat(ours.sql()).as(sql).isEqualTo(expected.nativeSql);
        assertThat(ours.parameters()).as(sql).isEqualTo(expected.bindPositions.length);
    }
}
