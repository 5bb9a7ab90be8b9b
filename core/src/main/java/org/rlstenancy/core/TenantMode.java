package org.rlstenancy.core;

import java.util.Locale;

/** How a tenant-bound connection makes the tenant setting, and what the policies trust in it. */
public enum TenantMode {
    /**
     * {@code set_config(setting, tenant, true)}; policies read the setting as it is. Any SQL on the application's
     * connection could set it too, so it guards against forgotten filters, not against SQL that an attacker writes.
     */
    PLAIN,
    /**
     * The tenant signed by the application ({@link TenantSigningKey}), bound by the database to the transaction and
     * backend ({@link TenantSigningSql}); policies trust only such a value. A setting that SQL makes by itself, or
     * copies from another transaction, names no tenant.
     */
    SIGNED;

    /**
     * The mode named by a configuration value, {@code plain} or {@code signed}, case-insensitive.
     *
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    public static TenantMode fromSetting(String value) {
        if (value != null) {
            for (TenantMode mode : values()) {
                if (mode.name().equals(value.trim().toUpperCase(Locale.ROOT))) {
                    return mode;
                }
            }
        }
        throw new IllegalArgumentException("Unknown tenant mode '" + value + "': use plain or signed");
    }
}
