package io.wormhole.server.jdbc;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JDBC's {@code ?} placeholders as PostgreSQL's {@code $n}, as pgJDBC translates them: not inside string literals
 * (including {@code E''} strings), quoted identifiers, line and (nested) block comments, or dollar-quoted strings;
 * {@code ??} stands for a literal {@code ?} (for operators such as {@code ?|}).
 */
final class Placeholders {
    private Placeholders() {}

    /** The translated SQL and the number of parameters it takes. */
    record Translated(String sql, int parameters) {}

    /**
     * Translations by SQL text: a method prepares the same few statements in every call. Bounded by starting
     * afresh, since code that builds its SQL from values would otherwise fill it.
     */
    private static final int CACHED = 512;
    private static final Map<String, Translated> TRANSLATED = new ConcurrentHashMap<>();

    static Translated translate(String sql) {
        Translated known = TRANSLATED.get(sql);
        if (known == null) {
            known = translateNew(sql);
            if (TRANSLATED.size() >= CACHED) {
                TRANSLATED.clear();
            }
            TRANSLATED.put(sql, known);
        }
        return known;
    }

    private static Translated translateNew(String sql) {
        StringBuilder out = new StringBuilder(sql.length() + 8);
        int n = 0;
        int i = 0;
        int len = sql.length();
        while (i < len) {
            char c = sql.charAt(i);
            if (c == '\'' ) {
                boolean escapes = i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e')
                        && (i < 2 || !Character.isLetterOrDigit(sql.charAt(i - 2)));
                int end = endOfQuoted(sql, i, '\'', escapes);
                out.append(sql, i, end);
                i = end;
            } else if (c == '"') {
                int end = endOfQuoted(sql, i, '"', false);
                out.append(sql, i, end);
                i = end;
            } else if (c == '-' && i + 1 < len && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? len : end + 1;
                out.append(sql, i, end);
                i = end;
            } else if (c == '/' && i + 1 < len && sql.charAt(i + 1) == '*') {
                int end = endOfBlockComment(sql, i);
                out.append(sql, i, end);
                i = end;
            } else if (c == '$' && (i == 0 || !isIdentifierPart(sql.charAt(i - 1)))) {
                int end = endOfDollarQuoted(sql, i);
                out.append(sql, i, end);
                i = end;
            } else if (c == '?') {
                if (i + 1 < len && sql.charAt(i + 1) == '?') {
                    out.append('?');
                    i += 2;
                } else {
                    out.append('$').append(++n);
                    i++;
                }
            } else {
                out.append(c);
                i++;
            }
        }
        return new Translated(out.toString(), n);
    }

    private static int endOfQuoted(String sql, int start, char quote, boolean backslashEscapes) {
        int i = start + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return sql.length();
    }

    private static int endOfBlockComment(String sql, int start) {
        int depth = 0;
        int i = start;
        while (i < sql.length() - 1) {
            if (sql.charAt(i) == '/' && sql.charAt(i + 1) == '*') {
                depth++;
                i += 2;
            } else if (sql.charAt(i) == '*' && sql.charAt(i + 1) == '/') {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return sql.length();
    }

    /** {@code $tag$ ... $tag$}; a {@code $} that opens no tag (as in {@code $1}) is plain text. */
    private static int endOfDollarQuoted(String sql, int start) {
        int i = start + 1;
        while (i < sql.length() && isIdentifierPart(sql.charAt(i)) && sql.charAt(i) != '$') {
            if (i == start + 1 && Character.isDigit(sql.charAt(i))) {
                return start + 1;
            }
            i++;
        }
        if (i >= sql.length() || sql.charAt(i) != '$') {
            return start + 1;
        }
        String tag = sql.substring(start, i + 1);
        int end = sql.indexOf(tag, i + 1);
        return end < 0 ? sql.length() : end + tag.length();
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
