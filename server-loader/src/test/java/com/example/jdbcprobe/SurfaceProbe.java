package com.example.jdbcprobe;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.JDBCType;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Properties;

/**
 * Calls one method of a {@code java.sql} interface on a fresh object of the call's connection, with plain arguments,
 * and says how it ended. It reflects, which only trusted code may do (the verifier refuses reflection).
 */
public final class SurfaceProbe {
    private SurfaceProbe() {}

    /**
     * {@code ok}, or the class of what was thrown and, for an {@code SQLException}, its SQLSTATE, then on a line of
     * its own the message.
     */
    public static String outcome(Connection c, String iface, String signature) throws Exception {
        Class<?> type = Class.forName(iface);
        Method method = null;
        for (Method m : type.getMethods()) {
            if (signature(m).equals(signature)) {
                method = m;
            }
        }
        if (method == null) {
            throw new IllegalArgumentException("no method " + signature + " in " + iface);
        }
        Object subject = subject(c, type);
        Class<?>[] params = method.getParameterTypes();
        Object[] args = new Object[params.length];
        for (int i = 0; i < params.length; i++) {
            args[i] = argument(params[i], method.getName(), type);
        }
        try {
            method.invoke(subject, args);
            return "ok";
        } catch (InvocationTargetException e) {
            Throwable t = e.getCause();
            return t instanceof SQLException s
                    ? t.getClass().getSimpleName() + " " + s.getSQLState() + "\n" + s.getMessage()
                    : t.getClass().getSimpleName();
        }
    }

    /** A method's name and its parameters' type names, as the test names the methods it asks about. */
    public static String signature(Method m) {
        StringBuilder s = new StringBuilder(m.getName()).append('(');
        for (Class<?> p : m.getParameterTypes()) {
            s.append(s.charAt(s.length() - 1) == '(' ? "" : ",").append(p.getSimpleName());
        }
        return s.append(')').toString();
    }

    private static Object subject(Connection c, Class<?> type) throws SQLException {
        if (type == Connection.class) {
            return c;
        }
        if (type == DatabaseMetaData.class) {
            return c.getMetaData();
        }
        if (type == Statement.class) {
            return c.createStatement();
        }
        PreparedStatement ps = c.prepareStatement("SELECT ?::int AS a, 'x'::text AS b");
        ps.setInt(1, 1);
        if (type == PreparedStatement.class) {
            return ps;
        }
        if (type == ParameterMetaData.class) {
            return ps.getParameterMetaData();
        }
        if (type == Savepoint.class) {
            return c.setSavepoint();
        }
        ResultSet rs = c.createStatement()
                .executeQuery("SELECT 1 AS a, 'x'::text AS b, ARRAY[1, 2] AS c, '<x/>'::xml AS d");
        rs.next();
        if (type == ResultSet.class) {
            return rs;
        }
        if (type == ResultSetMetaData.class) {
            return rs.getMetaData();
        }
        if (type == Array.class) {
            return rs.getArray(3);
        }
        if (type == SQLXML.class) {
            return rs.getSQLXML(4);
        }
        throw new IllegalArgumentException("no object for " + type.getName());
    }

    /** Arguments that let a supported method succeed where one value can: column and parameter 1, label "a". */
    private static Object argument(Class<?> p, String method, Class<?> iface) {
        if (p == int.class || p == long.class || p == short.class || p == byte.class || p == double.class
                || p == float.class) {
            return switch (p.getName()) {
                case "int" -> 1;
                case "long" -> 1L;
                case "short" -> (short) 1;
                case "byte" -> (byte) 1;
                case "double" -> 1.0;
                default -> 1.0f;
            };
        }
        if (p == boolean.class) {
            return false;
        }
        if (p == String.class) {
            return method.startsWith("execute") || method.startsWith("prepare") || method.equals("addBatch")
                    || method.equals("nativeSQL") ? "SELECT 1 AS a" : "a";
        }
        if (p == Class.class) {
            return method.equals("unwrap") || method.equals("isWrapperFor") ? iface : String.class;
        }
        if (p == String[].class) {
            return new String[] {"a"};
        }
        if (p == int[].class) {
            return new int[] {1};
        }
        if (p == Object[].class) {
            return new Object[] {1};
        }
        if (p == java.util.Map.class) {
            return new HashMap<>();
        }
        if (p == Properties.class) {
            return new Properties();
        }
        if (p == java.sql.SQLType.class) {
            return JDBCType.INTEGER;
        }
        return null;
    }
}
