package org.rlstenancy.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.rlstenancy.core.TenantContext;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

/**
 * Proves that caches of Spring's cache abstraction keep tenants apart, as the starter makes them: for each cache
 * named, an entry one tenant puts under a key is not found under that key by the other tenant or with no tenant; the
 * other tenant's own entry under the same key does not replace it; the other tenant's eviction leaves it. Works with a
 * probe key of its own, removed afterwards, so the cache's own entries are not touched.
 *
 * <pre>{@code
 * CacheIsolationProof.of(cacheManager).caches("projects", "tasks").tenants(ACME, GLOBEX).prove();
 * }</pre>
 */
public final class CacheIsolationProof {
    private final CacheManager cacheManager;
    private List<String> caches = List.of();
    private Object a;
    private Object b;

    private CacheIsolationProof(CacheManager cacheManager) {
        this.cacheManager = Objects.requireNonNull(cacheManager, "cacheManager");
    }

    /**
     * A proof over the caches of {@code cacheManager}, the application's bean.
     *
     * @param cacheManager the application's cache manager, as the starter wraps it
     * @return the proof, still to be given {@link #tenants(Object, Object) tenants}
     */
    public static CacheIsolationProof of(CacheManager cacheManager) {
        return new CacheIsolationProof(cacheManager);
    }

    /**
     * The caches to prove; without, every cache the manager names.
     *
     * @param names the names of the caches
     * @return this proof
     */
    public CacheIsolationProof caches(String... names) {
        this.caches = List.of(names);
        return this;
    }

    /**
     * Two different tenants, valid ids of the application's tenant id type.
     *
     * @param a the tenant that puts the probe entry
     * @param b the other tenant, which must not find it, replace it or evict it
     * @return this proof
     * @throws IllegalArgumentException if the two are equal
     */
    public CacheIsolationProof tenants(Object a, Object b) {
        if (Objects.equals(a, b)) {
            throw new IllegalArgumentException("the two tenants must differ, both are " + a);
        }
        this.a = Objects.requireNonNull(a, "a");
        this.b = Objects.requireNonNull(b, "b");
        return this;
    }

    /** Throws an {@link AssertionError} that lists every failure, if there is any. */
    public void prove() {
        List<String> failures = failures();
        if (!failures.isEmpty()) {
            throw new AssertionError("Cache isolation does not hold:\n  - " + String.join("\n  - ", failures));
        }
    }

    /**
     * Every failure, such as {@code cache tasks: tenant B found the entry tenant A put}.
     *
     * @return the failures, each naming the cache; empty when isolation holds
     * @throws IllegalStateException before {@link #tenants(Object, Object)}, or if there is no cache to prove
     */
    public List<String> failures() {
        if (a == null) {
            throw new IllegalStateException("give tenants(a, b) before proving");
        }
        List<String> names = caches.isEmpty() ? List.copyOf(cacheManager.getCacheNames()) : caches;
        if (names.isEmpty()) {
            throw new IllegalStateException("the cache manager names no cache: give caches(...)");
        }
        List<String> failures = new ArrayList<>();
        for (String name : names) {
            Cache cache = cacheManager.getCache(name);
            if (cache == null) {
                failures.add("cache " + name + ": the cache manager has no such cache");
                continue;
            }
            prove(name, cache, a, b, failures);
            prove(name, cache, b, a, failures);
        }
        return failures;
    }

    private static void prove(String name, Cache cache, Object owner, Object other, List<String> failures) {
        String key = "rls-tenancy-cache-proof-" + UUID.randomUUID();
        String value = "entry of " + owner;
        String prefix = "cache " + name + ": ";
        try {
            TenantContext.runAs(owner, () -> cache.put(key, value));
            if (TenantContext.callAs(other, () -> cache.get(key)) != null) {
                failures.add(prefix + "tenant " + other + " found the entry tenant " + owner + " put");
            }
            if (cache.get(key) != null) {
                failures.add(prefix + "with no tenant bound, the entry tenant " + owner + " put was found");
            }
            TenantContext.runAs(other, () -> cache.put(key, "entry of " + other));
            TenantContext.runAs(other, () -> cache.evict(key));
            Cache.ValueWrapper kept = TenantContext.callAs(owner, () -> cache.get(key));
            if (kept == null || !value.equals(kept.get())) {
                failures.add(prefix + "tenant " + other + "'s put and evict of the same key changed tenant " + owner
                        + "'s entry (now " + (kept == null ? "gone" : kept.get()) + ")");
            }
        } finally {
            TenantContext.runAs(owner, () -> cache.evict(key));
            TenantContext.runAs(other, () -> cache.evict(key));
        }
    }
}
