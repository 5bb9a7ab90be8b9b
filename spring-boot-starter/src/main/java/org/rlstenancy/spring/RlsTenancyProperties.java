package org.rlstenancy.spring;

import org.rlstenancy.core.RlsConfig;
import org.rlstenancy.core.TenantIdType;
import org.rlstenancy.hibernate.RlsSettings;
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

    /** The tenant column the policies compare with the setting; the model's tables that have it are tenant tables. */
    private String tenantColumn = "tenant_id";

    /**
     * At start-up, check that the database enforces isolation on the model's tenant tables: fail (stop with a
     * report), warn (log it) or off.
     */
    private RlsSettings.Verification verification = RlsSettings.Verification.FAIL;

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

    public String getTenantColumn() {
        return tenantColumn;
    }

    public void setTenantColumn(String tenantColumn) {
        this.tenantColumn = tenantColumn;
    }

    public RlsSettings.Verification getVerification() {
        return verification;
    }

    public void setVerification(RlsSettings.Verification verification) {
        this.verification = verification;
    }

    /** The core configuration these properties describe; an invalid setting name is refused with its value. */
    public RlsConfig toConfig() {
        return RlsConfig.defaults().withSettingName(settingName).withTenantIdType(tenantIdType);
    }
}
