package org.rlstenancy.core.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Statement;

/** Behind a statement of a tenant-bound connection: every {@code execute*} call goes through the connection. */
final class TenantStatementHandler implements InvocationHandler {
    private final TenantConnectionHandler connection;
    private final Statement raw;
    private final String preparedSql;

    private TenantStatementHandler(TenantConnectionHandler connection, Statement raw, String preparedSql) {
        this.connection = connection;
        this.raw = raw;
        this.preparedSql = preparedSql;
    }

    static Statement wrap(TenantConnectionHandler connection, Class<? extends Statement> type, Statement raw,
            String preparedSql) {
        return (Statement) Proxy.newProxyInstance(TenantStatementHandler.class.getClassLoader(),
                new Class<?>[] {type}, new TenantStatementHandler(connection, raw, preparedSql));
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if (name.startsWith("execute")) {
            String sql = preparedSql != null ? preparedSql
                    : args != null && args.length > 0 && args[0] instanceof String ? (String) args[0] : null;
            return connection.execute(raw, method, args, sql);
        }
        if (name.equals("getConnection")) {
            return connection.proxy();
        }
        Object answer = TenantConnectionHandler.wrapperMethod(self, raw, method, args);
        return answer != null ? answer : TenantConnectionHandler.call(raw, method, args);
    }
}
