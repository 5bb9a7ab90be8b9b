package org.rlstenancy.spring.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import org.rlstenancy.core.CrossTenantDataSource;
import org.rlstenancy.core.TenantContext;
import org.rlstenancy.spring.RlsTenancyProperties;

/**
 * The HikariCP pool of the cross-tenant role, built from {@code rls.tenancy.cross-tenant.*}; no {@code DataSource}
 * bean, so nothing that looks for the application's data source finds it. Closed with the context.
 */
public final class CrossTenantPool implements AutoCloseable {
    private final HikariDataSource pool;
    private final CrossTenantDataSource dataSource;

    private CrossTenantPool(HikariDataSource pool, boolean readOnly) {
        this.pool = pool;
        this.dataSource = readOnly ? CrossTenantDataSource.readOnly(pool) : CrossTenantDataSource.readWrite(pool);
    }

    /**
     * Starts the pool and borrows one connection, so that a role that cannot bypass row-level security, or is a
     * superuser, stops the start-up with the reason.
     *
     * @throws IllegalStateException if a property is missing, or the role is refused or cannot connect
     */
    public static CrossTenantPool start(RlsTenancyProperties.CrossTenant properties) {
        if (properties.getUsername() == null || properties.getUsername().isBlank()) {
            throw new IllegalStateException("rls.tenancy.cross-tenant.username is required with"
                    + " rls.tenancy.cross-tenant.url: the role with BYPASSRLS that cross-tenant work connects as");
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("rls-cross-tenant");
        config.setJdbcUrl(properties.getUrl());
        config.setUsername(properties.getUsername());
        config.setPassword(properties.getPassword());
        config.setMaximumPoolSize(properties.getMaximumPoolSize());
        config.setMinimumIdle(0);
        HikariDataSource pool = new HikariDataSource(config);
        CrossTenantPool started = new CrossTenantPool(pool, properties.isReadOnly());
        try {
            TenantContext.runCrossTenant(() -> {
                try {
                    started.dataSource.getConnection().close();
                } catch (SQLException e) {
                    throw new IllegalStateException("The cross-tenant data source (rls.tenancy.cross-tenant.*) is"
                            + " refused: " + e.getMessage(), e);
                }
            });
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return started;
    }

    public CrossTenantDataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        pool.close();
    }
}
