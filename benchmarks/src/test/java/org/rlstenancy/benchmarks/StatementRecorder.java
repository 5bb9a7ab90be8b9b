package org.rlstenancy.benchmarks;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;
import org.rlstenancy.core.TenantSigningSql;
import org.rlstenancy.core.internal.DelegatingDataSource;

/**
 * A data source that records every prepared statement executed through it: the SQL as Hibernate (or the layer
 * above) wrote it, and the parameter setter calls made before it ran, so the statement can be run again, for
 * example under {@code EXPLAIN}, with the same values. Where {@code rls} or {@code rls-signed} folded the tenant
 * setting in front of a transaction's first statement, the statement is recorded without it, its parameters
 * numbered as its own.
 */
final class StatementRecorder extends DelegatingDataSource {
    /** The settings folded in front of a statement, plain and signed; each has two parameters. */
    private static final List<String> FOLDED_SETTINGS = List.of("select set_config(?, ?, true);",
            TenantSigningSql.APPLY_SQL + ";");
    private static final int FOLDED_PARAMETERS = 2;

    /** A parameter setter call, such as {@code setLong(1, 42)}. */
    record Bind(Method setter, Object[] args) {
        void applyTo(PreparedStatement statement) throws SQLException {
            invoke(statement, setter, args);
        }
    }

    /** One execution of a prepared statement. */
    record Executed(String sql, List<Bind> binds) {
        /** Binds the recorded values to {@code statement}, which must have the same parameters. */
        void bindTo(PreparedStatement statement) throws SQLException {
            for (Bind bind : binds) {
                bind.applyTo(statement);
            }
        }
    }

    private final List<Executed> executed = new CopyOnWriteArrayList<>();

    StatementRecorder(DataSource delegate) {
        super(delegate);
    }

    /** What ran since the last {@link #clear()}, in order. */
    List<Executed> executed() {
        return List.copyOf(executed);
    }

    void clear() {
        executed.clear();
    }

    @Override
    public Connection getConnection() throws SQLException {
        return recording(delegate.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return recording(delegate.getConnection(username, password));
    }

    private Connection recording(Connection raw) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    Object result = invoke(raw, method, args);
                    if (result instanceof PreparedStatement && method.getName().equals("prepareStatement")) {
                        return recording((PreparedStatement) result, (String) args[0]);
                    }
                    return result;
                });
    }

    private PreparedStatement recording(PreparedStatement raw, String sql) {
        List<Bind> binds = new ArrayList<>();
        String folded = FOLDED_SETTINGS.stream().filter(sql::startsWith).findFirst().orElse("");
        int shift = folded.isEmpty() ? 0 : FOLDED_PARAMETERS;
        String own = sql.substring(folded.length());
        return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                    String name = method.getName();
                    if (name.startsWith("set") && method.getDeclaringClass() == PreparedStatement.class
                            && (Integer) args[0] > shift) {
                        Object[] ownArgs = args.clone();
                        ownArgs[0] = (Integer) args[0] - shift;
                        binds.add(new Bind(method, ownArgs));
                    } else if (name.equals("clearParameters")) {
                        binds.clear();
                    } else if (name.startsWith("execute")) {
                        executed.add(new Executed(own, List.copyOf(binds)));
                    }
                    return invoke(raw, method, args);
                });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws SQLException {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof SQLException) {
                throw (SQLException) e.getCause();
            }
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
