package org.rlstenancy.core;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How tenants are applied: the name of the PostgreSQL setting the policies read, the type of tenant ids, and the
 * mode: {@linkplain TenantMode#PLAIN plain} by default, {@linkplain TenantMode#SIGNED signed} with a
 * {@linkplain #withSigningKey signing key}, {@linkplain TenantMode#CITUS citus} {@linkplain #withMode on a Citus
 * cluster}. Immutable; validated when built.
 */
public final class RlsConfig {
    /** The setting policies read unless configured otherwise. */
    public static final String DEFAULT_SETTING_NAME = "app.tenant_id";

    private static final Pattern SETTING_NAME = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)+");
    private static final int MAX_SETTING_NAME_LENGTH = 63;

    private final String settingName;
    private final TenantIdType tenantIdType;
    private final TenantSigningKey signingKey;
    private final TenantMode mode;

    private RlsConfig(String settingName, TenantIdType tenantIdType, TenantSigningKey signingKey, TenantMode mode) {
        this.settingName = settingName;
        this.tenantIdType = tenantIdType;
        this.signingKey = signingKey;
        this.mode = mode;
    }

    /** {@return {@code app.tenant_id} holding UUID tenant ids, in the plain mode} */
    public static RlsConfig defaults() {
        return new RlsConfig(DEFAULT_SETTING_NAME, TenantIdType.UUID, null, TenantMode.PLAIN);
    }

    /**
     * A copy using {@code settingName}, a custom PostgreSQL setting: lower-case, with a dot, such as
     * {@code app.tenant_id}.
     *
     * @param settingName the setting's name, at most 63 characters
     * @return a copy with that setting name
     * @throws IllegalArgumentException if the name is not a valid custom setting name
     */
    public RlsConfig withSettingName(String settingName) {
        return new RlsConfig(checkSettingName(settingName), tenantIdType, signingKey, mode);
    }

    /**
     * A copy using tenant ids of {@code tenantIdType}.
     *
     * @param tenantIdType the type of the tenant column, which tenant ids are parsed and checked as
     * @return a copy with that type
     */
    public RlsConfig withTenantIdType(TenantIdType tenantIdType) {
        return new RlsConfig(settingName, Objects.requireNonNull(tenantIdType, "tenantIdType"), signingKey, mode);
    }

    /**
     * A copy in the {@linkplain TenantMode#SIGNED signed mode}: each transaction's tenant is signed with {@code key},
     * and only the database's {@code rls_tenancy.bind} turns it into a setting the policies accept.
     *
     * @param key the key, whose id and secret the database holds too
     * @return a copy in the signed mode
     * @throws IllegalStateException in the citus mode
     */
    public RlsConfig withSigningKey(TenantSigningKey key) {
        if (mode == TenantMode.CITUS) {
            throw new IllegalStateException("The citus mode does not sign tenants: use the signed mode or the citus"
                    + " mode, not both");
        }
        return new RlsConfig(settingName, tenantIdType, Objects.requireNonNull(key, "key"), TenantMode.SIGNED);
    }

    /**
     * A copy in {@code mode}, {@link TenantMode#PLAIN} or {@link TenantMode#CITUS}; the signed mode comes with its key
     * ({@link #withSigningKey}).
     *
     * @param mode the mode
     * @return a copy in {@code mode}
     * @throws IllegalArgumentException for {@link TenantMode#SIGNED}
     * @throws IllegalStateException for another mode when a signing key is set
     */
    public RlsConfig withMode(TenantMode mode) {
        Objects.requireNonNull(mode, "mode");
        if (mode == TenantMode.SIGNED) {
            throw new IllegalArgumentException("The signed mode needs its key: use withSigningKey(key)");
        }
        if (signingKey != null) {
            throw new IllegalStateException("This configuration signs tenants (mode signed); it cannot also be in"
                    + " mode " + mode.name().toLowerCase(Locale.ROOT));
        }
        return new RlsConfig(settingName, tenantIdType, null, mode);
    }

    /**
     * {@return the mode: {@link TenantMode#PLAIN} unless {@linkplain #withMode set}; {@link TenantMode#SIGNED} with a
     * signing key}
     */
    public TenantMode mode() {
        return mode;
    }

    /** {@return the key the signed mode signs with; empty in the other modes} */
    public Optional<TenantSigningKey> signingKey() {
        return Optional.ofNullable(signingKey);
    }

    /** {@return the setting policies read, {@value #DEFAULT_SETTING_NAME} by default} */
    public String settingName() {
        return settingName;
    }

    /** {@return the type of tenant ids, {@link TenantIdType#UUID} by default} */
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
                && ((RlsConfig) o).tenantIdType == tenantIdType && ((RlsConfig) o).signingKey == signingKey
                && ((RlsConfig) o).mode == mode;
    }

    @Override
    public int hashCode() {
        return Objects.hash(settingName, tenantIdType, signingKey, mode);
    }

    @Override
    public String toString() {
        return "RlsConfig[settingName=" + settingName + ", tenantIdType=" + tenantIdType + ", mode=" + mode()
                + (signingKey == null ? "" : ", signingKey=" + signingKey.keyId()) + "]";
    }
}
