package org.rlstenancy.spring.internal;

import org.rlstenancy.core.spi.TenantEventListener;
import org.slf4j.MDC;

/**
 * Keeps the bound tenant's id under one MDC key of the thread it is bound to: put when a tenant scope opens, put back
 * or removed when it closes, removed inside a cross-tenant scope. The key belongs to it: a value put there by other
 * code is replaced at the next change of tenant.
 */
public final class MdcTenantListener implements TenantEventListener {
    private final String key;

    /** @throws IllegalArgumentException for a blank key */
    public MdcTenantListener(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("rls.tenancy.mdc.key is empty: name the MDC key for the tenant id,"
                    + " such as tenant_id, or set rls.tenancy.mdc.enabled=false");
        }
        this.key = key;
    }

    @Override
    public void tenantBound(Object tenantId) {
        if (tenantId == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, tenantId.toString());
        }
    }

    @Override
    public String toString() {
        return "MdcTenantListener[" + key + "]";
    }
}
