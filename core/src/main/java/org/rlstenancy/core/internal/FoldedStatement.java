package org.rlstenancy.core.internal;

import java.io.InputStream;
import java.io.Reader;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tenant setting and the first statement of a transaction in one round trip. Beside the caller's prepared
 * statement it prepares {@code select set_config(?, ?, true);<the caller's SQL>}, which pgJDBC sends as one
 * message sequence with one Sync. The caller's parameters move up by two (pgJDBC's errors still name them by their
 * index in the caller's statement), the first result ({@code set_config}'s row) is skipped, and what follows is
 * exactly what the caller's own statement would have returned.
 * <p>
 * Folding is offered only where that equivalence is proven: a plain prepared statement (not callable, no generated
 * keys, read-only results) holding exactly one SQL statement, executed with {@code execute()},
 * {@code executeQuery()}, {@code executeUpdate()} or {@code executeLargeUpdate()}. A statement that was ever
 * batched, had a stream or reader bound, or was asked to close on completion is never folded again; the caller of
 * {@link #folds} then applies the setting with a statement of its own.
 */
final class FoldedStatement {
    static final String APPLY_SQL = "select set_config(?, ?, true)";
    private static final int SHIFT = 2;

    private final Connection raw;
    private final Method prepare;
    private final Object[] prepareArgs;
    /** The last setter call per parameter index, and the caller's statement settings in the order last made. */
    private final Map<Integer, Call> parameters = new HashMap<>();
    private final Map<Method, Call> settings = new LinkedHashMap<>();
    private boolean usable = true;
    private PreparedStatement folded;
    /** Whether the caller's results (and a cancel) currently belong to the folded statement. */
    private volatile boolean current;

    private FoldedStatement(Connection raw, Method prepare, Object[] prepareArgs) {
        this.raw = raw;
        this.prepare = prepare;
        this.prepareArgs = prepareArgs;
    }

    /**
     * A folded twin for the statement {@code raw.prepare(args)} creates, or null where folding is not proven: for
     * generated keys, updatable results and SQL that is not exactly one statement.
     */
    static FoldedStatement of(Connection raw, Method prepare, Object[] args) {
        String sql = (String) args[0];
        if (args.length == 2 && !Integer.valueOf(Statement.NO_GENERATED_KEYS).equals(args[1])
                || args.length >= 3 && !Integer.valueOf(ResultSet.CONCUR_READ_ONLY).equals(args[2])
                || !isSingleStatement(sql)) {
            return null;
        }
        Object[] foldedArgs = args.clone();
        foldedArgs[0] = APPLY_SQL + ";" + sql;
        return new FoldedStatement(raw, prepare, foldedArgs);
    }

    /** Whether {@code execute} (a method of the caller's statement, with {@code args}) can be folded. */
    boolean folds(Method execute, Object[] args) {
        if (!usable || args != null && args.length > 0) {
            return false;
        }
        switch (execute.getName()) {
            case "execute":
            case "executeQuery":
            case "executeUpdate":
            case "executeLargeUpdate":
                return true;
            default:
                return false;
        }
    }

    /** Notes a call that succeeded on the caller's statement, so the folded statement can repeat it. */
    void record(Method method, Object[] args) {
        String name = method.getName();
        if (method.getDeclaringClass() == PreparedStatement.class && name.startsWith("set")) {
            for (Object arg : args) {
                if (arg instanceof InputStream || arg instanceof Reader) {
                    usable = false;
                }
            }
            parameters.put((Integer) args[0], new Call(method, args));
        } else if (method.getDeclaringClass() == Statement.class && name.startsWith("set")) {
            settings.remove(method);
            settings.put(method, new Call(method, args));
        } else if (name.equals("clearParameters")) {
            parameters.clear();
        } else if (name.equals("addBatch") || name.equals("closeOnCompletion")) {
            usable = false;
        }
    }

    /**
     * Prepares the folded statement for one execution with the tenant {@code value} of {@code name}: the caller's
     * settings and parameters, shifted, behind the two of {@code set_config}. Returns it, so the caller can adjust
     * its fetch size before {@link #run}.
     */
    Statement bind(String name, String value) throws Throwable {
        if (folded == null) {
            folded = (PreparedStatement) TenantConnectionHandler.call(raw, prepare, prepareArgs);
        }
        current = true;
        for (Call setting : settings.values()) {
            TenantConnectionHandler.call(folded, setting.method(), setting.args());
        }
        folded.clearParameters();
        folded.setString(1, name);
        folded.setString(2, value);
        for (Call parameter : parameters.values()) {
            Object[] shifted = parameter.args().clone();
            shifted[0] = (Integer) shifted[0] + SHIFT;
            TenantConnectionHandler.call(folded, parameter.method(), shifted);
        }
        return folded;
    }

    /** Runs the statement {@link #bind} prepared and answers as the caller's {@code execute} method would. */
    Object run(Method execute) throws SQLException {
        folded.execute();
        boolean resultSet = folded.getMoreResults();
        switch (execute.getName()) {
            case "executeQuery":
                if (!resultSet) {
                    throw new SQLException("No results were returned by the query.", "02000");
                }
                return folded.getResultSet();
            case "executeUpdate":
                checkNoResult(resultSet);
                return folded.getUpdateCount();
            case "executeLargeUpdate":
                checkNoResult(resultSet);
                return folded.getLargeUpdateCount();
            default:
                return resultSet;
        }
    }

    /**
     * The statement whose results the caller is reading: the folded one after a folded execution, {@code caller}
     * otherwise.
     */
    Statement resultsOf(Statement caller) {
        return current ? folded : caller;
    }

    /** Before the caller's own statement executes: the folded statement's results are no longer current. */
    void leave() throws SQLException {
        if (current) {
            current = false;
            ResultSet open = folded.getResultSet();
            if (open != null) {
                open.close();
            }
        }
    }

    void close() throws SQLException {
        if (folded != null) {
            folded.close();
        }
    }

    private static void checkNoResult(boolean resultSet) throws SQLException {
        if (resultSet) {
            throw new SQLException("A result was returned when none was expected.", "0100E");
        }
    }

    /**
     * Whether {@code sql} is exactly one statement: code, then at most a semicolon, comments and whitespace.
     * Conservative: a backslash (whose meaning depends on {@code standard_conforming_strings}) or an unterminated
     * quote or comment answers no.
     */
    static boolean isSingleStatement(String sql) {
        if (sql == null || sql.indexOf('\\') >= 0) {
            return false;
        }
        boolean code = false;
        boolean ended = false;
        int length = sql.length();
        int i = 0;
        while (i < length) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (sql.startsWith("--", i)) {
                int newline = sql.indexOf('\n', i);
                i = newline < 0 ? length : newline + 1;
            } else if (sql.startsWith("/*", i)) {
                i = skipBlockComment(sql, i);
            } else if (ended) {
                return false;
            } else if (c == ';') {
                ended = true;
                i++;
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

    /** The index after the token at {@code start}: a quoted string or name, a dollar-quoted string, or one char. */
    private static int skipToken(String sql, int start) {
        char c = sql.charAt(start);
        if (c == '\'' || c == '"') {
            for (int i = start + 1; i < sql.length(); i++) {
                if (sql.charAt(i) == c) {
                    if (i + 1 < sql.length() && sql.charAt(i + 1) == c) {
                        i++;
                    } else {
                        return i + 1;
                    }
                }
            }
            return -1;
        }
        if (c == '$' && (start == 0 || !isIdentifierPart(sql.charAt(start - 1)))) {
            int tagEnd = start + 1;
            while (tagEnd < sql.length() && isTagPart(sql.charAt(tagEnd))
                    && !(tagEnd == start + 1 && Character.isDigit(sql.charAt(tagEnd)))) {
                tagEnd++;
            }
            if (tagEnd < sql.length() && sql.charAt(tagEnd) == '$') {
                String tag = sql.substring(start, tagEnd + 1);
                int close = sql.indexOf(tag, tagEnd + 1);
                return close < 0 ? -1 : close + tag.length();
            }
        }
        return start + 1;
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

    private static boolean isIdentifierPart(char c) {
        return isTagPart(c) || c == '$';
    }

    private static boolean isTagPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private record Call(Method method, Object[] args) {
    }
}
