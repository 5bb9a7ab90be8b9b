package org.rlstenancy.core.internal;

import org.rlstenancy.core.CrossTenantScopeException;
import org.rlstenancy.core.TenantContext;

/** The refusals on either side of a cross-tenant scope, worded in one place. */
public final class CrossTenantScopes {
    private CrossTenantScopes() {
    }

    /** @throws CrossTenantScopeException if the current thread is inside a cross-tenant scope */
    public static void refuseTenantWork() {
        if (TenantContext.isCrossTenant()) {
            throw tenantWorkInside();
        }
    }

    /** @throws CrossTenantScopeException if the current thread is not inside a cross-tenant scope */
    public static void requireCrossTenant() {
        if (!TenantContext.isCrossTenant()) {
            throw new CrossTenantScopeException("A CrossTenantDataSource works only inside a cross-tenant scope,"
                    + " and thread '" + Thread.currentThread().getName() + "' is not in one ("
                    + (TenantContext.current().isPresent() ? "it is bound to a tenant" : "no tenant is bound either")
                    + "): run the work in TenantContext.runCrossTenant or callCrossTenant, or inside"
                    + " TenantContext.crossTenant(), so that reading every tenant is visible in the code");
        }
    }

    public static CrossTenantScopeException tenantWorkInside() {
        return new CrossTenantScopeException("Thread '" + Thread.currentThread().getName() + "' is inside a"
                + " cross-tenant scope, where no tenant is bound and tenant connections are refused, so that no code"
                + " reads one tenant's rows where it means every tenant's. Use the CrossTenantDataSource for this"
                + " work, or bind a tenant inside the scope (TenantContext.runAs) for one tenant's work");
    }
}
