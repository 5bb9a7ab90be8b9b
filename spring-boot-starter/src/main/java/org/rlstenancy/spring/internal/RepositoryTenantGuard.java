package org.rlstenancy.spring.internal;

import jakarta.persistence.EntityManagerFactory;
import org.aopalliance.intercept.MethodInterceptor;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.rlstenancy.core.SharedData;
import org.rlstenancy.core.TenantContext;
import org.rlstenancy.hibernate.internal.IsolationCheck;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.data.repository.core.RepositoryInformation;
import org.springframework.data.repository.core.support.RepositoryFactoryBeanSupport;

/**
 * Makes every Spring Data repository method require a bound tenant: called with none, it throws
 * {@link org.rlstenancy.core.MissingTenantException} before it opens anything. Methods of {@link Object} are left
 * alone.
 *
 * <p>A repository marked {@link SharedData}, or whose entity is, needs no tenant: called with none, its methods run
 * in a shared-data scope ({@link TenantContext#sharedData()}), on connections that carry no tenant; with a tenant
 * bound, as that tenant. When only the repository is marked, its entity's tables are checked as the start-up check
 * checks {@code @SharedData} entities: one with the tenant column stops the start (or is logged, by
 * {@code rls.tenancy.verification}).
 */
public final class RepositoryTenantGuard implements BeanPostProcessor, BeanFactoryAware {
    private static final MethodInterceptor REQUIRE_TENANT = invocation -> {
        if (invocation.getMethod().getDeclaringClass() != Object.class) {
            TenantContext.require();
        }
        return invocation.proceed();
    };

    private static final MethodInterceptor SHARED_DATA = invocation -> {
        if (TenantContext.current().isPresent() || TenantContext.isCrossTenant()
                || invocation.getMethod().getDeclaringClass() == Object.class) {
            return invocation.proceed();
        }
        try (TenantContext.Scope scope = TenantContext.sharedData()) {
            return invocation.proceed();
        }
    };

    private BeanFactory beanFactory;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof RepositoryFactoryBeanSupport<?, ?, ?> factoryBean) {
            factoryBean.addRepositoryFactoryCustomizer(factory -> factory.addRepositoryProxyPostProcessor(
                    (proxyFactory, information) -> proxyFactory.addAdvice(0, guard(information))));
        }
        return bean;
    }

    private MethodInterceptor guard(RepositoryInformation information) {
        Class<?> entity = information.getDomainType();
        if (entity.isAnnotationPresent(SharedData.class)) {
            return SHARED_DATA;
        }
        if (!information.getRepositoryInterface().isAnnotationPresent(SharedData.class)) {
            return REQUIRE_TENANT;
        }
        EntityManagerFactory entityManagerFactory =
                beanFactory.getBeanProvider(EntityManagerFactory.class).getIfUnique();
        if (entityManagerFactory != null) {
            IsolationCheck.checkSharedData(entityManagerFactory.unwrap(SessionFactoryImplementor.class), entity,
                    "@SharedData repository " + information.getRepositoryInterface().getName());
        }
        return SHARED_DATA;
    }
}
