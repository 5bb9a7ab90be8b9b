package org.rlstenancy.spring.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.rlstenancy.core.spi.TenantEventListener;

/**
 * Counts and times tenant events in a {@link MeterRegistry}:
 * <ul>
 *   <li>{@value #TRANSACTIONS}: transactions whose tenant setting was made, tags {@code outcome} (applied, failed)
 *   and {@code folded} (true: with the first statement in one round trip; false: a statement of its own);</li>
 *   <li>{@value #APPLY}: the time making the setting took, tag {@code folded} (folded: signing and binding only);</li>
 *   <li>{@value #SESSIONS_REFUSED}: work refused because no tenant was bound, tag {@code reason} (missing-tenant);</li>
 *   <li>{@value #RLS_REFUSALS}: writes the database refused by row-level security, tag {@code table}.</li>
 * </ul>
 * With {@code tagTenant}, the meters of a tenant's work are also tagged {@code tenant}.
 */
public final class MicrometerTenantListener implements TenantEventListener {
    public static final String TRANSACTIONS = "rls.tenancy.transactions";
    public static final String APPLY = "rls.tenancy.apply";
    public static final String SESSIONS_REFUSED = "rls.tenancy.sessions.refused";
    public static final String RLS_REFUSALS = "rls.tenancy.rls.refusals";

    private final MeterRegistry registry;
    private final boolean tagTenant;
    /** The meters without a tenant tag, indexed by folded (1) or not (0); null with tagTenant. */
    private final Counter[] applied;
    private final Counter[] failed;
    private final Timer[] apply;
    private final Counter missing;

    public MicrometerTenantListener(MeterRegistry registry, boolean tagTenant) {
        this.registry = registry;
        this.tagTenant = tagTenant;
        this.missing = Counter.builder(SESSIONS_REFUSED).tag("reason", "missing-tenant")
                .description("Work refused because no tenant was bound").register(registry);
        if (tagTenant) {
            applied = null;
            failed = null;
            apply = null;
        } else {
            applied = new Counter[] {transactions("applied", false, null), transactions("applied", true, null)};
            failed = new Counter[] {transactions("failed", false, null), transactions("failed", true, null)};
            apply = new Timer[] {timer(false, null), timer(true, null)};
        }
    }

    @Override
    public void tenantApplied(String tenant, boolean folded, long nanos) {
        if (tagTenant) {
            transactions("applied", folded, tenant).increment();
            timer(folded, tenant).record(nanos, TimeUnit.NANOSECONDS);
        } else {
            applied[folded ? 1 : 0].increment();
            apply[folded ? 1 : 0].record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void tenantApplyFailed(String tenant, boolean folded) {
        (tagTenant ? transactions("failed", folded, tenant) : failed[folded ? 1 : 0]).increment();
    }

    @Override
    public void tenantMissing() {
        missing.increment();
    }

    @Override
    public void rowLevelSecurityRefused(String tenant, String table) {
        Counter.builder(RLS_REFUSALS).tags(tags(tenant)).tag("table", table == null ? "unknown" : table)
                .description("Writes refused by a row-level security policy (SQLSTATE 42501)").register(registry)
                .increment();
    }

    private Counter transactions(String outcome, boolean folded, String tenant) {
        return Counter.builder(TRANSACTIONS).tags(tags(tenant)).tag("outcome", outcome)
                .tag("folded", Boolean.toString(folded))
                .description("Transactions whose tenant setting was made").register(registry);
    }

    private Timer timer(boolean folded, String tenant) {
        return Timer.builder(APPLY).tags(tags(tenant)).tag("folded", Boolean.toString(folded))
                .description("Time spent making the tenant setting of a transaction").register(registry);
    }

    private Tags tags(String tenant) {
        return tagTenant && tenant != null ? Tags.of("tenant", tenant) : Tags.empty();
    }

    @Override
    public String toString() {
        return "MicrometerTenantListener[" + registry + "]";
    }
}
