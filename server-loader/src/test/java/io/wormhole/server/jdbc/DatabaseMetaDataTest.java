package io.wormhole.server.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.wormhole.testing.PostgresCluster;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code DatabaseMetaData}'s capability methods (every {@code supports…}, {@code …AreVisible}, {@code nulls…},
 * {@code stores…} question, the limits and the fixed terms) answer as pgJDBC answers them on a real connection,
 * except where JDBC over SPI does less, and says so.
 */
@ExtendWith(PostgresCluster.class)
class DatabaseMetaDataTest {
    /** Values a capability's {@code int} arguments take: result set types, concurrencies, holdabilities, levels. */
    private static final int[] ARGUMENTS = IntStream.of(ResultSet.TYPE_FORWARD_ONLY, ResultSet.TYPE_SCROLL_INSENSITIVE,
        ResultSet.TYPE_SCROLL_SENSITIVE, ResultSet.CONCUR_READ_ONLY, ResultSet.CONCUR_UPDATABLE,
        ResultSet.HOLD_CURSORS_OVER_COMMIT, ResultSet.CLOSE_CURSORS_AT_COMMIT, Connection.TRANSACTION_NONE,
        Connection.TRANSACTION_READ_UNCOMMITTED, Connection.TRANSACTION_READ_COMMITTED,
        Connection.TRANSACTION_REPEATABLE_READ, Connection.TRANSACTION_SERIALIZABLE, Types.VARCHAR, Types.INTEGER)
            .distinct().toArray();

    /**
     * Where JDBC over SPI answers otherwise, because it does otherwise: its results are forward-only and read-only
     * (pgJDBC answers true for every result set type and concurrency but TYPE_SCROLL_SENSITIVE, even for values that
     * are none); it has no CallableStatement; a refcursor reads as its name.
     */
    private static List<String> differences() {
        List<String> expected = new ArrayList<>(List.of("supportsStoredProcedures[]",
                "supportsStoredFunctionsUsingCallSyntax[]", "supportsRefCursors[]"));
        for (int type : ARGUMENTS) {
            if (type == ResultSet.TYPE_SCROLL_SENSITIVE) {
                continue;
            }
            if (type != ResultSet.TYPE_FORWARD_ONLY) {
                expected.add("supportsResultSetType[" + type + "]");
            }
            for (int concurrency : ARGUMENTS) {
                if (type != ResultSet.TYPE_FORWARD_ONLY || concurrency != ResultSet.CONCUR_READ_ONLY) {
                    expected.add("supportsResultSetConcurrency[" + type + ", " + concurrency + "]");
                }
            }
        }
        return expected;
    }

    private static Connection pg;

    @BeforeAll
    static void connect() throws Exception {
        pg = PostgresCluster.connect();
    }

    @AfterAll
    static void close() throws Exception {
        pg.close();
    }

    /** Answers that need no connection: the capability questions and the fixed terms. */
    static boolean isCapability(Method m) {
        Class<?> r = m.getReturnType();
        boolean intArgs = Arrays.stream(m.getParameterTypes()).allMatch(p -> p == int.class);
        String n = m.getName();
        if (!intArgs || n.equals("isReadOnly") || n.equals("isWrapperFor")) {
            return false;
        }
        if (r == boolean.class) {
            return true;
        }
        if (r == int.class && m.getParameterCount() == 0) {
            // The name lengths and index columns are the server's build limits: JdbcOverSpiTest compares them.
            return n.startsWith("getMax") && !n.endsWith("NameLength") && !n.equals("getMaxColumnsInIndex")
                    || n.equals("getDefaultTransactionIsolation") || n.equals("getResultSetHoldability")
                    || n.equals("getSQLStateType") || n.startsWith("getJDBC");
        }
        return (r == String.class || r == java.sql.RowIdLifetime.class) && m.getParameterCount() == 0
                && (n.endsWith("Term") || n.endsWith("Functions") || n.equals("getIdentifierQuoteString")
                        || n.equals("getSearchStringEscape") || n.equals("getExtraNameCharacters")
                        || n.equals("getCatalogSeparator") || n.equals("getRowIdLifetime"));
    }

    @Test
    void capabilitiesAnswerAsPgJdbc() throws Exception {
        DatabaseMetaData ours = new SpiDatabaseMetaData(null);
        DatabaseMetaData theirs = pg.getMetaData();
        TreeMap<String, String> differences = new TreeMap<>();
        int asked = 0;
        for (Method m : DatabaseMetaData.class.getMethods()) {
            if (!isCapability(m)) {
                continue;
            }
            for (int[] args : argumentLists(m.getParameterCount())) {
                Object[] boxed = IntStream.of(args).boxed().toArray();
                String question = m.getName() + Arrays.toString(args);
                String mine = answer(m, ours, boxed);
                String pgJdbc = answer(m, theirs, boxed);
                asked++;
                if (!mine.equals(pgJdbc)) {
                    differences.put(question, "pgJDBC " + pgJdbc + ", ours " + mine);
                }
            }
        }
        assertThat(asked).isGreaterThan(200);
        assertThat(differences.keySet()).as(differences.toString()).containsExactlyInAnyOrderElementsOf(differences());
    }

    private static List<int[]> argumentLists(int count) {
        List<int[]> lists = new ArrayList<>();
        if (count == 0) {
            lists.add(new int[0]);
        } else if (count == 1) {
            for (int a : ARGUMENTS) {
                lists.add(new int[] {a});
            }
        } else {
            for (int a : ARGUMENTS) {
                for (int b : ARGUMENTS) {
                    lists.add(new int[] {a, b});
                }
            }
        }
        return lists;
    }

    private static String answer(Method m, Object on, Object[] args) {
        try {
            return String.valueOf(m.invoke(on, args));
        } catch (InvocationTargetException e) {
            return "throws " + e.getCause().getClass().getSimpleName();
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
