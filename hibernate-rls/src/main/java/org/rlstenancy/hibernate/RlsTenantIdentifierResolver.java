package org.rlstenancy.hibernate;

import org.hibernate.context.spi.CurrentTenantIdentifierResolver;
import org.rlstenancy.core.InvalidTenantIdException;
import org.rlstenancy.core.MissingTenantException;
import org.rlstenancy.core.TenantContext;
import org.rlstenancy.core.TenantIdType;

/**
 * Gives each new Session the tenant bound to {@link TenantContext}. With no tenant bound, opening a Session throws
 * {@link MissingTenantException}: there is never a Session that sees every tenant. Once the SessionFactory is
 * built, a tenant of another type than {@link RlsSettings#TENANT_ID_TYPE} gives {@link InvalidTenantIdException}.
 * No tenant is a root tenant.
 */
public class RlsTenantIdentifierResolver implements CurrentTenantIdentifierResolver<Object> {
    private volatile TenantIdType tenantIdType;

    /**
     * @throws MissingTenantException if no tenant is bound
     * @throws InvalidTenantIdException if the bound tenant is not of the configured type
     */
    @Override
    public Object resolveCurrentTenantIdentifier() {
        Object tenantId = TenantContext.require();
        TenantIdType type = tenantIdType;
        if (type != null) {
            type.toSettingValue(tenantId);
        }
        return tenantId;
    }

    /** Checks every tenant against {@code type} from now on; called when the SessionFactory is built. */
    public void requireTenantIdType(TenantIdType type) {
        this.tenantIdType = type;
    }

    @Override
    public boolean validateExistingCurrentSessions() {
        return true;
    }

    @Override
    public boolean isRoot(Object tenantId) {
        return false;
    }
}
