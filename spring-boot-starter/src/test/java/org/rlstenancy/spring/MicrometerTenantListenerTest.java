package org.rlstenancy.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.rlstenancy.spring.internal.MicrometerTenantListener;

/** The meters each tenant event moves, in a {@link SimpleMeterRegistry}; tenant tags only when asked for. */
class MicrometerTenantListenerTest {
    static final String TENANT = "00000000-0000-0000-0000-00000000000a";

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void theMetersAreThereAtZeroBeforeAnyWork() {
        new MicrometerTenantListener(registry, false);
        assertThat(registry.get("rls.tenancy.transactions").counters()).hasSize(4)
                .allSatisfy(counter -> assertThat(counter.count()).isZero());
        assertThat(registry.get("rls.tenancy.apply").timers()).hasSize(2);
        assertThat(registry.get("rls.tenancy.sessions.refused").tag("reason", "missing-tenant").counter().count())
                .isZero();
    }

    @Test
    void eachEventMovesItsMeterTaggedByOutcomeAndNeverByTenant() {
        MicrometerTenantListener listener = new MicrometerTenantListener(registry, false);
        listener.tenantApplied(TENANT, true, 2_000);
        listener.tenantApplied(TENANT, true, 4_000);
        listener.tenantApplied(TENANT, false, 1_000_000);
        listener.tenantApplyFailed(TENANT, false);
        listener.tenantMissing();
        listener.rowLevelSecurityRefused(TENANT, "task");
        listener.rowLevelSecurityRefused(TENANT, null);

        assertThat(count("applied", "true")).isEqualTo(2);
        assertThat(count("applied", "false")).isEqualTo(1);
        assertThat(count("failed", "false")).isEqualTo(1);
        assertThat(count("failed", "true")).isZero();
        assertThat(registry.get("rls.tenancy.apply").tag("folded", "true").timer().totalTime(TimeUnit.NANOSECONDS))
                .isEqualTo(6_000);
        assertThat(registry.get("rls.tenancy.sessions.refused").counter().count()).isEqualTo(1);
        assertThat(registry.get("rls.tenancy.rls.refusals").tag("table", "task").counter().count()).isEqualTo(1);
        assertThat(registry.get("rls.tenancy.rls.refusals").tag("table", "unknown").counter().count()).isEqualTo(1);
        assertThat(registry.getMeters()).allSatisfy(meter -> assertThat(meter.getId().getTag("tenant")).isNull());
    }

    @Test
    void withTagTenantTheTenantsWorkIsTaggedWithItsId() {
        MicrometerTenantListener listener = new MicrometerTenantListener(registry, true);
        listener.tenantApplied(TENANT, true, 2_000);
        listener.tenantApplied("other", true, 2_000);
        listener.rowLevelSecurityRefused(TENANT, "task");
        listener.tenantMissing();

        assertThat(registry.get("rls.tenancy.transactions").tag("tenant", TENANT).counter().count()).isEqualTo(1);
        assertThat(registry.get("rls.tenancy.apply").tag("tenant", "other").timer().count()).isEqualTo(1);
        assertThat(registry.get("rls.tenancy.rls.refusals").tag("tenant", TENANT).counter().count()).isEqualTo(1);
        assertThat(registry.get("rls.tenancy.sessions.refused").counter().getId().getTag("tenant")).isNull();
    }

    private double count(String outcome, String folded) {
        return registry.get("rls.tenancy.transactions").tag("outcome", outcome).tag("folded", folded).counter()
                .count();
    }
}
