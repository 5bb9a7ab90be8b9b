package org.rlstenancy.spring.internal;

import java.util.Objects;
import org.rlstenancy.core.TenantContext;

/**
 * A cache key with the scope it was made in: the bound tenant, no tenant, or a cross-tenant scope. Two keys are equal
 * only in the same scope, so an entry one tenant cached is never another's. {@link #toString()} is unambiguous too
 * ({@code t<length>:<tenant>:<key>}, {@code n:<key>}, {@code x:<key>}), for caches that store keys as text, such as
 * Redis.
 */
record TenantCacheKey(String scope, Object key) {
    TenantCacheKey {
        Objects.requireNonNull(scope, "scope");
    }

    /** {@code key} in the scope of the calling thread. */
    static TenantCacheKey of(Object key) {
        if (TenantContext.isCrossTenant()) {
            return new TenantCacheKey("x", key);
        }
        return TenantContext.current().map(String::valueOf).map(tenant -> new TenantCacheKey(
                "t" + tenant.length() + ":" + tenant, key)).orElseGet(() -> new TenantCacheKey("n", key));
    }

    @Override
    public String toString() {
        return scope + ":" + key;
    }
}
