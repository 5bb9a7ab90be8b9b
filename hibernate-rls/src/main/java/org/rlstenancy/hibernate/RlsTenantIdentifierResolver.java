package org.rlstenancy.hibernate;

import org.hibernate.context.spi.CurrentTenantIdentifierResolver;
import org.rlstenancy.core.MissingTenantException;
import org.rlstenancy.core.TenantContext;

/**
 * Gives each new Session the tenant bound to {@link TenantContext}. With no tenant bound, opening a Session throws
 * {@link MissingTenantException}: there is never a Session that sees every tenant. No tenant is a root tenant.
 */
public class RlsTenantIdentifierResolver implements CurrentTenantIdentifierResolver<Object> {

    /** @throws MissingTenantException if no tenant is bound */
    @Override
    public Object resolveCurrentTenantIdentifier() {
        return TenantContext.require();
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
