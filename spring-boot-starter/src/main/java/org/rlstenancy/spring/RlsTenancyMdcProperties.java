package org.rlstenancy.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The {@code rls.tenancy.mdc.*} properties: the bound tenant in the logging MDC. */
@ConfigurationProperties(prefix = "rls.tenancy.mdc")
public class RlsTenancyMdcProperties {
    /**
     * Whether to put the bound tenant's id into the logging MDC while a tenant scope is open (a request, an @Async
     * task, runAs), and take it out when the scope closes.
     */
    private boolean enabled = true;

    /** The MDC key that holds the bound tenant's id; reference it in the log pattern as %X{tenant_id}. */
    private String key = "tenant_id";

    /**
     * {@return {@code rls.tenancy.mdc.enabled}: whether the bound tenant's id is in the logging MDC while a tenant
     * scope is open; true by default}
     */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Sets {@code rls.tenancy.mdc.enabled}.
     *
     * @param enabled whether the bound tenant's id is in the logging MDC while a tenant scope is open; true by default
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * {@return {@code rls.tenancy.mdc.key}: the MDC key that holds the bound tenant's id, {@code tenant_id} by default}
     */
    public String getKey() {
        return key;
    }

    /**
     * Sets {@code rls.tenancy.mdc.key}.
     *
     * @param key the MDC key that holds the bound tenant's id, {@code tenant_id} by default
     */
    public void setKey(String key) {
        this.key = key;
    }
}
