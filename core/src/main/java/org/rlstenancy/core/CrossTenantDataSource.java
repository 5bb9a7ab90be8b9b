package org.rlstenancy.core;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.rlstenancy.core.internal.CrossTenantConnectionHandler;
import org.rlstenancy.core.internal.CrossTenantScopes;
import org.rlstenancy.core.internal.DelegatingDataSource;

/**
 * The data source for work over every tenant (reports, admin screens, jobs), around a pool of its own that connects as
 * a role made for it: {@code LOGIN NOSUPERUSER BYPASSRLS}, granted only what the work needs, never the application
 * role nor a role the application role is a member of. Cross-tenant access is that role, never a setting: nothing the
 * application role's connections run widens what they see.
 *
 * <pre>{@code
 * CrossTenantDataSource reports = CrossTenantDataSource.readOnly(reportingPool);
 * long tasks = TenantContext.callCrossTenant(() -> countTasks(reports));   // every tenant's
 * }</pre>
 *
 * <ul>
 *   <li>It hands out connections only inside a cross-tenant scope ({@link TenantContext#crossTenant()}), and their
 *       statements are created only there; elsewhere it throws {@link CrossTenantScopeException}. Inside the scope,
 *       tenant connections are refused in turn.</li>
 *   <li>Each borrow checks the role the connection runs as: one that cannot bypass row-level security (it would see
 *       no tenant's rows, or one tenant's) or that is a superuser is refused with an {@link SQLException} (SQLSTATE
 *       {@code 28000}) naming the role, and the connection goes back unused.</li>
 *   <li>{@link #readOnly(DataSource) Read-only} connections run every transaction read-only, in auto-commit mode too
 *       ({@code default_transaction_read_only} for the borrow, reset on close), and ignore
 *       {@code setReadOnly(false)}; a write fails with SQLSTATE {@code 25006}. This guards against mistakes; grant
 *       the role {@code SELECT} only to make it a rule. {@link #readWrite(DataSource)} for jobs that write.</li>
 *   <li>Closing a connection rolls back any transaction left open before it goes back to the pool.</li>
 * </ul>
 */
public final class CrossTenantDataSource extends DelegatingDataSource {
    private final boolean readOnly;

    private CrossTenantDataSource(DataSource delegate, boolean readOnly) {
        super(delegate);
        this.readOnly = readOnly;
    }

    /**
     * Cross-tenant connections from {@code delegate} whose transactions are all read-only: for reports.
     *
     * @param delegate the pool of the cross-tenant role ({@code BYPASSRLS}, not a superuser)
     * @return a data source that lends {@code delegate}'s connections only inside a cross-tenant scope, read-only
     */
    public static CrossTenantDataSource readOnly(DataSource delegate) {
        return new CrossTenantDataSource(delegate, true);
    }

    /**
     * Cross-tenant connections from {@code delegate} that may write: for jobs that change every tenant's rows.
     *
     * @param delegate the pool of the cross-tenant role ({@code BYPASSRLS}, not a superuser)
     * @return a data source that lends {@code delegate}'s connections only inside a cross-tenant scope
     */
    public static CrossTenantDataSource readWrite(DataSource delegate) {
        return new CrossTenantDataSource(delegate, false);
    }

    /** {@return true if made by {@link #readOnly(DataSource)}: its connections run every transaction read-only} */
    public boolean isReadOnly() {
        return readOnly;
    }

    /**
     * A connection of the cross-tenant role.
     *
     * @throws CrossTenantScopeException outside a cross-tenant scope; nothing is borrowed then
     * @throws SQLException if the role cannot bypass row-level security or is a superuser (SQLSTATE {@code 28000});
     *     the connection goes back unused
     */
    @Override
    public Connection getConnection() throws SQLException {
        CrossTenantScopes.requireCrossTenant();
        return CrossTenantConnectionHandler.open(delegate.getConnection(), readOnly);
    }

    /** Like {@link #getConnection()}, borrowing with the given credentials. */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        CrossTenantScopes.requireCrossTenant();
        return CrossTenantConnectionHandler.open(delegate.getConnection(username, password), readOnly);
    }

    @Override
    public String toString() {
        return "CrossTenantDataSource[" + (readOnly ? "read-only" : "read-write") + ", " + delegate + "]";
    }
}
