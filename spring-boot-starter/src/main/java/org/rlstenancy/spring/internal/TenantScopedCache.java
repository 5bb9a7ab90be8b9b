package org.rlstenancy.spring.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.springframework.cache.Cache;

/**
 * A {@link Cache} whose every key is taken in the scope of the calling thread ({@link TenantCacheKey}): what one
 * tenant cached is not found by another, nor with no tenant or in a cross-tenant scope. {@link #clear()} and
 * {@link #invalidate()} clear every tenant's entries.
 */
final class TenantScopedCache implements Cache {
    private final Cache delegate;

    TenantScopedCache(Cache delegate) {
        this.delegate = delegate;
    }

    @Override
    public String getName() {
        return delegate.getName();
    }

    @Override
    public Object getNativeCache() {
        return delegate.getNativeCache();
    }

    @Override
    public ValueWrapper get(Object key) {
        return delegate.get(TenantCacheKey.of(key));
    }

    @Override
    public <T> T get(Object key, Class<T> type) {
        return delegate.get(TenantCacheKey.of(key), type);
    }

    @Override
    public <T> T get(Object key, Callable<T> valueLoader) {
        return delegate.get(TenantCacheKey.of(key), valueLoader);
    }

    @Override
    public CompletableFuture<?> retrieve(Object key) {
        return delegate.retrieve(TenantCacheKey.of(key));
    }

    @Override
    public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
        return delegate.retrieve(TenantCacheKey.of(key), valueLoader);
    }

    @Override
    public void put(Object key, Object value) {
        delegate.put(TenantCacheKey.of(key), value);
    }

    @Override
    public ValueWrapper putIfAbsent(Object key, Object value) {
        return delegate.putIfAbsent(TenantCacheKey.of(key), value);
    }

    @Override
    public void evict(Object key) {
        delegate.evict(TenantCacheKey.of(key));
    }

    @Override
    public boolean evictIfPresent(Object key) {
        return delegate.evictIfPresent(TenantCacheKey.of(key));
    }

    @Override
    public void clear() {
        delegate.clear();
    }

    @Override
    public boolean invalidate() {
        return delegate.invalidate();
    }
}
