package org.rlstenancy.spring.internal;

import org.aopalliance.intercept.MethodInterceptor;
import org.rlstenancy.core.TenantContext;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.data.repository.core.support.RepositoryFactoryBeanSupport;

/**
 * Makes every Spring Data repository method require a bound tenant: called with none, it throws
 * {@link org.rlstenancy.core.MissingTenantException} before it opens anything. Methods of {@link Object} are left
 * alone.
 */
public final class RepositoryTenantGuard implements BeanPostProcessor {
    private static final MethodInterceptor REQUIRE_TENANT = invocation -> {
        if (invocation.getMethod().getDeclaringClass() != Object.class) {
            TenantContext.require();
        }
        return invocation.proceed();
    };

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof RepositoryFactoryBeanSupport<?, ?, ?> factoryBean) {
            factoryBean.addRepositoryFactoryCustomizer(factory -> factory.addRepositoryProxyPostProcessor(
                    (proxyFactory, information) -> proxyFactory.addAdvice(0, REQUIRE_TENANT)));
        }
        return bean;
    }
}
