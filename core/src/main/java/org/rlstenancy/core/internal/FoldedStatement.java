package org.rlstenancy.core.internal;

import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Calendar;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.postgresql.PGStatement;
import org.postgresql.jdbc.AutoSave;
import org.postgresql.jdbc.PreferQueryMode;
import org.postgresql.jdbc.PgConnection;

/**
 * The tenant setting and the first statement of a transaction in one round trip. Beside the caller's prepared
 * statement it prepares the setting's SQL and the caller's as one ({@code select set_config(?, ?, true);<the caller's
 * SQL>}, in the citus mode {@code SET LOCAL …; SET LOCAL …;<the caller's SQL>}), which pgJDBC sends as one message
 * sequence with one Sync. The caller's parameters move up by the setting's (pgJDBC's errors still name them by their
 * index in the caller's statement), the setting's results are skipped, and what follows is exactly what the caller's
 * own statement would have returned.
 * <p>
 * Folding is offered only where that equivalence is proven: a pgJDBC prepared statement (not callable, no generated
 * keys, read-only results, not forced to binary transfer, on a connection without pgJDBC's {@code autosave}, which
 * does not retry multi-statement queries) holding exactly one SQL statement, executed with {@code execute()},
 * {@code executeQuery()}, {@code executeUpdate()} or {@code executeLargeUpdate()}. Parameter values are kept as
 * they were when set: immutable values as they are, byte arrays, dates and calendars as copies. A statement that
 * was batched, unwrapped, or given any other value (a stream, a reader, a LOB, an array, an object the driver
 * converts) is not folded again; its setting then runs as a statement of its own.
 */
final class FoldedStatement {
    private static final boolean PGJDBC = classPresent("org.postgresql.PGStatement");
    private static final Set<Class<?>> IMMUTABLE = Set.of(String.class, Integer.class, Long.class, Short.class,
            Byte.class, Double.class, Float.class, Boolean.class, Character.class, BigDecimal.class, BigInteger.class,
            UUID.class);

    /** Setters whose value pgJDBC always sends with a type of its own (not {@code unspecified}). */
    private static final Set<String> TYPED_SETTERS = Set.of("setInt", "setLong", "setShort", "setByte", "setBoolean",
            "setDouble", "setFloat", "setBigDecimal", "setBytes");
    private static final Set<Class<?>> TYPED_OBJECTS = Set.of(Integer.class, Long.class, Short.class, Byte.class,
            Boolean.class, Double.class, Float.class, BigDecimal.class, UUID.class, byte[].class);
    private static final Set<Integer> TYPED_NULLS = Set.of(Types.INTEGER, Types.BIGINT, Types.SMALLINT, Types.TINYINT,
            Types.BOOLEAN, Types.BIT, Types.DOUBLE, Types.FLOAT, Types.REAL, Types.NUMERIC, Types.DECIMAL, Types.BINARY,
            Types.VARBINARY, Types.LONGVARBINARY);
    private static final Set<Integer> STRING_NULLS = Set.of(Types.VARCHAR, Types.CHAR, Types.LONGVARCHAR);

    private final Connection raw;
    private final Statement plain;
    private final Method prepare;
    private final Object[] prepareArgs;
    private final TenantSetting setting;
    /**
     * Whether pgJDBC sends the setting's SQL and a statement with one Sync when every parameter is typed: in the
     * extended protocol (not {@code preferQueryMode=simple}, which sends each statement as a query of its own) with
     * strings as {@code varchar} (not {@code stringtype=unspecified}, which leaves the setting's own parameters
     * without a type).
     */
    private final boolean syncsOnceWhenTyped;
    /** The last setter call per parameter index, and the caller's statement settings in the order last made. */
    private final Map<Integer, Call> parameters = new HashMap<>();
    private final Map<Method, Call> settings = new LinkedHashMap<>();
    private boolean usable = true;
    private boolean closeOnCompletion;
    private PreparedStatement folded;
    /** Whether the caller's results (and a cancel) currently belong to the folded statement. */
    private volatile boolean current;

    private FoldedStatement(Connection raw, Statement plain, Method prepare, Object[] prepareArgs,
            TenantSetting setting, boolean syncsOnceWhenTyped) {
        this.raw = raw;
        this.plain = plain;
        this.prepare = prepare;
        this.prepareArgs = prepareArgs;
        this.setting = setting;
        this.syncsOnceWhenTyped = syncsOnceWhenTyped;
    }

    /**
     * A folded twin for {@code plain}, the statement {@code raw.prepare(args)} created from {@code sql}, or null where
     * folding is not proven.
     */
    static FoldedStatement of(Connection raw, Statement plain, Method prepare, Object[] args, TenantSetting setting,
            SqlFacts sql) {
        if (args.length == 2 && !Integer.valueOf(Statement.NO_GENERATED_KEYS).equals(args[1])
                || args.length >= 3 && !Integer.valueOf(ResultSet.CONCUR_READ_ONLY).equals(args[2])
                || !sql.isSingleStatement() || !PGJDBC || !Driver.folds(raw, plain)) {
            return null;
        }
        Object[] foldedArgs = args.clone();
        foldedArgs[0] = sql.foldedBehind(setting.applySql());
        return new FoldedStatement(raw, plain, prepare, foldedArgs, setting, Driver.syncsOnceWhenTyped(raw));
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
    void record(Method method, Object[] args) throws SQLException {
        String name = method.getName();
        if (method.getDeclaringClass() == PreparedStatement.class && name.startsWith("set")) {
            Object[] kept = args.clone();
            for (int i = 1; i < kept.length && usable; i++) {
                kept[i] = kept(kept[i]);
            }
            parameters.put((Integer) args[0], new Call(method, kept));
        } else if (method.getDeclaringClass() == Statement.class && name.startsWith("set")) {
            settings.remove(method);
            settings.put(method, new Call(method, args));
        } else if (name.equals("clearParameters")) {
            parameters.clear();
        } else if (name.equals("closeOnCompletion")) {
            usable = false;
            closeOnCompletion = true;
            if (current) {
                folded.closeOnCompletion();
            }
        } else if (name.equals("addBatch") || name.equals("unwrap")) {
            usable = false;
        }
    }

    /** {@code value} as it is now, or a copy of it; an unknown kind of value stops folding. */
    private Object kept(Object value) {
        if (value == null || IMMUTABLE.contains(value.getClass()) || value instanceof Enum
                || value.getClass().getPackageName().equals("java.time")) {
            return value;
        }
        if (value instanceof byte[]) {
            return ((byte[]) value).clone();
        }
        if (value instanceof Date) {
            return ((Date) value).clone();
        }
        if (value instanceof Calendar) {
            return ((Calendar) value).clone();
        }
        usable = false;
        return value;
    }

    /**
     * Prepares the folded statement for one execution of a transaction that begins now: the caller's settings and
     * parameters, shifted, behind those of the setting's SQL. Returns it, so the caller can adjust its fetch size
     * before {@link #run}.
     */
    Statement bind() throws Throwable {
        ResultSet earlier = plain.getResultSet();
        if (earlier != null) {
            earlier.close();
        }
        if (folded == null) {
            folded = (PreparedStatement) TenantConnectionHandler.call(raw, prepare, prepareArgs);
        }
        current = true;
        folded.setMaxRows(0);
        for (Call setting : settings.values()) {
            TenantConnectionHandler.call(folded, setting.method(), setting.args());
        }
        folded.clearParameters();
        setting.bind(folded);
        for (Call parameter : parameters.values()) {
            Object[] shifted = parameter.args().clone();
            shifted[0] = (Integer) shifted[0] + setting.parameterCount();
            TenantConnectionHandler.call(folded, parameter.method(), shifted);
        }
        return folded;
    }

    /**
     * Whether pgJDBC sends the setting and the caller's statement, as {@link #bind} bound them, with one Sync: only
     * then do they run, in auto-commit mode, in one implicit transaction. Once pgJDBC has prepared a statement on
     * the server and described it because a parameter had no type of its own (a timestamp, date or time, a string
     * with {@code stringtype=unspecified}, a null of type {@code OTHER}), it sends a Sync before that statement
     * whenever its result row has no bound size, and the implicit transaction would end with the setting. So only a
     * statement whose every parameter was set with a type pgJDBC names qualifies, on a connection that
     * {@linkplain #syncsOnceWhenTyped sends them so}.
     */
    boolean syncsOnce() {
        if (!syncsOnceWhenTyped) {
            return false;
        }
        for (Call parameter : parameters.values()) {
            if (!typed(parameter)) {
                return false;
            }
        }
        return true;
    }

    private boolean typed(Call parameter) {
        Object[] args = parameter.args();
        if (args.length != 2) {
            return false;
        }
        switch (parameter.method().getName()) {
            case "setString":
                return true;
            case "setNull":
                return TYPED_NULLS.contains(args[1]) || STRING_NULLS.contains(args[1]);
            case "setObject":
                return args[1] != null && (TYPED_OBJECTS.contains(args[1].getClass()) || args[1] instanceof String);
            default:
                return TYPED_SETTERS.contains(parameter.method().getName());
        }
    }

    /** The statement {@link #bind} prepared. */
    Statement statement() {
        return folded;
    }

    /** Runs the statement {@link #bind} prepared and answers as the caller's {@code execute} method would. */
    Object run(Method execute) throws SQLException {
        String name = execute.getName();
        boolean update = name.equals("executeUpdate") || name.equals("executeLargeUpdate");
        if (update) {
            // As pgJDBC runs an update: a statement that returns rows is stopped after the first.
            folded.setMaxRows(1);
        }
        folded.execute();
        boolean resultSet = false;
        for (int i = 0; i < setting.statementCount(); i++) {
            resultSet = folded.getMoreResults();
        }
        if (update && resultSet) {
            throw new SQLException("A result was returned when none was expected.", "0100E");
        }
        switch (name) {
            case "executeQuery":
                if (!resultSet) {
                    throw new SQLException("No results were returned by the query.", "02000");
                }
                return folded.getResultSet();
            case "executeUpdate":
                return folded.getUpdateCount();
            case "executeLargeUpdate":
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

    /** Whether the caller asked to close on completion and the folded statement, then current, did close. */
    boolean closedOnCompletion() throws SQLException {
        return closeOnCompletion && current && folded.isClosed();
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

    private static boolean classPresent(String name) {
        try {
            Class.forName(name, false, FoldedStatement.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** What only pgJDBC can answer; loaded only when pgJDBC is on the class path. */
    private static final class Driver {
        /** pgJDBC reads this once, when its statement class loads. */
        private static final boolean FORCE_BINARY = Boolean.getBoolean("org.postgresql.forceBinary");

        /**
         * Whether pgJDBC runs {@code plain}, without forced binary transfer (which mixes up the result formats of a
         * multi-statement query) and without {@code autosave} (which does not retry one).
         */
        static boolean folds(Connection raw, Statement plain) {
            try {
                if (FORCE_BINARY || !plain.isWrapperFor(PGStatement.class) || !raw.isWrapperFor(PgConnection.class)) {
                    return false;
                }
                PgConnection connection = raw.unwrap(PgConnection.class);
                return !connection.getForceBinary() && connection.getPrepareThreshold() >= 0
                        && connection.getAutosave() == AutoSave.NEVER;
            } catch (SQLException e) {
                return false;
            }
        }

        /** See {@link FoldedStatement#syncsOnceWhenTyped}. */
        static boolean syncsOnceWhenTyped(Connection raw) {
            try {
                PgConnection connection = raw.unwrap(PgConnection.class);
                return connection.getPreferQueryMode() != PreferQueryMode.SIMPLE && connection.getStringVarcharFlag();
            } catch (SQLException e) {
                return false;
            }
        }
    }

    private record Call(Method method, Object[] args) {
    }
}
