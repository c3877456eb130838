package io.wormhole.server.jdbc;

import io.wormhole.internal.SqlState;
import io.wormhole.server.pg.Oids;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An SQL array, read from PostgreSQL's text form ({@code {1,2,NULL}}, {@code {"a b","c\"d"}}, nested for more
 * dimensions) or made by {@code createArrayOf}. {@link #getArray()} gives the Java array pgJDBC gives:
 * {@code Integer[]} for {@code int4[]}, {@code String[]} for {@code text[]}, and so on.
 */
final class SpiArray implements Array {
    private final int elementOid;
    private final String text;

    SpiArray(int elementOid, String text) {
        this.elementOid = elementOid;
        this.text = text;
    }

    /** An array parameter, in PostgreSQL's text form. */
    static SpiArray of(int elementOid, Object[] elements) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < elements.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            Object e = elements[i];
            if (e == null) {
                sb.append("NULL");
            } else if (e instanceof Object[] nested) {
                sb.append(of(elementOid, nested).text);
            } else {
                String s = e instanceof byte[] b ? "\\x" + java.util.HexFormat.of().formatHex(b) : Binder.text(e);
                sb.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        return new SpiArray(elementOid, sb.append('}').toString());
    }

    int elementOid() {
        return elementOid;
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public String getBaseTypeName() throws SQLException {
        return TypeNames.name(elementOid);
    }

    @Override
    public int getBaseType() throws SQLException {
        return TypeNames.jdbcType(elementOid);
    }

    @Override
    public Object getArray() throws SQLException {
        return toJava(parse(), elementOid);
    }

    @Override
    public Object getArray(Map<String, Class<?>> map) throws SQLException {
        return getArray();
    }

    @Override
    public Object getArray(long index, int count) throws SQLException {
        Object[] all = (Object[]) getArray();
        Object[] part = (Object[]) java.lang.reflect.Array.newInstance(all.getClass().getComponentType(), count);
        System.arraycopy(all, (int) index - 1, part, 0, count);
        return part;
    }

    @Override
    public void free() {}

    private Object toJava(List<Object> items, int oid) throws SQLException {
        Class<?> component = elementClass(oid);
        return toJava(items, oid, component);
    }

    private Object toJava(List<Object> items, int oid, Class<?> elementClass) throws SQLException {
        Class<?> component = elementClass;
        for (int d = depth(items); d > 1; d--) {
            component = component.arrayType();
        }
        Object[] out = (Object[]) java.lang.reflect.Array.newInstance(component, items.size());
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            out[i] = item instanceof List<?> nested ? toJava(cast(nested), oid, elementClass)
                    : item == null ? null : elementClass == String.class ? item : Texts.object(oid, (String) item);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> cast(List<?> list) {
        return (List<Object>) list;
    }

    /** How many dimensions the (rectangular) array has. */
    private static int depth(List<Object> items) {
        return !items.isEmpty() && items.get(0) instanceof List<?> first ? 1 + depth(cast(first)) : 1;
    }

    /**
     * The class pgJDBC uses for the elements of an array of {@code oid}: the elements' text for the types it knows by
     * OID and those it reads as text (enums), otherwise its own objects (PGobject, or its class for the type).
     */
    private static Class<?> elementClass(int oid) throws SQLException {
        return switch (oid) {
            case Oids.BOOL -> Boolean.class;
            case Oids.INT2, Oids.INT4 -> Integer.class;
            case Oids.INT8, Oids.OID -> Long.class;
            case Oids.FLOAT4 -> Float.class;
            case Oids.FLOAT8 -> Double.class;
            case Oids.NUMERIC -> BigDecimal.class;
            case Oids.BYTEA -> byte[].class;
            case Oids.DATE -> java.sql.Date.class;
            case Oids.TIME, Oids.TIMETZ -> java.sql.Time.class;
            case Oids.TIMESTAMP, Oids.TIMESTAMPTZ -> java.sql.Timestamp.class;
            case Oids.UUID -> UUID.class;
            case Oids.INTERVAL -> Object.class;
            default -> Oids.elementOf(Oids.arrayOf(oid)) == oid || PgValues.readsAsText(oid) ? String.class
                    : Object.class;
        };
    }

    /** The array text as nested lists of element texts ({@code null} for SQL NULL). */
    private List<Object> parse() throws SQLException {
        int[] at = {text.indexOf('{')};
        if (at[0] < 0) {
            throw new SQLException("not an array value: " + text, SqlState.INVALID_TEXT_REPRESENTATION);
        }
        return parseList(at);
    }

    private List<Object> parseList(int[] at) {
        List<Object> items = new ArrayList<>();
        at[0]++;
        while (at[0] < text.length()) {
            char c = text.charAt(at[0]);
            if (c == '}') {
                at[0]++;
                return items;
            } else if (c == ',') {
                at[0]++;
            } else if (c == '{') {
                items.add(parseList(at));
            } else if (c == '"') {
                StringBuilder sb = new StringBuilder();
                at[0]++;
                while (text.charAt(at[0]) != '"') {
                    if (text.charAt(at[0]) == '\\') {
                        at[0]++;
                    }
                    sb.append(text.charAt(at[0]++));
                }
                at[0]++;
                items.add(sb.toString());
            } else {
                int start = at[0];
                while (at[0] < text.length() && text.charAt(at[0]) != ',' && text.charAt(at[0]) != '}') {
                    at[0]++;
                }
                String item = text.substring(start, at[0]).trim();
                items.add("NULL".equals(item) ? null : item);
            }
        }
        return items;
    }

    // Not supported over SPI: each refusal names its method, as pgJDBC's do.

    @Override
    public Object getArray(long index, int count, Map<String, Class<?>> map) throws SQLException {
        throw Unsupported.method("Array.getArray(long, int, Map)");
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        throw Unsupported.method("Array.getResultSet()");
    }

    @Override
    public ResultSet getResultSet(Map<String, Class<?>> map) throws SQLException {
        throw Unsupported.method("Array.getResultSet(Map)");
    }

    @Override
    public ResultSet getResultSet(long index, int count) throws SQLException {
        throw Unsupported.method("Array.getResultSet(long, int)");
    }

    @Override
    public ResultSet getResultSet(long index, int count, Map<String, Class<?>> map) throws SQLException {
        throw Unsupported.method("Array.getResultSet(long, int, Map)");
    }
}
