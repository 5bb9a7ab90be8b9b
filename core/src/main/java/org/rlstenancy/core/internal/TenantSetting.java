package org.rlstenancy.core.internal;

import org.rlstenancy.core.RlsConfig;
import org.rlstenancy.core.TenantSigningKey;
import org.rlstenancy.core.TenantSigningSql;

/**
 * How one tenant-bound connection makes the tenant setting, by mode: the statement that makes it, with the setting
 * name and a value as its two parameters, and the value for each transaction. The plain mode's value is the tenant
 * itself; the signed mode's is a token signed when the transaction begins ({@link TenantSigningKey#token}).
 */
public final class TenantSetting {
    /** The plain mode's statement, which folding puts in front of the first statement of a transaction. */
    static final String PLAIN_APPLY_SQL = "select set_config(?, ?, true)";

    private final String name;
    private final String tenant;
    private final TenantSigningKey signingKey;

    private TenantSetting(String name, String tenant, TenantSigningKey signingKey) {
        this.name = name;
        this.tenant = tenant;
        this.signingKey = signingKey;
    }

    /** The setting of {@code config} for {@code tenant}, already in its text form. */
    public static TenantSetting of(RlsConfig config, String tenant) {
        return new TenantSetting(config.settingName(), tenant, config.signingKey().orElse(null));
    }

    /**
     * The setting of {@code config} for shared data: no tenant at all, so the connection never applies the setting
     * and its statements run only inside a shared-data scope.
     */
    public static TenantSetting none(RlsConfig config) {
        return new TenantSetting(config.settingName(), null, null);
    }

    /** Whether this is the {@linkplain #none(RlsConfig) no-tenant} setting of shared data. */
    boolean isNone() {
        return tenant == null;
    }

    String name() {
        return name;
    }

    /** The tenant, in its setting text form. */
    String tenant() {
        return tenant;
    }

    /** {@code select set_config(?, ?, true)}, or in the signed mode the same through {@code rls_tenancy.bind}. */
    String applySql() {
        return signingKey == null ? PLAIN_APPLY_SQL : TenantSigningSql.APPLY_SQL;
    }

    /** The value for a transaction that begins now. */
    String value() {
        return signingKey == null ? tenant : signingKey.token(tenant, System.currentTimeMillis());
    }
}
