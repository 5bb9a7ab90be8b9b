package org.rlstenancy.hibernate;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;

import javax.sql.DataSource;

import org.hibernate.engine.jdbc.connections.spi.ConnectionProvider;
import org.hibernate.engine.jdbc.connections.spi.MultiTenantConnectionProvider;
import org.hibernate.service.UnknownUnwrapTypeException;
import org.hibernate.service.spi.Configurable;
import org.hibernate.service.spi.ServiceRegistryAwareService;
import org.hibernate.service.spi.ServiceRegistryImplementor;
import org.hibernate.service.spi.Stoppable;
import org.rlstenancy.core.CrossTenantScopeException;
import org.rlstenancy.core.InvalidTenantIdException;
import org.rlstenancy.core.MissingTenantException;
import org.rlstenancy.core.RlsConfig;
import org.rlstenancy.core.TenantContext;
import org.rlstenancy.core.internal.CrossTenantScopes;
import org.rlstenancy.core.internal.TenantEventDispatch;
import org.rlstenancy.core.spi.TenantBinding;
import org.rlstenancy.hibernate.internal.ConnectionSource;
import org.rlstenancy.hibernate.internal.SettingsPool;

/**
 * Hands each Session a connection from the real pool that applies the Session's tenant, transaction-locally, with
 * the first statement of every transaction (in the same round trip where it is a plain prepared statement). The
 * tenant is the one Hibernate fixed when the Session opened, so rebinding {@link org.rlstenancy.core.TenantContext}
 * mid-Session changes nothing.
 *
 * <p>Construct it around a {@link DataSource} (such as HikariCP) or a Hibernate {@link ConnectionProvider} and pass
 * the instance as {@code hibernate.multi_tenant_connection_provider}; or name this class there, and it uses the
 * persistence unit's data source or builds a HikariCP pool from its JDBC URL settings. {@link RlsSettings} lists
 * its own keys. {@code hibernate.cache.keys_factory=simple} is refused at boot.
 *
 * <p>Connections from {@link #getAnyConnection()}, which Hibernate uses for metadata at boot, carry no tenant and
 * so see no tenant rows. A Session with no tenant gets connections only inside a shared-data scope
 * ({@link org.rlstenancy.core.TenantContext#sharedData()}): they carry no tenant setting at all, for
 * {@link org.rlstenancy.core.SharedData shared data}, and run SQL only inside such a scope. Inside a cross-tenant scope ({@link org.rlstenancy.core.TenantContext#crossTenant()}) no
 * Session gets a connection, and the connections Sessions already hold run no statement.
 */
public class RlsMultiTenantConnectionProvider
        implements MultiTenantConnectionProvider<Object>, Configurable, ServiceRegistryAwareService, Stoppable {
    private static final long serialVersionUID = 1L;

    private transient ConnectionSource source;
    private transient ServiceRegistryImplementor registry;
    /** The settings in force: the defaults until {@link #configure} reads the persistence unit's. */
    private RlsConfig config = RlsConfig.defaults();

    /** Takes its connection source and settings from the persistence unit. */
    public RlsMultiTenantConnectionProvider() {
    }

    /**
     * Borrows from {@code dataSource}, which the caller owns and closes.
     *
     * @param dataSource the real pool, whose connections run as the application role
     */
    public RlsMultiTenantConnectionProvider(DataSource dataSource) {
        this.source = ConnectionSource.of(Objects.requireNonNull(dataSource, "dataSource"), null);
    }

    /**
     * Borrows from {@code connectionProvider}, which is configured and stopped along with this provider.
     *
     * @param connectionProvider Hibernate's provider of the real connections, which run as the application role
     */
    public RlsMultiTenantConnectionProvider(ConnectionProvider connectionProvider) {
        this.source = ConnectionSource.of(Objects.requireNonNull(connectionProvider, "connectionProvider"));
    }

    @Override
    public void injectServices(ServiceRegistryImplementor serviceRegistry) {
        this.registry = serviceRegistry;
    }

    @Override
    public void configure(Map<String, Object> settings) {
        RlsSettings.checkCacheKeys(settings);
        config = RlsSettings.config(settings);
        if (source == null) {
            source = SettingsPool.fromSettings(settings, registry);
        } else {
            source.configure(registry, settings);
        }
    }

    /** {@return the settings in force: those of {@link RlsSettings}, read when Hibernate configures the provider} */
    public RlsConfig config() {
        return config;
    }

    /** A raw connection with no tenant, for Hibernate's metadata work. */
    @Override
    public Connection getAnyConnection() throws SQLException {
        return source().get();
    }

    @Override
    public void releaseAnyConnection(Connection connection) throws SQLException {
        source().release(connection);
    }

    /**
     * A connection bound to {@code tenantIdentifier}.
     *
     * @throws InvalidTenantIdException if the id is not of the configured type or is malformed; nothing is
     *     borrowed then
     * @throws MissingTenantException for a Session that opened with no tenant bound, outside a shared-data scope;
     *     nothing is borrowed then
     * @throws CrossTenantScopeException inside a cross-tenant scope, whatever the Session's tenant; nothing is
     *     borrowed then
     */
    @Override
    public Connection getConnection(Object tenantIdentifier) throws SQLException {
        CrossTenantScopes.refuseTenantWork();
        TenantBinding binding;
        if (tenantIdentifier != RlsTenantIdentifierResolver.NO_TENANT) {
            binding = TenantBinding.of(tenantIdentifier, config);
        } else if (TenantContext.isSharedData()) {
            binding = TenantBinding.sharedData(config);
        } else {
            TenantEventDispatch.missing();
            throw new MissingTenantException("No tenant is bound: this Session opened without one ("
                    + RlsSettings.REQUIRE_TENANT_ON_SESSION_OPEN + "=false) and cannot run SQL. Bind the tenant with"
                    + " TenantContext before the Session opens, or for shared data open a TenantContext.sharedData()"
                    + " scope.");
        }
        ConnectionSource from = source();
        return binding.bind(from.get(), from);
    }

    @Override
    public void releaseConnection(Object tenantIdentifier, Connection connection) throws SQLException {
        connection.close();
    }

    @Override
    public boolean supportsAggressiveRelease() {
        return false;
    }

    @Override
    public void stop() {
        if (source != null) {
            source.stop();
        }
    }

    @Override
    public boolean isUnwrappableAs(Class<?> type) {
        return type.isInstance(this) || source != null && type.isInstance(source.delegate());
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        if (source != null && type.isInstance(source.delegate())) {
            return type.cast(source.delegate());
        }
        throw new UnknownUnwrapTypeException(type);
    }

    private ConnectionSource source() {
        if (source == null) {
            throw new IllegalStateException("RlsMultiTenantConnectionProvider was not configured: construct it with"
                    + " a DataSource or let Hibernate configure it");
        }
        return source;
    }
}
