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
 * Inside a cross-tenant scope it throws {@link org.rlstenancy.core.CrossTenantScopeException}, or, with
 * {@link RlsSettings#REQUIRE_TENANT_ON_SESSION_OPEN} {@code false}, the Session's first SQL does. No tenant is a
 * root tenant.
 *
 * <p>Inside a shared-data scope ({@link TenantContext#sharedData()}) a Session opens with no tenant whatever that
 * setting says; its connections carry no tenant setting, for {@link org.rlstenancy.core.SharedData shared data}, and
 * run SQL only inside such a scope.
 */
public class RlsTenantIdentifierResolver implements CurrentTenantIdentifierResolver<Object> {
    /**
     * The tenant of a Session opened with none bound: it borrows no connection, so it runs no SQL, except inside a
     * shared-data scope, where its connections carry no tenant.
     */
    static final Object NO_TENANT = new Object() {
        @Override
        public String toString() {
            return "(no tenant bound)";
        }
    };

    private volatile TenantIdType tenantIdType;
    private volatile boolean tenantRequiredOnSessionOpen = true;

    /**
     * @throws MissingTenantException if no tenant is bound
     * @throws InvalidTenantIdException if the bound tenant is not of the configured type
     */
    @Override
    public Object resolveCurrentTenantIdentifier() {
        if ((!tenantRequiredOnSessionOpen || TenantContext.isSharedData()) && TenantContext.current().isEmpty()) {
            return NO_TENANT;
        }
        Object tenantId = TenantContext.require();
        TenantIdType type = tenantIdType;
        if (type != null) {
            type.toSettingValue(tenantId);
        }
        return tenantId;
    }

    /**
     * Checks every tenant against {@code type} from now on; called when the SessionFactory is built.
     *
     * @param type the configured tenant id type ({@link RlsSettings#TENANT_ID_TYPE})
     */
    public void requireTenantIdType(TenantIdType type) {
        this.tenantIdType = type;
    }

    /**
     * With {@code false}, a Session may open with no tenant bound and fails at its first SQL instead (see
     * {@link RlsSettings#REQUIRE_TENANT_ON_SESSION_OPEN}); called when the SessionFactory is built.
     *
     * @param required the value of {@link RlsSettings#REQUIRE_TENANT_ON_SESSION_OPEN}
     */
    public void requireTenantOnSessionOpen(boolean required) {
        this.tenantRequiredOnSessionOpen = required;
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
