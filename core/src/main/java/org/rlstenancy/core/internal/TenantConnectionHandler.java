package org.rlstenancy.core.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Wrapper;

import org.rlstenancy.core.CrossTenantWriteException;
import org.rlstenancy.core.MissingTenantException;
import org.rlstenancy.core.TenantContext;
import org.rlstenancy.core.spi.ConnectionReleaser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Behind a tenant-bound connection. Tracks whether the tenant setting is in force for the current transaction
 * and applies it ({@link TenantSetting}: {@code set_config(name, value, true)}, or {@code SET LOCAL} in the citus
 * mode) before the first statement that needs it. Where that
 * statement is a plain prepared statement, the setting travels with it in the same round trip
 * ({@link FoldedStatement}); otherwise it runs as a statement of its own just before:
 * <ul>
 *   <li>in a transaction, once, before its first statement or savepoint; commit, rollback, leaving manual-commit
 *       mode and SQL that ends the transaction clear the mark, so the next transaction applies it again. A
 *       savepoint is always set after the setting, so rolling back to it never undoes the setting;</li>
 *   <li>in auto-commit mode, each execution runs in a transaction of its own. Where the folded setting and statement
 *       go with one Sync ({@link FoldedStatement#syncsOnce}), that is the implicit transaction PostgreSQL runs up to
 *       the Sync: one round trip, as without RLS Tenancy. Otherwise, and in the citus mode, the handler opens one:
 *       setting, statement, commit.</li>
 * </ul>
 * The setting is transaction-local, so a connection outside a transaction carries no tenant state; on close a
 * transaction left open is rolled back before the raw connection is released. SQL that would set the setting
 * itself is refused when it is prepared or executed, before it reaches the server ({@link TenantSettingScanner}).
 * In auto-commit mode, SQL that would start a transaction ({@code BEGIN}) is refused, and commands PostgreSQL
 * refuses inside a transaction block ({@code VACUUM}, {@code CREATE INDEX CONCURRENTLY}, …) run as they are,
 * without the tenant. Inside a cross-tenant scope every execution is refused ({@link CrossTenantScopes}), also on a
 * connection borrowed before the scope opened.
 *
 * <p>With the {@linkplain TenantSetting#none no-tenant setting} of shared data it applies nothing: statements run
 * as they are, and only inside a shared-data scope ({@link TenantContext#sharedData()}); outside one each execution
 * is refused with {@link MissingTenantException}. SQL that would set the tenant is refused all the same.
 */
public final class TenantConnectionHandler implements InvocationHandler {
    private static final Logger LOG = LoggerFactory.getLogger(TenantConnectionHandler.class);

    private final Connection raw;
    private final TenantSetting setting;
    private final ConnectionReleaser releaser;
    private Connection proxy;
    private volatile boolean applied;
    private volatile boolean closed;

    private TenantConnectionHandler(Connection raw, TenantSetting setting, ConnectionReleaser releaser) {
        this.raw = raw;
        this.setting = setting;
        this.releaser = releaser;
    }

    public static Connection wrap(Connection raw, TenantSetting setting, ConnectionReleaser releaser) {
        TenantConnectionHandler handler = new TenantConnectionHandler(raw, setting, releaser);
        handler.proxy = (Connection) Proxy.newProxyInstance(TenantConnectionHandler.class.getClassLoader(),
                new Class<?>[] {Connection.class}, handler);
        return handler.proxy;
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "close":
                close();
                return null;
            case "isClosed":
                return closed || raw.isClosed();
            case "abort":
                if (closed) {
                    return null;
                }
                closed = true;
                applied = false;
                try {
                    return call(raw, method, args);
                } finally {
                    releaser.release(raw);
                }
            case "unwrap":
            case "isWrapperFor":
                if (closed) {
                    throw new SQLException("Connection is closed", "08003");
                }
                return wrapperMethod(self, raw, method, args);
            default:
                Object answer = wrapperMethod(self, raw, method, args);
                if (answer != null) {
                    return answer;
                }
        }
        if (closed) {
            throw new SQLException("Connection is closed", "08003");
        }
        switch (method.getName()) {
            case "createStatement":
                return TenantStatementHandler.wrap(this, Statement.class, (Statement) call(raw, method, args), null,
                        null);
            case "prepareStatement":
                SqlFacts sql = SqlFacts.of((String) args[0]);
                sql.refuseSetting(setting.name());
                Statement prepared = (Statement) call(raw, method, args);
                return TenantStatementHandler.wrap(this, PreparedStatement.class, prepared, sql,
                        setting.isNone() ? null : FoldedStatement.of(raw, prepared, method, args, setting, sql));
            case "prepareCall":
                SqlFacts called = SqlFacts.of((String) args[0]);
                called.refuseSetting(setting.name());
                return TenantStatementHandler.wrap(this, CallableStatement.class,
                        (Statement) call(raw, method, args), called, null);
            case "commit":
            case "rollback":
                if (args == null) {
                    try {
                        return call(raw, method, null);
                    } finally {
                        applied = false;
                    }
                }
                return call(raw, method, args);
            case "setAutoCommit":
                boolean wasManual = !raw.getAutoCommit();
                try {
                    return call(raw, method, args);
                } finally {
                    if (wasManual && (Boolean) args[0]) {
                        applied = false;
                    }
                }
            case "setSavepoint":
                if (!raw.getAutoCommit()) {
                    ensureApplied();
                }
                return call(raw, method, args);
            default:
                return call(raw, method, args);
        }
    }

    Connection proxy() {
        return proxy;
    }

    /** Refuses {@code sql}, before it reaches the server, if it would set the tenant setting. */
    void refuseTenantSetting(SqlFacts sql) throws SQLException {
        sql.refuseSetting(setting.name());
    }

    /**
     * Runs one execution of {@code statement} with the tenant in force; through {@code folded} (when not null) if
     * the setting has to be applied first.
     */
    Object execute(Statement statement, Method method, Object[] args, SqlFacts sql, FoldedStatement folded)
            throws Throwable {
        if (closed) {
            throw new SQLException("Connection is closed", "08003");
        }
        CrossTenantScopes.refuseTenantWork();
        if (setting.isNone()) {
            return executeSharedData(statement, method, args);
        }
        if (raw.getAutoCommit()) {
            if (sql.startsTransaction()) {
                throw new SQLException("A tenant-bound connection in auto-commit mode runs each statement in a"
                        + " transaction of its own, so it cannot start one with '" + sql.sql().strip() + "': call"
                        + " setAutoCommit(false) instead", "25001");
            }
            if (sql.runsOutsideTransaction()) {
                return call(statement, method, args);
            }
            return executeInOwnTransaction(statement, method, args, folded);
        }
        Object result;
        try {
            if (applied || folded == null) {
                ensureApplied();
                result = call(statement, method, args);
            } else {
                long bindNanos = bind(folded);
                applied = true;
                try {
                    result = runFolded(folded, method, bindNanos);
                } catch (SQLException e) {
                    // Where the driver retries or rolls back part of a failed transaction, the setting may be
                    // gone with the statement: the next statement applies it again.
                    applied = false;
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw translate(e);
        }
        if (sql.endsTransaction()) {
            applied = false;
        }
        return result;
    }

    private Object executeSharedData(Statement statement, Method method, Object[] args) throws Throwable {
        if (!TenantContext.isSharedData()) {
            throw new MissingTenantException("This connection carries no tenant, for shared data, and thread '"
                    + Thread.currentThread().getName() + "' is not in a shared-data scope: run the work in"
                    + " TenantContext.runSharedData or callSharedData, or use a connection of the tenant's");
        }
        try {
            return call(statement, method, args);
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    private Object executeInOwnTransaction(Statement statement, Method method, Object[] args,
            FoldedStatement folded) throws Throwable {
        long bindNanos = folded != null ? bind(folded) : -1;
        // A read-only connection keeps its own transaction: pgJDBC makes only a transaction block read-only.
        if (folded != null && setting.holdsInImplicitTransaction() && folded.syncsOnce() && !raw.isReadOnly()) {
            // The setting and the statement travel with one Sync, so PostgreSQL runs them as one implicit
            // transaction, which that Sync commits (or rolls back on error): one round trip, as without RLS Tenancy.
            try {
                return runFolded(folded, method, bindNanos);
            } catch (SQLException e) {
                throw translate(e);
            }
        }
        Statement executing = folded != null ? folded.statement() : statement;
        // Without auto-commit the driver would fetch with a cursor that the commit below closes; in auto-commit
        // mode it reads everything at once anyway, so fetching everything keeps the caller's semantics.
        int fetchSize = executing.getFetchSize();
        if (fetchSize != 0) {
            executing.setFetchSize(0);
        }
        raw.setAutoCommit(false);
        Throwable failure = null;
        try {
            Object result;
            if (folded != null) {
                result = runFolded(folded, method, bindNanos);
            } else {
                apply();
                result = call(statement, method, args);
            }
            raw.commit();
            return result;
        } catch (Throwable t) {
            failure = t instanceof SQLException ? translate((SQLException) t) : t;
            try {
                if (ranOnTheServer(t)) {
                    // As pgJDBC in auto-commit mode, which has committed by the time it finds the results wrong.
                    raw.commit();
                } else {
                    raw.rollback();
                }
            } catch (SQLException endFailure) {
                failure.addSuppressed(endFailure);
            }
            throw failure;
        } finally {
            try {
                raw.setAutoCommit(true);
                if (fetchSize != 0) {
                    executing.setFetchSize(fetchSize);
                }
            } catch (SQLException restoreFailure) {
                if (failure == null) {
                    throw restoreFailure;
                }
                failure.addSuppressed(restoreFailure);
            }
        }
    }

    /**
     * Whether {@code failure} is pgJDBC's complaint about the results of a statement the server ran without error:
     * {@code executeQuery} of a statement that returns no rows, or {@code executeUpdate} of one that does.
     */
    private static boolean ranOnTheServer(Throwable failure) {
        return failure instanceof SQLException && ("02000".equals(((SQLException) failure).getSQLState())
                || "0100E".equals(((SQLException) failure).getSQLState()));
    }

    private void ensureApplied() throws SQLException {
        if (!applied && !setting.isNone()) {
            apply();
            applied = true;
        }
    }

    private void apply() throws SQLException {
        boolean told = TenantEventDispatch.active();
        long start = told ? System.nanoTime() : 0;
        try (PreparedStatement statement = raw.prepareStatement(setting.applySql())) {
            setting.bind(statement);
            statement.execute();
        } catch (SQLException e) {
            if (told) {
                TenantEventDispatch.applyFailed(setting.tenant(), false);
            }
            throw e;
        }
        if (told) {
            TenantEventDispatch.applied(setting.tenant(), false, System.nanoTime() - start);
        }
    }

    /** Binds the setting's value to {@code folded}: the nanoseconds it took where listeners are told, else -1. */
    private long bind(FoldedStatement folded) throws Throwable {
        if (!TenantEventDispatch.active()) {
            folded.bind();
            return -1;
        }
        long start = System.nanoTime();
        folded.bind();
        return System.nanoTime() - start;
    }

    /** Runs {@code folded}, bound by {@link #bind}, telling listeners where it timed the binding. */
    private Object runFolded(FoldedStatement folded, Method method, long bindNanos) throws Throwable {
        Object result;
        try {
            result = folded.run(method);
        } catch (SQLException e) {
            if (bindNanos >= 0) {
                TenantEventDispatch.applyFailed(setting.tenant(), true);
            }
            throw e;
        }
        if (bindNanos >= 0) {
            TenantEventDispatch.applied(setting.tenant(), true, bindNanos);
        }
        return result;
    }

    private void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!raw.isClosed() && !raw.getAutoCommit()) {
                LOG.debug("Rolling back any transaction left open on a tenant-bound connection before releasing it");
                raw.rollback();
            }
        } catch (SQLException e) {
            LOG.warn("Could not roll back the open transaction of a tenant-bound connection: {}", e.toString());
        } finally {
            applied = false;
            releaser.release(raw);
        }
    }

    private SQLException translate(SQLException e) {
        if (!(e instanceof CrossTenantWriteException) && CrossTenantWriteException.isRowLevelSecurityViolation(e)) {
            CrossTenantWriteException refused = new CrossTenantWriteException(e);
            if (TenantEventDispatch.active()) {
                TenantEventDispatch.refused(setting.tenant(), refused.table().orElse(null));
            }
            return refused;
        }
        return e;
    }

    /**
     * Answers {@code equals}, {@code hashCode}, {@code toString}, {@code unwrap} and {@code isWrapperFor} for a
     * proxy {@code self} over {@code raw}; null for every other method.
     */
    static Object wrapperMethod(Object self, Wrapper raw, Method method, Object[] args) throws SQLException {
        return wrapperMethod("TenantBound", self, raw, method, args);
    }

    /** Like {@link #wrapperMethod(Object, Wrapper, Method, Object[])}, naming the proxy {@code label} in toString. */
    static Object wrapperMethod(String label, Object self, Wrapper raw, Method method, Object[] args)
            throws SQLException {
        switch (method.getName()) {
            case "equals":
                return self == args[0];
            case "hashCode":
                return System.identityHashCode(self);
            case "toString":
                return label + "[" + raw + "]";
            case "unwrap":
                return ((Class<?>) args[0]).isInstance(self) ? self : raw.unwrap((Class<?>) args[0]);
            case "isWrapperFor":
                return ((Class<?>) args[0]).isInstance(self) || raw.isWrapperFor((Class<?>) args[0]);
            default:
                return null;
        }
    }

    static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
