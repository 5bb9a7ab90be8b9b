package org.rlstenancy.spring;

import com.zaxxer.hikari.HikariDataSource;
import java.util.Optional;
import javax.sql.DataSource;
import org.rlstenancy.core.RlsConfig;
import org.rlstenancy.core.TenantContext;
import org.rlstenancy.hibernate.RlsMultiTenantConnectionProvider;
import org.rlstenancy.hibernate.RlsSettings;
import org.rlstenancy.hibernate.RlsTenantIdentifierResolver;
import org.rlstenancy.spring.internal.CrossTenantPool;
import org.rlstenancy.spring.internal.JwtTenantClaimResolver;
import org.rlstenancy.spring.internal.NotFoundAdvice;
import org.rlstenancy.spring.internal.OnPostgreSqlCondition;
import org.rlstenancy.spring.internal.RepositoryTenantGuard;
import org.rlstenancy.spring.internal.TenantBindingFilter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;
import org.springframework.data.repository.core.support.RepositoryFactoryBeanSupport;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;

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
 *   <li>In a servlet application with Spring Security, each authenticated request runs with its principal's tenant
 *   bound (a JWT's {@code tenant_id} claim by default, or a {@link RequestTenantResolver} bean); an authenticated
 *   request without a valid tenant gets 401.</li>
 *   <li>A {@link TaskDecorator} carries the submitting thread's tenant into {@code @Async} methods and the
 *   executors Spring Boot builds.</li>
 *   <li>With {@code rls.tenancy.cross-tenant.url}, a {@link CrossTenantJdbc} for work over every tenant, through a
 *   second pool of a role with BYPASSRLS.</li>
 * </ul>
 * All of it only on PostgreSQL: with {@code rls.tenancy.enabled=false}, or on an embedded test database (H2, HSQLDB,
 * Derby) unless {@code rls.tenancy.require-postgresql=true}, none of it is wired and one line is logged; any other
 * database stops the start with a message ({@link OnPostgreSqlCondition}).
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        beforeName = "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration")
@Conditional(OnPostgreSqlCondition.class)
@EnableConfigurationProperties(RlsTenancyProperties.class)
public class RlsTenancyAutoConfiguration {

    /** Carries the tenant bound when a task is submitted into the thread that runs it. */
    @Bean
    @ConditionalOnMissingBean(name = "rlsTenancyTaskDecorator")
    public TaskDecorator rlsTenancyTaskDecorator() {
        return task -> TenantContext.wrap(task);
    }

    /** Hibernate's side: the RLS connection provider and tenant resolver, and the settings. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HibernatePropertiesCustomizer.class)
    @ConditionalOnSingleCandidate(DataSource.class)
    static class HibernateConfiguration {
        static final String GENERATED_KEYS = "hibernate.jdbc.use_get_generated_keys";

        @Bean
        HibernatePropertiesCustomizer rlsTenancyHibernateProperties(DataSource dataSource,
                RlsTenancyProperties properties) {
            RlsConfig config = properties.toConfig();
            return settings -> {
                settings.put("hibernate.multi_tenant_connection_provider",
                        new RlsMultiTenantConnectionProvider(dataSource));
                settings.put("hibernate.tenant_identifier_resolver", new RlsTenantIdentifierResolver());
                settings.put(RlsSettings.SETTING_NAME, config.settingName());
                settings.put(RlsSettings.TENANT_ID_TYPE, config.tenantIdType());
                settings.put(RlsSettings.REQUIRE_TENANT_ON_SESSION_OPEN, false);
                settings.put(RlsSettings.TENANT_COLUMN, properties.getTenantColumn());
                settings.put(RlsSettings.VERIFICATION, properties.getVerification());
                settings.put(RlsSettings.MODE, config.mode());
                config.signingKey().ifPresent(key -> settings.put(RlsSettings.SIGNING_KEY, key));
                // Identity inserts then carry RETURNING in their own SQL instead of asking pgJDBC for generated
                // keys, so the tenant setting can travel with them in one round trip. Same SQL on PostgreSQL.
                settings.putIfAbsent(GENERATED_KEYS, "false");
            };
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

    /** Spring Security on a servlet stack: the tenant of each authenticated request. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass({SecurityContextHolder.class, FilterRegistrationBean.class})
    static class SecurityConfiguration {
        /**
         * Runs just after Spring Security's filter chain (order -100 by default). Without a
         * {@link RequestTenantResolver} bean, nothing is registered.
         */
        @Bean
        FilterRegistrationBean<TenantBindingFilter> rlsTenancyTenantBindingFilter(
                ObjectProvider<RequestTenantResolver> resolver, RlsTenancyProperties properties) {
            RequestTenantResolver found = resolver.getIfAvailable();
            FilterRegistrationBean<TenantBindingFilter> registration = new FilterRegistrationBean<>(
                    new TenantBindingFilter(found != null ? found : authentication -> Optional.empty(),
                            properties.getTenantIdType()));
            registration.setEnabled(found != null);
            registration.setOrder(0);
            return registration;
        }

        /** The default resolver: the {@code rls.tenancy.tenant-claim} claim of a JWT principal. */
        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(Jwt.class)
        static class JwtConfiguration {
            @Bean
            @ConditionalOnMissingBean
            RequestTenantResolver rlsTenancyJwtTenantResolver(RlsTenancyProperties properties) {
                return new JwtTenantClaimResolver(properties.getTenantClaim(), properties.getTenantIdType());
            }
        }
    }
}
