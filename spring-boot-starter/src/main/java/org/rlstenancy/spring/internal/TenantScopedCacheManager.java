package org.rlstenancy.spring.internal;

import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

/**
 * Makes a {@link CacheManager} hand out its caches keyed by tenant ({@link TenantScopedCache}), except the caches
 * named as shared ({@code rls.tenancy.cache.shared-caches}), which hold data that is the same for every tenant. The
 * manager is proxied, by its class where it can be, so a bean injected as {@code CaffeineCacheManager} or
 * {@code ConcurrentMapCacheManager} still is one.
 */
final class TenantScopedCacheManager implements MethodInterceptor {
    private final Set<String> shared;
    private final ConcurrentMap<Cache, Cache> scoped = new ConcurrentHashMap<>();

    private TenantScopedCacheManager(Set<String> shared) {
        this.shared = Set.copyOf(shared);
    }

    /** {@code manager}, proxied so that {@code getCache} returns caches keyed by tenant. */
    static CacheManager wrap(CacheManager manager, Set<String> shared) {
        ProxyFactory factory = new ProxyFactory(manager);
        factory.setProxyTargetClass(!Modifier.isFinal(manager.getClass().getModifiers()));
        factory.addInterface(CacheManager.class);
        factory.addAdvice(new TenantScopedCacheManager(shared));
        return (CacheManager) factory.getProxy(manager.getClass().getClassLoader());
    }

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
        Object result = invocation.proceed();
        if (result instanceof Cache cache && !(cache instanceof TenantScopedCache)
                && invocation.getMethod().getName().equals("getCache") && !shared.contains(cache.getName())) {
            return scoped.computeIfAbsent(cache, TenantScopedCache::new);
        }
        return result;
    }
}
