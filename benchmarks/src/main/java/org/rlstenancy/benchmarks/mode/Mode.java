package org.rlstenancy.benchmarks.mode;

import javax.sql.DataSource;

import org.rlstenancy.benchmarks.data.SigningSecret;

/** The modes compared, in the order each round runs them. */
public enum Mode {
    /** Plain table, an explicit {@code tenantId} predicate in every query, no multi-tenancy configured. */
    MANUAL("manual"),
    /** Plain table, Hibernate's {@code @TenantId} filter with its own tenant resolver, no RLS. */
    DISCRIMINATOR("discriminator"),
    /** RLS table through this project's connection provider and resolver; queries carry no tenant predicate. */
    RLS("rls"),
    /** RLS table, a plain Session that runs {@code set_config} as a separate statement when each transaction begins. */
    RLS_SEPARATE("rls-separate"),
    /**
     * Signed-mode table, through this project's connection provider and resolver with {@code rls.tenancy.mode=signed}:
     * each transaction's tenant is signed and bound by {@code rls_tenancy.bind}; the policy trusts only
     * {@code rls_tenancy.tenant()}.
     */
    RLS_SIGNED("rls-signed");

    private final String label;

    Mode(String label) {
        this.label = label;
    }

    /** The name printed in reports, such as {@code rls-separate}. */
    public String label() {
        return label;
    }

    /**
     * A new SessionFactory of this mode whose connections come from {@code appPool}, the application role's pool;
     * {@link #RLS_SIGNED} signs with {@code signing}, the key the database holds, which the others ignore.
     */
    public TenancyMode open(DataSource appPool, SigningSecret signing) {
        return switch (this) {
            case MANUAL -> new ManualMode(appPool);
            case DISCRIMINATOR -> new DiscriminatorMode(appPool);
            case RLS -> RlsMode.plain(appPool);
            case RLS_SEPARATE -> new SeparateSetConfigMode(appPool);
            case RLS_SIGNED -> RlsMode.signed(appPool, signing);
        };
    }
}
