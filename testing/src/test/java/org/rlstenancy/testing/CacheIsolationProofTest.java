package org.rlstenancy.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;

/**
 * The cache proof against caches that do not key by tenant (Spring's plain ones): it fails, naming the cache and what
 * leaked. That it passes on the starter's caches is shown by the starter's TenantCacheTest.
 */
class CacheIsolationProofTest {
    static final UUID ACME = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    static final UUID GLOBEX = UUID.fromString("00000000-0000-0000-0000-00000000000b");

    @Test
    void aCacheThatIgnoresTheTenantFailsTheProofAndIsLeftAsItWas() {
        ConcurrentMapCacheManager manager = new ConcurrentMapCacheManager("notes");
        manager.getCache("notes").put("own", "kept");
        assertThat(CacheIsolationProof.of(manager).tenants(ACME, GLOBEX).failures()).contains(
                "cache notes: tenant " + GLOBEX + " found the entry tenant " + ACME + " put",
                "cache notes: with no tenant bound, the entry tenant " + ACME + " put was found",
                "cache notes: tenant " + GLOBEX + "'s put and evict of the same key changed tenant " + ACME
                        + "'s entry (now gone)");
        assertThat(manager.getCache("notes").get("own").get()).isEqualTo("kept");
        assertThat(((java.util.Map<?, ?>) manager.getCache("notes").getNativeCache())).hasSize(1);
    }

    @Test
    void aMissingCacheOrNoTenantsIsSaidPlainly() {
        ConcurrentMapCacheManager manager = new ConcurrentMapCacheManager("notes");
        manager.setAllowNullValues(true);
        assertThat(CacheIsolationProof.of(new ConcurrentMapCacheManager() {
            @Override
            public org.springframework.cache.Cache getCache(String name) {
                return null;
            }
        }).caches("tasks").tenants(ACME, GLOBEX).failures()).containsExactly(
                "cache tasks: the cache manager has no such cache");
        assertThatThrownBy(() -> CacheIsolationProof.of(manager).prove()).isInstanceOf(IllegalStateException.class)
                .hasMessage("give tenants(a, b) before proving");
        assertThatThrownBy(() -> CacheIsolationProof.of(manager).tenants(ACME, ACME))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
