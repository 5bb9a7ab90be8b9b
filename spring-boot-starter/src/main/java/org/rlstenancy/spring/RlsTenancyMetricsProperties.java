package org.rlstenancy.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The {@code rls.tenancy.metrics.*} properties: Micrometer meters, where Micrometer and a MeterRegistry are present. */
@ConfigurationProperties(prefix = "rls.tenancy.metrics")
public class RlsTenancyMetricsProperties {
    /** Whether to publish the rls.tenancy.* meters, where the application has Micrometer and a MeterRegistry. */
    private boolean enabled = true;

    /**
     * Whether to tag the meters with the tenant id as well (tag tenant): one time series per tenant and meter, so
     * only for a small, fixed number of tenants.
     */
    private boolean tagTenant = false;

    /**
     * {@return {@code rls.tenancy.metrics.enabled}: whether to publish the {@code rls.tenancy.*} meters; true by
     * default}
     */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Sets {@code rls.tenancy.metrics.enabled}.
     *
     * @param enabled whether to publish the {@code rls.tenancy.*} meters; true by default
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * {@return {@code rls.tenancy.metrics.tag-tenant}: whether to tag the meters with the tenant id, one time series
     * per tenant; false by default}
     */
    public boolean isTagTenant() {
        return tagTenant;
    }

    /**
     * Sets {@code rls.tenancy.metrics.tag-tenant}.
     *
     * @param tagTenant whether to tag the meters with the tenant id, one time series per tenant; false by default
     */
    public void setTagTenant(boolean tagTenant) {
        this.tagTenant = tagTenant;
    }
}
