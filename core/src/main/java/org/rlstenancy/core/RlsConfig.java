package org.rlstenancy.core;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How tenants are applied: the name of the PostgreSQL setting the policies read and the type of tenant ids.
 * Immutable; validated when built.
 */
public final class RlsConfig {
    /** The setting policies read unless configured otherwise. */
    public static final String DEFAULT_SETTING_NAME = "app.tenant_id";

    private static final Pattern SETTING_NAME = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)+");
    private static final int MAX_SETTING_NAME_LENGTH = 63;

    private final String settingName;
    private final TenantIdType tenantIdType;

    private RlsConfig(String settingName, TenantIdType tenantIdType) {
        this.settingName = settingName;
        this.tenantIdType = tenantIdType;
    }

    /** {@code app.tenant_id} holding UUID tenant ids. */
    public static RlsConfig defaults() {
        return new RlsConfig(DEFAULT_SETTING_NAME, TenantIdType.UUID);
    }

    /**
     * A copy using {@code settingName}, a custom PostgreSQL setting: lower-case, with a dot, such as
     * {@code app.tenant_id}.
     *
     * @throws IllegalArgumentException if the name is not a valid custom setting name
     */
    public RlsConfig withSettingName(String settingName) {
        return new RlsConfig(checkSettingName(settingName), tenantIdType);
    }

    /** A copy using tenant ids of {@code tenantIdType}. */
    public RlsConfig withTenantIdType(TenantIdType tenantIdType) {
        return new RlsConfig(settingName, Objects.requireNonNull(tenantIdType, "tenantIdType"));
    }

    /** The setting policies read, {@value #DEFAULT_SETTING_NAME} by default. */
    public String settingName() {
        return settingName;
    }

    /** The type of tenant ids, {@link TenantIdType#UUID} by default. */
    public TenantIdType tenantIdType() {
        return tenantIdType;
    }

    private static String checkSettingName(String name) {
        if (name == null || name.length() > MAX_SETTING_NAME_LENGTH || !SETTING_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Invalid tenant setting name '" + name + "': use a lower-case custom"
                    + " setting with a dot and at most " + MAX_SETTING_NAME_LENGTH + " characters, such as "
                    + DEFAULT_SETTING_NAME);
        }
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RlsConfig && ((RlsConfig) o).settingName.equals(settingName)
                && ((RlsConfig) o).tenantIdType == tenantIdType;
    }

    @Override
    public int hashCode() {
        return Objects.hash(settingName, tenantIdType);
    }

    @Override
    public String toString() {
        return "RlsConfig[settingName=" + settingName + ", tenantIdType=" + tenantIdType + "]";
    }
}
