package org.rlstenancy.core;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How tenants are applied: the name of the PostgreSQL setting the policies read, the type of tenant ids, and the
 * mode: {@linkplain TenantMode#PLAIN plain} by default, {@linkplain TenantMode#SIGNED signed} with a
 * {@linkplain #withSigningKey signing key}. Immutable; validated when built.
 */
public final class RlsConfig {
    /** The setting policies read unless configured otherwise. */
    public static final String DEFAULT_SETTING_NAME = "app.tenant_id";

    private static final Pattern SETTING_NAME = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)+");
    private static final int MAX_SETTING_NAME_LENGTH = 63;

    private final String settingName;
    private final TenantIdType tenantIdType;
    private final TenantSigningKey signingKey;

    private RlsConfig(String settingName, TenantIdType tenantIdType, TenantSigningKey signingKey) {
        this.settingName = settingName;
        this.tenantIdType = tenantIdType;
        this.signingKey = signingKey;
    }

    /** {@code app.tenant_id} holding UUID tenant ids, in the plain mode. */
    public static RlsConfig defaults() {
        return new RlsConfig(DEFAULT_SETTING_NAME, TenantIdType.UUID, null);
    }

    /**
     * A copy using {@code settingName}, a custom PostgreSQL setting: lower-case, with a dot, such as
     * {@code app.tenant_id}.
     *
     * @throws IllegalArgumentException if the name is not a valid custom setting name
     */
    public RlsConfig withSettingName(String settingName) {
        return new RlsConfig(checkSettingName(settingName), tenantIdType, signingKey);
    }

    /** A copy using tenant ids of {@code tenantIdType}. */
    public RlsConfig withTenantIdType(TenantIdType tenantIdType) {
        return new RlsConfig(settingName, Objects.requireNonNull(tenantIdType, "tenantIdType"), signingKey);
    }

    /**
     * A copy in the {@linkplain TenantMode#SIGNED signed mode}: each transaction's tenant is signed with {@code key},
     * and only the database's {@code rls_tenancy.bind} turns it into a setting the policies accept.
     */
    public RlsConfig withSigningKey(TenantSigningKey key) {
        return new RlsConfig(settingName, tenantIdType, Objects.requireNonNull(key, "key"));
    }

    /** {@link TenantMode#SIGNED} with a signing key, {@link TenantMode#PLAIN} without. */
    public TenantMode mode() {
        return signingKey == null ? TenantMode.PLAIN : TenantMode.SIGNED;
    }

    /** The key the signed mode signs with; empty in the plain mode. */
    public Optional<TenantSigningKey> signingKey() {
        return Optional.ofNullable(signingKey);
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
                && ((RlsConfig) o).tenantIdType == tenantIdType && ((RlsConfig) o).signingKey == signingKey;
    }

    @Override
    public int hashCode() {
        return Objects.hash(settingName, tenantIdType, signingKey);
    }

    @Override
    public String toString() {
        return "RlsConfig[settingName=" + settingName + ", tenantIdType=" + tenantIdType + ", mode=" + mode()
                + (signingKey == null ? "" : ", signingKey=" + signingKey.keyId()) + "]";
    }
}
