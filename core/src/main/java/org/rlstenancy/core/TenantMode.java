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
    SIGNED,
    /**
     * For a Citus cluster: {@code SET LOCAL citus.propagate_set_commands = 'local'} and {@code SET LOCAL setting =
     * '<tenant>'}, which Citus forwards to the workers in the transaction ({@code set_config} it does not forward, so
     * the workers would see no tenant and return no rows). {@code SET} takes no parameters: the tenant is written as
     * a literal, after strict parsing, through one quoting function that admits only digits, letters and
     * {@code _ . : @ -}. Policies use the form without a sub-select, the one Citus accepts on distributed tables.
     */
    CITUS;

    /**
     * The mode named by a configuration value, {@code plain}, {@code signed} or {@code citus}, case-insensitive.
     *
     * @param value the configured name; surrounding white space is ignored
     * @return the mode it names
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
        throw new IllegalArgumentException("Unknown tenant mode '" + value + "': use plain, signed or citus");
    }
}
