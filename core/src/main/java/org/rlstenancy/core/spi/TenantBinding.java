package org.rlstenancy.core.spi;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

import org.rlstenancy.core.CrossTenantScopeException;
import org.rlstenancy.core.InvalidTenantIdException;
import org.rlstenancy.core.RlsConfig;
import org.rlstenancy.core.internal.CrossTenantScopes;
import org.rlstenancy.core.internal.TenantConnectionHandler;
import org.rlstenancy.core.internal.TenantSetting;

/**
 * A validated tenant id ready to be applied to connections. Integrations (such as the Hibernate connection
 * provider) create one per borrowed connection; plain JDBC users want {@link org.rlstenancy.core.RlsDataSource}.
 */
public final class TenantBinding {
    private final TenantSetting setting;

    private TenantBinding(TenantSetting setting) {
        this.setting = setting;
    }

    /**
     * Validates {@code tenantId} against {@code config}, before any connection is borrowed.
     *
     * @param tenantId the tenant, of {@code config}'s {@link org.rlstenancy.core.TenantIdType#javaType() type}
     * @param config the setting, tenant id type and mode to apply it with
     * @return the binding, for any number of connections
     * @throws InvalidTenantIdException if it is null, of the wrong type or malformed
     * @throws CrossTenantScopeException inside a cross-tenant scope, where tenant connections are refused
     */
    public static TenantBinding of(Object tenantId, RlsConfig config) {
        CrossTenantScopes.refuseTenantWork();
        return new TenantBinding(TenantSetting.of(config, config.tenantIdType().toSettingValue(tenantId)));
    }

    /**
     * The binding of {@link org.rlstenancy.core.SharedData shared data}: its connections apply no tenant, and run
     * statements only inside a shared-data scope ({@link org.rlstenancy.core.TenantContext#sharedData()}).
     *
     * @param config the configuration, whose setting its connections leave unset
     * @return the binding, for any number of connections
     * @throws CrossTenantScopeException inside a cross-tenant scope
     */
    public static TenantBinding sharedData(RlsConfig config) {
        CrossTenantScopes.refuseTenantWork();
        return new TenantBinding(TenantSetting.none(config));
    }

    /**
     * Wraps {@code raw} so the tenant setting is applied, transaction-locally, with the first statement of every
     * transaction (each statement in auto-commit mode): in the same round trip where it is a plain prepared
     * statement, just before it otherwise. Closing the returned connection ends any transaction it
     * left open, then hands {@code raw} to {@code releaser}. Inside a cross-tenant scope its statements are refused
     * with {@link CrossTenantScopeException}.
     *
     * @param raw the connection just borrowed, in auto-commit mode or not
     * @param releaser what gives {@code raw} back when the returned connection is closed
     * @return the tenant-bound connection to hand to the application
     * @throws SQLException not thrown now: wrapping sends nothing to the server
     */
    public Connection bind(Connection raw, ConnectionReleaser releaser) throws SQLException {
        return TenantConnectionHandler.wrap(Objects.requireNonNull(raw, "raw"), setting,
                Objects.requireNonNull(releaser, "releaser"));
    }
}
