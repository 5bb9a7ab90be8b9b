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

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }
}
