package org.rlstenancy.core.internal;

/**
 * SQL read as PostgreSQL's lexer reads it, as far as this library needs: comments (block comments nest), quoted
 * strings and names, and dollar-quoted strings. {@link #isSingleStatement} decides whether a statement can be folded;
 * an instance is a cursor over the tokens of a text. Comments and whitespace separate tokens; a token is
 * <ul>
 *   <li>a {@linkplain Kind#WORD word}: a keyword, an unquoted name or a number;</li>
 *   <li>a {@linkplain Kind#NAME quoted name}, {@code "..."} or {@code U&"..."};</li>
 *   <li>a {@linkplain Kind#STRING string constant}: {@code '...'}, {@code E'...'}, {@code U&'...'} (with
 *       {@code UESCAPE}), {@code N''}, {@code B''} or {@code X''}, continued by another after a line break, or
 *       dollar-quoted;</li>
 *   <li>a {@linkplain Kind#SYMBOL symbol}: any other single character.</li>
 * </ul>
 * {@link #value()} gives a string's or a name's value with its escapes decoded. A string or name that never ends
 * runs to the end of the text; so does a block comment.
 */
final class SqlLexer {
    enum Kind {
        WORD, NAME, STRING, SYMBOL
    }

    /** How a token's raw content becomes its value. */
    private enum Decoding {
        /** Dollar-quoted: as it stands. */
        NONE,
        /** A doubled quote stands for one. */
        QUOTES,
        /** Also backslash escapes, as in {@code E''}. */
        BACKSLASH,
        /** Also Unicode escapes, as in {@code U&''}. */
        UNICODE
    }

    private final String sql;
    private final boolean backslashStrings;
    private int position;
    private Kind kind;
    private int start;
    private int end;
    private Decoding decoding;
    private char quote;
    private char unicodeEscape;
    private int contentStart;
    private int contentEnd;
    /** The raw content of a string continued across line breaks, its parts joined; null otherwise. */
    private String joinedContent;

    /**
     * A cursor before the first token of {@code sql}; {@code backslashStrings} reads backslash escapes in plain
     * {@code '...'} strings too, as PostgreSQL does with {@code standard_conforming_strings} off.
     */
    SqlLexer(String sql, boolean backslashStrings) {
        this.sql = sql;
        this.backslashStrings = backslashStrings;
    }

    /** Moves to the next token; false at the end of the text. */
    boolean next() {
        int i = skipSpace(position);
        if (i >= sql.length()) {
            position = i;
            kind = null;
            return false;
        }
        start = i;
        joinedContent = null;
        char c = sql.charAt(i);
        int tagEnd;
        if (c == '\'' || c == '"') {
            readQuoted(i, backslashStrings && c == '\'' ? Decoding.BACKSLASH : Decoding.QUOTES);
        } else if (c == '$' && (tagEnd = dollarTagEnd(sql, i, true)) > 0) {
            readDollarQuoted(i, tagEnd);
        } else if (isIdentifierPart(c) && c != '$') {
            int wordEnd = i + 1;
            while (wordEnd < sql.length() && isIdentifierPart(sql.charAt(wordEnd))) {
                wordEnd++;
            }
            if (!readPrefixed(i, wordEnd)) {
                kind = Kind.WORD;
                end = wordEnd;
            }
        } else {
            kind = Kind.SYMBOL;
            end = i + 1;
        }
        position = end;
        return true;
    }

    /** Goes back (or forward) to {@code index}, such as a token's {@link #end()}: {@link #next()} reads from there. */
    void seek(int index) {
        position = index;
        kind = null;
    }

    Kind kind() {
        return kind;
    }

    /** The index after the current token. */
    int end() {
        return end;
    }

    /** Whether the current token is the unquoted word {@code word} (lower case), in any case. */
    boolean isWord(String word) {
        return kind == Kind.WORD && end - start == word.length() && equalsIgnoreAsciiCase(sql, start, word, 0,
                word.length());
    }

    boolean isSymbol(char symbol) {
        return kind == Kind.SYMBOL && sql.charAt(start) == symbol;
    }

    /** Whether the current token is a word or a quoted name spelling {@code name} (lower case), in any case. */
    boolean isName(String name) {
        if (kind == Kind.WORD) {
            return isWord(name);
        }
        if (kind != Kind.NAME) {
            return false;
        }
        if (decoding == Decoding.QUOTES) {
            // A name without quotes is spelled only by the same characters.
            return contentEnd - contentStart == name.length()
                    && equalsIgnoreAsciiCase(sql, contentStart, name, 0, name.length());
        }
        String value = value();
        return value.length() == name.length() && equalsIgnoreAsciiCase(value, 0, name, 0, name.length());
    }

    /** A word as written, or the value of a string or a quoted name. */
    String value() {
        if (kind == Kind.WORD || kind == Kind.SYMBOL) {
            return sql.substring(start, end);
        }
        String raw = joinedContent != null ? joinedContent : sql.substring(contentStart, contentEnd);
        switch (decoding) {
            case QUOTES:
                return undouble(raw, quote);
            case BACKSLASH:
                return decodeBackslashes(raw);
            case UNICODE:
                return decodeUnicode(undouble(raw, quote), unicodeEscape);
            default:
                return raw;
        }
    }

    /** Reads a string or name after a one-letter prefix ({@code E'}, {@code U&'}, ...); false if there is none. */
    private boolean readPrefixed(int wordStart, int wordEnd) {
        if (wordEnd - wordStart != 1 || wordEnd >= sql.length()) {
            return false;
        }
        char prefix = lowerAscii(sql.charAt(wordStart));
        char next = sql.charAt(wordEnd);
        if (next == '\'' && prefix == 'e') {
            readQuoted(wordEnd, Decoding.BACKSLASH);
        } else if (next == '\'' && (prefix == 'n' || prefix == 'b' || prefix == 'x')) {
            readQuoted(wordEnd, backslashStrings ? Decoding.BACKSLASH : Decoding.QUOTES);
        } else if (next == '&' && prefix == 'u' && wordEnd + 1 < sql.length()
                && (sql.charAt(wordEnd + 1) == '\'' || sql.charAt(wordEnd + 1) == '"')) {
            readQuoted(wordEnd + 1, Decoding.UNICODE);
            readUnicodeEscapeClause();
        } else {
            return false;
        }
        return true;
    }

    /** A quoted string or name at {@code open}; a string goes on in the next one after a line break. */
    private void readQuoted(int open, Decoding how) {
        quote = sql.charAt(open);
        kind = quote == '"' ? Kind.NAME : Kind.STRING;
        decoding = how;
        StringBuilder joined = null;
        int partStart = open;
        while (true) {
            int after = skipQuoted(sql, partStart, how == Decoding.BACKSLASH);
            contentStart = partStart + 1;
            if (after < 0) {
                contentEnd = sql.length();
                end = sql.length();
                break;
            }
            contentEnd = after - 1;
            int continued = kind == Kind.STRING ? continuation(after) : -1;
            if (continued < 0) {
                end = after;
                break;
            }
            if (joined == null) {
                joined = new StringBuilder();
            }
            joined.append(sql, contentStart, contentEnd);
            partStart = continued;
        }
        if (joined != null) {
            joinedContent = joined.append(sql, contentStart, contentEnd).toString();
        }
    }

    /**
     * Where a string constant goes on after the one that closed just before {@code index}: the next quote, if only
     * whitespace and line comments with at least one line break stand between; -1 otherwise.
     */
    private int continuation(int index) {
        boolean lineBreak = false;
        int i = index;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\n' || c == '\r') {
                lineBreak = true;
                i++;
            } else if (c == ' ' || c == '\t' || c == '\f' || c == '\u000b') {
                i++;
            } else if (sql.startsWith("--", i)) {
                i = skipLineComment(sql, i);
                lineBreak |= i < sql.length() || sql.charAt(i - 1) == '\n' || sql.charAt(i - 1) == '\r';
            } else {
                break;
            }
        }
        return lineBreak && i < sql.length() && sql.charAt(i) == '\'' ? i : -1;
    }

    /** After a {@code U&} string or name: its {@code UESCAPE 'c'} clause, if any, becomes part of the token. */
    private void readUnicodeEscapeClause() {
        unicodeEscape = '\\';
        int i = skipSpace(end);
        int keywordEnd = i + "uescape".length();
        if (keywordEnd > sql.length() || !equalsIgnoreAsciiCase(sql, i, "uescape", 0, "uescape".length())
                || keywordEnd < sql.length() && isIdentifierPart(sql.charAt(keywordEnd))) {
            return;
        }
        int open = skipSpace(keywordEnd);
        int after = open < sql.length() && sql.charAt(open) == '\'' ? skipQuoted(sql, open, false) : -1;
        if (after > 0) {
            String escape = undouble(sql.substring(open + 1, after - 1), '\'');
            if (escape.length() == 1) {
                unicodeEscape = escape.charAt(0);
            }
            end = after;
        }
    }

    private void readDollarQuoted(int open, int tagEnd) {
        kind = Kind.STRING;
        decoding = Decoding.NONE;
        String tag = sql.substring(open, tagEnd + 1);
        contentStart = tagEnd + 1;
        int close = sql.indexOf(tag, contentStart);
        contentEnd = close < 0 ? sql.length() : close;
        end = close < 0 ? sql.length() : close + tag.length();
    }

    /** The index of the next token at or after {@code index}, past whitespace and comments. */
    private int skipSpace(int index) {
        int i = index;
        while (i < sql.length()) {
            if (sql.charAt(i) <= ' ') {
                i++;
            } else if (sql.startsWith("--", i)) {
                i = skipLineComment(sql, i);
            } else if (sql.startsWith("/*", i)) {
                i = skipBlockComment(sql, i);
                if (i < 0) {
                    return sql.length();
                }
            } else {
                break;
            }
        }
        return i;
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
    private static int skipLineComment(String sql, int start) {
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
    private static int skipQuoted(String sql, int start, boolean backslashEscapes) {
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
    private static int dollarTagEnd(String sql, int start, boolean nonAsciiTags) {
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
    private static int skipBlockComment(String sql, int start) {
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
    private static boolean isIdentifierPart(char c) {
        return isTagPart(c, true) || c == '$';
    }

    private static boolean isTagPart(char c, boolean nonAscii) {
        return c < 128 ? Character.isLetterOrDigit(c) || c == '_' : nonAscii;
    }

    /**
     * Whether {@code length} characters of {@code a} from {@code aStart} equal those of {@code b} from
     * {@code bStart}, ASCII letters in any case (as PostgreSQL compares setting names and folds unquoted names).
     */
    static boolean equalsIgnoreAsciiCase(String a, int aStart, String b, int bStart, int length) {
        if (aStart < 0 || bStart < 0 || aStart + length > a.length() || bStart + length > b.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (lowerAscii(a.charAt(aStart + i)) != lowerAscii(b.charAt(bStart + i))) {
                return false;
            }
        }
        return true;
    }

    static char lowerAscii(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    private static String undouble(String raw, char quote) {
        return raw.indexOf(quote) < 0 ? raw : raw.replace(new String(new char[] {quote, quote}), String.valueOf(quote));
    }

    /** An {@code E''} string's value: C-style backslash escapes, octal, {@code \\x}, {@code \\u} and {@code \\U}. */
    private static String decodeBackslashes(String raw) {
        if (raw.indexOf('\\') < 0) {
            return undouble(raw, '\'');
        }
        StringBuilder value = new StringBuilder(raw.length());
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i++);
            if (c == '\'' && i < raw.length() && raw.charAt(i) == '\'') {
                i++;
            } else if (c == '\\' && i < raw.length()) {
                c = raw.charAt(i++);
                int digits;
                switch (c) {
                    case 'b': c = '\b'; break;
                    case 'f': c = '\f'; break;
                    case 'n': c = '\n'; break;
                    case 'r': c = '\r'; break;
                    case 't': c = '\t'; break;
                    case 'x':
                        digits = digits(raw, i, 2, 16);
                        if (digits > 0) {
                            c = (char) Integer.parseInt(raw, i, i + digits, 16);
                            i += digits;
                        }
                        break;
                    case 'u':
                    case 'U':
                        int wanted = c == 'u' ? 4 : 8;
                        if (digits(raw, i, wanted, 16) == wanted) {
                            value.appendCodePoint(codePoint(raw, i, wanted));
                            i += wanted;
                            continue;
                        }
                        break;
                    default:
                        digits = c >= '0' && c <= '7' ? 1 + digits(raw, i, 2, 8) : 0;
                        if (digits > 0) {
                            c = (char) (Integer.parseInt(raw, i - 1, i - 1 + digits, 8) & 0xFF);
                            i += digits - 1;
                        }
                }
            }
            value.append(c);
        }
        return value.toString();
    }

    /** A {@code U&} string's or name's value: {@code <escape>XXXX} and {@code <escape>+XXXXXX} code points. */
    private static String decodeUnicode(String raw, char escape) {
        if (raw.indexOf(escape) < 0) {
            return raw;
        }
        StringBuilder value = new StringBuilder(raw.length());
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i++);
            if (c == escape && i < raw.length()) {
                if (raw.charAt(i) == escape) {
                    i++;
                } else if (raw.charAt(i) == '+' && digits(raw, i + 1, 6, 16) == 6) {
                    value.appendCodePoint(codePoint(raw, i + 1, 6));
                    i += 7;
                    continue;
                } else if (digits(raw, i, 4, 16) == 4) {
                    value.appendCodePoint(codePoint(raw, i, 4));
                    i += 4;
                    continue;
                }
            }
            value.append(c);
        }
        return value.toString();
    }

    /** How many digits of {@code radix}, at most {@code most}, stand in {@code text} from {@code start}. */
    private static int digits(String text, int start, int most, int radix) {
        int count = 0;
        while (count < most && start + count < text.length()
                && Character.digit(text.charAt(start + count), radix) >= 0 && text.charAt(start + count) < 128) {
            count++;
        }
        return count;
    }

    /** The code point of {@code count} hex digits at {@code start}; an invalid one becomes U+FFFD. */
    private static int codePoint(String text, int start, int count) {
        long codePoint = Long.parseLong(text, start, start + count, 16);
        return Character.isValidCodePoint((int) codePoint) && codePoint <= Character.MAX_CODE_POINT
                ? (int) codePoint : 0xFFFD;
    }
}
