package org.rlstenancy.core.testsupport;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.rlstenancy.core.internal.DelegatingDataSource;

/**
 * A data source that records what reaches the real one: how many connections were borrowed and the SQL of every
 * statement executed on them. Lets a test prove that no SQL ran, or how many statements a transaction cost.
 */
public final class RecordingDataSource extends DelegatingDataSource {
    private final AtomicInteger borrowed = new AtomicInteger();
    private final List<String> executed = new CopyOnWriteArrayList<>();

    public RecordingDataSource(DataSource delegate) {
        super(delegate);
    }

    /** Connections borrowed so far. */
    public int borrowed() {
        return borrowed.get();
    }

    /** SQL executed so far, in order. */
    public List<String> executed() {
        return List.copyOf(executed);
    }

    public void reset() {
        borrowed.set(0);
        executed.clear();
    }

    @Override
    public Connection getConnection() throws SQLException {
        borrowed.incrementAndGet();
        return record(delegate.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        borrowed.incrementAndGet();
        return record(delegate.getConnection(username, password));
    }

    private Connection record(Connection raw) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    Object result = invoke(raw, method, args);
                    if (result instanceof Statement) {
                        String prepared = method.getName().startsWith("prepare") ? (String) args[0] : null;
                        return recordStatement((Statement) result, method.getReturnType(), prepared);
                    }
                    return result;
                });
    }

    private Object recordStatement(Statement raw, Class<?> type, String prepared) {
        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getName().startsWith("execute")) {
                executed.add(prepared != null ? prepared : args != null && args.length > 0 ? String.valueOf(args[0])
                        : "<batch>");
            }
            return invoke(raw, method, args);
        });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
