package org.rlstenancy.benchmarks.mode;

import java.util.Arrays;
import java.util.List;

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
    RLS_SIGNED("rls-signed"),
    /**
     * Hibernate 8's own row-level security ({@code hibernate.multi_tenant.rls_enabled}) on {@code task_h8}, under the
     * policy Hibernate 8 generates; measured only when asked for ({@code --h8}), in a JVM of its own, since
     * Hibernate 8 and 7 cannot share a class path: it is not {@linkplain #inProcess() in process}.
     */
    H8_RLS("h8-rls");

    private final String label;

    Mode(String label) {
        this.label = label;
    }

    /** The name printed in reports, such as {@code rls-separate}. */
    public String label() {
        return label;
    }

    /** Whether this mode runs in the benchmark's own JVM, on its Hibernate, so {@link #open} opens it. */
    public boolean inProcess() {
        return this != H8_RLS;
    }

    /** The modes a run measures, in the order each round runs them: {@link #H8_RLS} last, if {@code h8}. */
    public static List<Mode> measured(boolean h8) {
        return Arrays.stream(values()).filter(mode -> h8 || mode.inProcess()).toList();
    }

    /**
     * A new SessionFactory of this mode whose connections come from {@code appPool}, the application role's pool;
     * {@link #RLS_SIGNED} signs with {@code signing}, the key the database holds, which the others ignore.
     * Only for the modes {@linkplain #inProcess() in process}.
     */
    public TenancyMode open(DataSource appPool, SigningSecret signing) {
        return switch (this) {
            case MANUAL -> new ManualMode(appPool);
            case DISCRIMINATOR -> new DiscriminatorMode(appPool);
            case RLS -> RlsMode.plain(appPool);
            case RLS_SEPARATE -> new SeparateSetConfigMode(appPool);
            case RLS_SIGNED -> RlsMode.signed(appPool, signing);
            case H8_RLS -> throw new UnsupportedOperationException(label + " runs in a JVM of its own");
        };
    }
}
