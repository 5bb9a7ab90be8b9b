package org.rlstenancy.spring;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.rlstenancy.core.TenantContext;
import org.rlstenancy.hibernate.RlsMultiTenantConnectionProvider;
import org.rlstenancy.hibernate.RlsTenantIdentifierResolver;
import org.rlstenancy.spring.internal.CrossTenantPool;
import org.rlstenancy.spring.internal.HibernateSettingsPostProcessor;
import org.rlstenancy.spring.internal.NotFoundAdvice;
import org.rlstenancy.spring.internal.OnPostgreSqlCondition;
import org.rlstenancy.spring.internal.RepositoryTenantGuard;
import org.rlstenancy.spring.internal.TenantScopedCacheManagers;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;
import org.springframework.data.repository.core.support.RepositoryFactoryBeanSupport;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

/**
 * Wires row-level-security tenancy into a Spring Boot application:
 * <ul>
 *   <li>Hibernate gets {@link RlsMultiTenantConnectionProvider} around the application's {@link DataSource} and
 *   {@link RlsTenantIdentifierResolver}, with the {@code rls.tenancy.*} properties. Sessions may open with no tenant
 *   (Spring Data checks its queries at start-up) but run no SQL without one.</li>
 *   <li>At start-up, after the migrations, the database must enforce isolation on the model's tenant tables
 *   ({@code rls.tenancy.verification}).</li>
 *   <li>Every Spring Data repository method requires a bound tenant, except those of repositories marked
 *   {@link org.rlstenancy.core.SharedData} or over entities so marked, which run with no tenant.</li>
 *   <li>In a servlet application, a missing row, or another tenant's, answers 404 ({@link NotFoundAdvice};
 *   {@code rls.tenancy.not-found-advice}).</li>
 *   <li>A {@link TaskDecorator} carries the submitting thread's tenant into {@code @Async} methods and the
 *   executors Spring Boot builds.</li>
 *   <li>With {@code rls.tenancy.cross-tenant.url}, a {@link CrossTenantJdbc} for work over every tenant, through a
 *   second pool of a role with BYPASSRLS.</li>
 * </ul>
 * The request side, the tenant of each request and the JWT resource server, is
 * {@link RlsTenancySecurityAutoConfiguration}. All of this only on PostgreSQL: with {@code rls.tenancy.enabled=false},
 * or on an embedded test database (H2, HSQLDB, Derby) unless {@code rls.tenancy.require-postgresql=true}, none of it
 * is wired and one line is logged; any other database stops the start with a message ({@link OnPostgreSqlCondition}).
 */
@AutoConfiguration(
        afterName = {"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration"},
        beforeName = {"org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
            "org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration"})
@Conditional(OnPostgreSqlCondition.class)
@EnableConfigurationProperties(RlsTenancyProperties.class)
public class RlsTenancyAutoConfiguration {

    /**
     * Carries the tenant bound when a task is submitted into the thread that runs it.
     *
     * @return a decorator that wraps each task with {@link TenantContext#wrap(Runnable)}
     */
    @Bean
    @ConditionalOnMissingBean(name = "rlsTenancyTaskDecorator")
    public TaskDecorator rlsTenancyTaskDecorator() {
        return task -> TenantContext.wrap(task);
    }

    /** Hibernate's side: the RLS connection provider and tenant resolver, and the settings. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.hibernate.SessionFactory", value = LocalContainerEntityManagerFactoryBean.class)
    @ConditionalOnSingleCandidate(DataSource.class)
    static class HibernateConfiguration {
        @Bean
        static HibernateSettingsPostProcessor rlsTenancyHibernateSettings() {
            return new HibernateSettingsPostProcessor();
        }
    }

    /**
     * With {@code rls.tenancy.cross-tenant.url}: the {@link CrossTenantJdbc} bean over a pool of its own. Neither is a
     * {@code DataSource} bean, so Spring Boot's {@code DataSource}, JPA and {@code JdbcClient} stay on
     * {@code spring.datasource.*}.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "rls.tenancy.cross-tenant", name = "url")
    @ConditionalOnClass({JdbcClient.class, HikariDataSource.class})
    static class CrossTenantConfiguration {
        @Bean
        CrossTenantPool rlsTenancyCrossTenantPool(RlsTenancyProperties properties) {
            return CrossTenantPool.start(properties.getCrossTenant());
        }

        @Bean
        @ConditionalOnMissingBean
        CrossTenantJdbc crossTenantJdbc(CrossTenantPool rlsTenancyCrossTenantPool) {
            return new CrossTenantJdbc(rlsTenancyCrossTenantPool.dataSource());
        }
    }

    /** Spring's cache abstraction: every cache manager's caches keyed by tenant. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(CacheManager.class)
    static class CacheConfiguration {
        @Bean
        static TenantScopedCacheManagers rlsTenancyTenantScopedCaches() {
            return new TenantScopedCacheManagers();
        }
    }

    /** Spring Data: repository methods need a tenant. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(RepositoryFactoryBeanSupport.class)
    static class RepositoryConfiguration {
        @Bean
        static RepositoryTenantGuard rlsTenancyRepositoryTenantGuard() {
            return new RepositoryTenantGuard();
        }
    }

    /** Spring MVC: a missing row, or another tenant's, answers 404 ({@link NotFoundAdvice}). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
    @ConditionalOnProperty(prefix = "rls.tenancy", name = "not-found-advice", matchIfMissing = true)
    static class NotFoundConfiguration {
        @Bean
        @ConditionalOnMissingBean
        NotFoundAdvice rlsTenancyNotFoundAdvice() {
            return new NotFoundAdvice();
        }
    }
}
