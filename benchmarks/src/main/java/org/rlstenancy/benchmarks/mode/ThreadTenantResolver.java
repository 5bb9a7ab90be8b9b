package org.rlstenancy.benchmarks.mode;

import java.util.UUID;
import java.util.function.Supplier;

import org.hibernate.context.spi.CurrentTenantIdentifierResolver;

/** A plain Hibernate resolver: the tenant set for the current thread, as discriminator setups usually have it. */
final class ThreadTenantResolver implements CurrentTenantIdentifierResolver<UUID> {
    private final ThreadLocal<UUID> current = new ThreadLocal<>();

    /** Calls {@code work} with {@code tenant} as the current thread's tenant. */
    <T> T callAs(UUID tenant, Supplier<T> work) {
        current.set(tenant);
        try {
            return work.get();
        } finally {
            current.remove();
        }
    }

    @Override
    public UUID resolveCurrentTenantIdentifier() {
        UUID tenant = current.get();
        if (tenant == null) {
            throw new IllegalStateException("No tenant set for this thread");
        }
        return tenant;
    }

    @Override
    public boolean validateExistingCurrentSessions() {
        return false;
    }
}
