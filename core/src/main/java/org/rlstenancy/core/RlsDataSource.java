package org.rlstenancy.core;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

import javax.sql.DataSource;

import org.rlstenancy.core.internal.DelegatingDataSource;
import org.rlstenancy.core.spi.TenantBinding;

/**
 * A {@link DataSource} whose connections apply a tenant to every transaction: for plain JDBC, JdbcTemplate
 * and anything else that borrows connections from a data source. Wrap the real pool:
 *
 * <pre>{@code
 * DataSource dataSource = new RlsDataSource(hikariDataSource);
 * try (TenantContext.Scope scope = TenantContext.bind(tenantId);
 *      Connection connection = dataSource.getConnection()) {
 *     ...                               // every transaction runs as tenantId
 * }
 * }</pre>
 *
 * The tenant is fixed when the connection is borrowed. Inside a shared-data scope ({@link TenantContext#sharedData()})
 * its connections carry no tenant, for {@link SharedData shared data}. Without a tenant, {@link #getConnection()} throws
 * {@link MissingTenantException} and borrows nothing. Inside a cross-tenant scope ({@link TenantContext#crossTenant()})
 * it borrows nothing either, and its connections run no statement: {@link CrossTenantScopeException}.
 */
public final class RlsDataSource extends DelegatingDataSource {
    private final RlsConfig config;

    /**
     * Wraps {@code delegate} with the {@linkplain RlsConfig#defaults() default configuration}.
     *
     * @param delegate the real pool, whose connections run as the application role
     */
    public RlsDataSource(DataSource delegate) {
        this(delegate, RlsConfig.defaults());
    }

    /**
     * Wraps {@code delegate} with {@code config}.
     *
     * @param delegate the real pool, whose connections run as the application role
     * @param config the setting, tenant id type and mode to apply tenants with
     */
    public RlsDataSource(DataSource delegate, RlsConfig config) {
        super(delegate);
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * A connection for the tenant bound to {@link TenantContext}; inside a shared-data scope
     * ({@link TenantContext#sharedData()}), one that carries no tenant.
     *
     * @throws MissingTenantException if no tenant is bound and no shared-data scope is open
     * @throws InvalidTenantIdException if the bound tenant does not fit the configured type
     * @throws CrossTenantScopeException inside a cross-tenant scope
     */
    @Override
    public Connection getConnection() throws SQLException {
        return current().bind(delegate.getConnection(), Connection::close);
    }

    /**
     * A connection for {@code tenantId}, whatever tenant {@link TenantContext} holds.
     *
     * @param tenantId the tenant every transaction of the connection runs as
     * @return a connection bound to {@code tenantId}
     * @throws InvalidTenantIdException if {@code tenantId} does not fit the configured type
     * @throws CrossTenantScopeException inside a cross-tenant scope
     * @throws SQLException if the pool cannot lend a connection
     */
    public Connection getConnection(Object tenantId) throws SQLException {
        TenantBinding binding = TenantBinding.of(tenantId, config);
        return binding.bind(delegate.getConnection(), Connection::close);
    }

    /** Like {@link #getConnection()}, borrowing with the given credentials. */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        TenantBinding binding = current();
        return binding.bind(delegate.getConnection(username, password), Connection::close);
    }

    /** The binding for what {@link TenantContext} holds, made before anything is borrowed. */
    private TenantBinding current() {
        return TenantContext.isSharedData() ? TenantBinding.sharedData(config)
                : TenantBinding.of(TenantContext.require(), config);
    }

    /** {@return the configuration tenants are applied with} */
    public RlsConfig config() {
        return config;
    }
}
