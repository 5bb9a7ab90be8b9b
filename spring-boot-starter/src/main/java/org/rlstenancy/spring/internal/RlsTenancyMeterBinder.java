package org.rlstenancy.spring.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/** Binds a {@link MicrometerTenantListener} to each registry Spring Boot hands it, until the context closes. */
public final class RlsTenancyMeterBinder extends TenantEventsRegistrations implements MeterBinder {
    private final boolean tagTenant;

    public RlsTenancyMeterBinder(boolean tagTenant) {
        this.tagTenant = tagTenant;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        register(new MicrometerTenantListener(registry, tagTenant));
    }
}
