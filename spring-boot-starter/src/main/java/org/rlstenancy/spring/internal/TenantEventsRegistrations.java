package org.rlstenancy.spring.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.rlstenancy.core.spi.TenantEventListener;
import org.rlstenancy.core.spi.TenantEvents;
import org.springframework.beans.factory.DisposableBean;

/** The tenant event listeners an application context registered; removed when the context closes. */
public class TenantEventsRegistrations implements DisposableBean {
    private final List<TenantEvents.Registration> registrations = new CopyOnWriteArrayList<>();

    /** Registers {@code listener} until the context closes. */
    public void register(TenantEventListener listener) {
        registrations.add(TenantEvents.register(listener));
    }

    @Override
    public void destroy() {
        registrations.forEach(TenantEvents.Registration::close);
        registrations.clear();
    }
}
