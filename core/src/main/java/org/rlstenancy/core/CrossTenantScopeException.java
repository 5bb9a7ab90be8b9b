package org.rlstenancy.core;

/**
 * Work ran on the wrong side of a cross-tenant scope ({@link TenantContext#crossTenant()}): tenant work inside one
 * (a {@link RlsDataSource}, a Hibernate Session, a statement on a tenant-bound connection), or a
 * {@link CrossTenantDataSource} used outside one. Nothing was borrowed and no SQL ran.
 */
public class CrossTenantScopeException extends RlsTenancyException {
    private static final long serialVersionUID = 1L;

    /** @param message what ran on the wrong side of the scope */
    public CrossTenantScopeException(String message) {
        super(message);
    }
}
