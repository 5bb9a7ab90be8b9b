package org.rlstenancy.spring.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.rlstenancy.spring.RlsTenancyProperties;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.cache.CacheManager;

/**
 * Proxies every {@link CacheManager} bean with {@link TenantScopedCacheManager}, so Spring's cache abstraction
 * ({@code @Cacheable}, {@code @CachePut}, {@code @CacheEvict}, or a {@code Cache} used directly) keeps each tenant's
 * entries apart, whatever the key expression. Once the application has started, logs one warning that lists the
 * caches shared by every tenant, if any.
 */
public final class TenantScopedCacheManagers implements BeanPostProcessor, BeanFactoryAware, SmartInitializingSingleton {
    private static final Log log = LogFactory.getLog("org.rlstenancy.spring.RlsTenancyAutoConfiguration");

    private ListableBeanFactory beanFactory;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = (ListableBeanFactory) beanFactory;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof CacheManager manager && settings().isTenantKeys()) {
            return TenantScopedCacheManager.wrap(manager, Set.copyOf(settings().getSharedCaches()));
        }
        return bean;
    }

    @Override
    public void afterSingletonsInstantiated() {
        RlsTenancyProperties.Cache settings = settings();
        String[] managers = beanFactory.getBeanNamesForType(CacheManager.class, false, false);
        if (managers.length == 0) {
            return;
        }
        if (!settings.isTenantKeys()) {
            Set<String> names = new TreeSet<>();
            for (String manager : managers) {
                names.addAll(beanFactory.getBean(manager, CacheManager.class).getCacheNames());
            }
            log.warn("RLS Tenancy: no cache is keyed by tenant (rls.tenancy.cache.tenant-keys=false): "
                    + (names.isEmpty() ? "every cache" : String.join(", ", names)) + ". What one tenant caches is"
                    + " served to every tenant");
        } else if (!settings.getSharedCaches().isEmpty()) {
            List<String> names = new ArrayList<>(new TreeSet<>(settings.getSharedCaches()));
            log.warn("RLS Tenancy: caches not keyed by tenant (rls.tenancy.cache.shared-caches): "
                    + String.join(", ", names) + ". What they hold is served to every tenant: keep tenant data out"
                    + " of them");
        }
    }

    private RlsTenancyProperties.Cache settings() {
        return beanFactory.getBean(RlsTenancyProperties.class).getCache();
    }
}
