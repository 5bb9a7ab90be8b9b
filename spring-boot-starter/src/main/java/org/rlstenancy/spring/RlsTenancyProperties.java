package org.rlstenancy.spring;

import org.rlstenancy.core.RlsConfig;
import org.rlstenancy.core.TenantIdType;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The {@code rls.tenancy.*} properties. */
@ConfigurationProperties(prefix = "rls.tenancy")
public class RlsTenancyProperties {
    /** Name of the PostgreSQL setting the tenant is written to and the policies read: lower case, with a dot. */
    private String settingName = "app.tenant_id";

    /** Type of tenant ids: uuid (java.util.UUID), text (String) or long (Long). */
    private TenantIdType tenantIdType = TenantIdType.UUID;

    /** The claim of an authenticated request's JWT that carries its tenant id. */
    private String tenantClaim = "tenant_id";

    public String getSettingName() {
        return settingName;
    }

    public void setSettingName(String settingName) {
        this.settingName = settingName;
    }

    public TenantIdType getTenantIdType() {
        return tenantIdType;
    }

    public void setTenantIdType(TenantIdType tenantIdType) {
        this.tenantIdType = tenantIdType;
    }

    public String getTenantClaim() {
        return tenantClaim;
    }

    public void setTenantClaim(String tenantClaim) {
        this.tenantClaim = tenantClaim;
    }

    /** The core configuration these properties describe; an invalid setting name is refused with its value. */
    public RlsConfig toConfig() {
        return RlsConfig.defaults().withSettingName(settingName).withTenantIdType(tenantIdType);
    }
}
