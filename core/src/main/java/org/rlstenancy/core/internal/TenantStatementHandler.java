package org.rlstenancy.core.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Statement;
import java.util.Set;

/**
 * Behind a statement of a tenant-bound connection: every {@code execute*} call goes through the connection, and SQL
 * given to {@code execute*(sql)} or {@code addBatch(sql)} is first checked as the connection checks what it
 * prepares. A prepared statement that can carry the tenant setting in its first execution of a transaction has a
 * {@link FoldedStatement}; after such an execution its results are read from the folded statement.
 */
final class TenantStatementHandler implements InvocationHandler {
    private static final Set<String> RESULT_METHODS = Set.of("getResultSet", "getUpdateCount",
            "getLargeUpdateCount", "getMoreResults", "getGeneratedKeys", "getWarnings", "clearWarnings", "cancel");

    private final TenantConnectionHandler connection;
    private final Statement raw;
    /** The SQL the statement was prepared with; null for a plain statement. */
    private final SqlFacts preparedSql;
    private final FoldedStatement folded;

    private TenantStatementHandler(TenantConnectionHandler connection, Statement raw, SqlFacts preparedSql,
            FoldedStatement folded) {
        this.connection = connection;
        this.raw = raw;
        this.preparedSql = preparedSql;
        this.folded = folded;
    }

    static Statement wrap(TenantConnectionHandler connection, Class<? extends Statement> type, Statement raw,
            SqlFacts preparedSql, FoldedStatement folded) {
        return (Statement) Proxy.newProxyInstance(TenantStatementHandler.class.getClassLoader(),
                new Class<?>[] {type}, new TenantStatementHandler(connection, raw, preparedSql, folded));
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        SqlFacts given = null;
        if (args != null && args.length > 0 && args[0] instanceof String
                && (name.startsWith("execute") || name.equals("addBatch"))) {
            given = SqlFacts.of((String) args[0]);
            connection.refuseTenantSetting(given);
        }
        if (folded != null && folded.closedOnCompletion()) {
            raw.close();
        }
        if (name.startsWith("execute")) {
            SqlFacts sql = preparedSql != null ? preparedSql : given != null ? given : SqlFacts.of(null);
            if (folded == null) {
                return connection.execute(raw, method, args, sql, null);
            }
            folded.leave();
            return connection.execute(raw, method, args, sql, folded.folds(method, args) ? folded : null);
        }
        if (name.equals("getConnection")) {
            return connection.proxy();
        }
        if (folded != null && name.equals("unwrap")) {
            folded.record(method, args);
        }
        Object answer = TenantConnectionHandler.wrapperMethod(self, raw, method, args);
        if (answer != null) {
            return answer;
        }
        if (folded == null) {
            return TenantConnectionHandler.call(raw, method, args);
        }
        if (RESULT_METHODS.contains(name)) {
            return TenantConnectionHandler.call(folded.resultsOf(raw), method, args);
        }
        if (name.equals("close")) {
            try {
                folded.close();
            } finally {
                raw.close();
            }
            return null;
        }
        Object result = TenantConnectionHandler.call(raw, method, args);
        folded.record(method, args);
        return result;
    }
}
