package io.wormhole.server.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * JDBC's {@code ?} placeholders as PostgreSQL's {@code $n}, as pgJDBC translates them: not inside string literals
 * (including {@code E''} strings), quoted identifiers, line and (nested) block comments, or dollar-quoted strings;
 * {@code ??} stands for a literal {@code ?} (for operators such as {@code ?|}). The same pass splits a script at
 * its semicolons, as pgJDBC does, so that each statement's result can be read in turn.
 */
final class Placeholders {
    private Placeholders() {}

    /**
     * The translated SQL, the number of parameters it takes, and its statements as written (one, unless it is a
     * script; statements of white space alone left out, as pgJDBC leaves them, but not those of a comment alone).
     */
    record Translated(String sql, int parameters, List<String> statements) {}

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
        List<String> statements = new ArrayList<>();
        int statementStart = 0;
        boolean hasCode = false;
        int n = 0;
        int i = 0;
        int len = sql.length();
        while (i < len) {
            char c = sql.charAt(i);
            if (c == ';') {
                if (hasCode) {
                    statements.add(sql.substring(statementStart, i));
                }
                statementStart = i + 1;
                hasCode = false;
            } else if (!Character.isWhitespace(c)) {
                hasCode = true;
            }
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
        if (hasCode) {
            statements.add(sql.substring(statementStart));
        }
        // An SQL-standard function body (BEGIN ATOMIC ... END) holds semicolons of its own: such a script runs whole.
        if (statements.size() > 1 && ATOMIC_BODY.matcher(sql).find()) {
            statements = List.of(sql);
        }
        return new Translated(out.toString(), n, statements.size() > 1 ? List.copyOf(statements) : List.of(sql));
    }

    private static final Pattern ATOMIC_BODY = Pattern.compile("\\bbegin\\s+atomic\\b", Pattern.CASE_INSENSITIVE);

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
