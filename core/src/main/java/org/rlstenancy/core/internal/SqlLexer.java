package org.rlstenancy.core.internal;

/**
 * SQL read as PostgreSQL's lexer reads it, as far as this library needs: comments (block comments nest), quoted
 * strings and names, and dollar-quoted strings.
 */
final class SqlLexer {
    private SqlLexer() {
    }

    /**
     * Whether {@code sql} is exactly one statement: code, then at most a semicolon and whitespace (pgJDBC counts a
     * comment after the semicolon as a statement of its own). Conservative: a backslash (whose meaning depends on
     * {@code standard_conforming_strings}) or an unterminated quote or comment answers no.
     */
    static boolean isSingleStatement(String sql) {
        if (sql == null || sql.indexOf('\\') >= 0) {
            return false;
        }
        boolean code = false;
        int length = sql.length();
        int i = 0;
        while (i < length) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (sql.startsWith("--", i)) {
                i = skipLineComment(sql, i);
            } else if (sql.startsWith("/*", i)) {
                i = skipBlockComment(sql, i);
            } else if (c == ';') {
                return code && sql.substring(i + 1).isBlank();
            } else {
                code = true;
                i = skipToken(sql, i);
            }
            if (i < 0) {
                return false;
            }
        }
        return code;
    }

    /** The index after the line comment at {@code start}, its line break included. */
    static int skipLineComment(String sql, int start) {
        for (int i = start; i < sql.length(); i++) {
            if (sql.charAt(i) == '\n' || sql.charAt(i) == '\r') {
                return i + 1;
            }
        }
        return sql.length();
    }

    /**
     * The index after the token at {@code start}: a quoted string or name, a dollar-quoted string with an ASCII tag,
     * or one char; -1 if a quote never ends.
     */
    private static int skipToken(String sql, int start) {
        char c = sql.charAt(start);
        if (c == '\'' || c == '"') {
            return skipQuoted(sql, start, false);
        }
        if (c == '$') {
            int tagEnd = dollarTagEnd(sql, start, false);
            if (tagEnd > 0) {
                String tag = sql.substring(start, tagEnd + 1);
                int close = sql.indexOf(tag, tagEnd + 1);
                return close < 0 ? -1 : close + tag.length();
            }
        }
        return start + 1;
    }

    /**
     * The index after the quoted string or name that opens at {@code start}, where a doubled quote stands for one
     * (and, with {@code backslashEscapes}, a backslash escapes the next character); -1 if it never ends.
     */
    static int skipQuoted(String sql, int start, boolean backslashEscapes) {
        char quote = sql.charAt(start);
        for (int i = start + 1; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '\\' && backslashEscapes) {
                i++;
            } else if (c == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i++;
                } else {
                    return i + 1;
                }
            }
        }
        return -1;
    }

    /**
     * The index of the {@code $} that ends the dollar-quote tag opening at {@code start}, or -1 if none opens there.
     * A tag is a name without {@code $} that does not start with a digit. PostgreSQL also takes characters beyond
     * ASCII ({@code nonAsciiTags}); pgJDBC, which splits statements, takes only those Java counts as identifier
     * characters, so what must agree with both reads ASCII tags only.
     */
    static int dollarTagEnd(String sql, int start, boolean nonAsciiTags) {
        if (start > 0 && isIdentifierPart(sql.charAt(start - 1))) {
            return -1;
        }
        int i = start + 1;
        while (i < sql.length() && isTagPart(sql.charAt(i), nonAsciiTags)
                && !(i == start + 1 && Character.isDigit(sql.charAt(i)))) {
            i++;
        }
        return i < sql.length() && sql.charAt(i) == '$' ? i : -1;
    }

    /** The index after the (possibly nested) block comment at {@code start}, or -1 if it never ends. */
    static int skipBlockComment(String sql, int start) {
        int depth = 0;
        int i = start;
        while (i < sql.length()) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return -1;
    }

    /** Part of an unquoted name, as PostgreSQL reads it: any character beyond ASCII counts. */
    static boolean isIdentifierPart(char c) {
        return isTagPart(c, true) || c == '$';
    }

    private static boolean isTagPart(char c, boolean nonAscii) {
        return c < 128 ? Character.isLetterOrDigit(c) || c == '_' : nonAscii;
    }
}
