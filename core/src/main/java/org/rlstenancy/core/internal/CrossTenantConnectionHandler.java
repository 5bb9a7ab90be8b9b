package org.rlstenancy.core.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.Statement;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Behind a connection of a {@link org.rlstenancy.core.CrossTenantDataSource}. When borrowed, the role it runs as is
 * checked, and for a read-only source its session is made read-only, in one round trip. Statements are created only
 * inside a cross-tenant scope. On close, a transaction left open is rolled back and the read-only default reset
 * before the raw connection goes back.
 */
public final class CrossTenantConnectionHandler implements InvocationHandler {
    private static final Logger LOG = LoggerFactory.getLogger(CrossTenantConnectionHandler.class);
    private static final String CHECK_ROLE = "SELECT current_user, rolsuper, rolbypassrls FROM pg_roles"
            + " WHERE rolname = current_user";
    /** Sets the read-only default only for a role that passes the check, so a refused connection goes back as it was. */
    private static final String CHECK_ROLE_AND_SET_READ_ONLY = "SELECT current_user, rolsuper, rolbypassrls,"
            + " CASE WHEN rolbypassrls AND NOT rolsuper"
            + " THEN set_config('default_transaction_read_only', 'on', false) END"
            + " FROM pg_roles WHERE rolname = current_user";
    private static final String FIX = "Connect it as a role made for cross-tenant work, LOGIN NOSUPERUSER BYPASSRLS,"
            + " granted only what that work needs (SELECT for reports); the application role must not be a member of it";

    private final Connection raw;
    private final boolean readOnly;
    private volatile boolean closed;

    private CrossTenantConnectionHandler(Connection raw, boolean readOnly) {
        this.raw = raw;
        this.readOnly = readOnly;
    }

    /**
     * Checks the role of {@code raw} and wraps it; on any failure, closes {@code raw} and throws.
     *
     * @throws SQLException SQLSTATE {@code 28000} if the role cannot bypass row-level security or is a superuser
     */
    public static Connection open(Connection raw, boolean readOnly) throws SQLException {
        try {
            if (readOnly) {
                raw.setReadOnly(true);
            }
            checkRole(raw, readOnly);
            if (!raw.getAutoCommit()) {
                raw.commit();
            }
        } catch (SQLException | RuntimeException e) {
            try {
                raw.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        return (Connection) Proxy.newProxyInstance(CrossTenantConnectionHandler.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new CrossTenantConnectionHandler(raw, readOnly));
    }

    private static void checkRole(Connection raw, boolean readOnly) throws SQLException {
        String role;
        boolean superuser;
        boolean bypassRls;
        try (PreparedStatement statement = raw.prepareStatement(readOnly ? CHECK_ROLE_AND_SET_READ_ONLY : CHECK_ROLE);
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            role = rs.getString(1);
            superuser = rs.getBoolean(2);
            bypassRls = rs.getBoolean(3);
        }
        if (superuser) {
            throw new SQLInvalidAuthorizationSpecException("The cross-tenant data source connects as " + role
                    + ", a superuser, which is refused: cross-tenant work needs to bypass row-level security, not every"
                    + " check there is. " + FIX, "28000");
        }
        if (!bypassRls) {
            throw new SQLInvalidAuthorizationSpecException("The cross-tenant data source connects as " + role
                    + ", which has NOBYPASSRLS: row-level security would show it no tenant's rows, or one tenant's, so"
                    + " it is refused. " + FIX, "28000");
        }
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if (name.equals("close")) {
            close();
            return null;
        }
        if (name.equals("isClosed")) {
            return closed || raw.isClosed();
        }
        if (name.equals("abort")) {
            if (!closed) {
                closed = true;
                TenantConnectionHandler.call(raw, method, args);
            }
            return null;
        }
        if (closed && !name.equals("equals") && !name.equals("hashCode") && !name.equals("toString")) {
            throw new SQLException("Connection is closed", "08003");
        }
        Object answer = TenantConnectionHandler.wrapperMethod("CrossTenant", self, raw, method, args);
        if (answer != null) {
            return answer;
        }
        switch (name) {
            case "createStatement":
            case "prepareStatement":
            case "prepareCall":
                CrossTenantScopes.requireCrossTenant();
                return TenantConnectionHandler.call(raw, method, args);
            case "setReadOnly":
                if (readOnly) {
                    return null;
                }
                return TenantConnectionHandler.call(raw, method, args);
            default:
                return TenantConnectionHandler.call(raw, method, args);
        }
    }

    private void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!raw.isClosed()) {
                if (!raw.getAutoCommit()) {
                    raw.rollback();
                }
                if (readOnly) {
                    try (Statement statement = raw.createStatement()) {
                        statement.execute("RESET default_transaction_read_only");
                    }
                    if (!raw.getAutoCommit()) {
                        raw.commit();
                    }
                }
            }
        } catch (SQLException e) {
            LOG.warn("Could not end the transaction or reset the read-only default of a cross-tenant connection"
                    + " before releasing it: {}", e.toString());
        } finally {
            raw.close();
        }
    }
}
