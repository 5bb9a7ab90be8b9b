package org.rlstenancy.benchmarks.mode;

import javax.sql.DataSource;

/** The modes compared, in the order each round runs them. */
public enum Mode {
    /** Plain table, an explicit {@code tenantId} predicate in every query, no multi-tenancy configured. */
    MANUAL("manual"),
    /** Plain table, Hibernate's {@code @TenantId} filter with its own tenant resolver, no RLS. */
    DISCRIMINATOR("discriminator"),
    /** RLS table through this project's connection provider and resolver; queries carry no tenant predicate. */
    RLS("rls"),
    /** RLS table, a plain Session that runs {@code set_config} as a separate statement when each transaction begins. */
    RLS_SEPARATE("rls-separate");

    private final String label;

    Mode(String label) {
        this.label = label;
    }

    /** The name printed in reports, such as {@code rls-separate}. */
    public String label() {
        return label;
    }

    /** A new SessionFactory of this mode whose connections come from {@code appPool}, the application role's pool. */
    public TenancyMode open(DataSource appPool) {
        return switch (this) {
            case MANUAL -> new ManualMode(appPool);
            case DISCRIMINATOR -> new DiscriminatorMode(appPool);
            case RLS -> new RlsMode(appPool);
            case RLS_SEPARATE -> new SeparateSetConfigMode(appPool);
        };
    }
}
