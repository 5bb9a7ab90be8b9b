package org.rlstenancy.spring;

import io.micrometer.core.instrument.MeterRegistry;
import org.rlstenancy.spring.internal.MdcTenantListener;
import org.rlstenancy.spring.internal.RlsTenancyMeterBinder;
import org.rlstenancy.spring.internal.TenantEventsRegistrations;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Metrics and logging for RLS tenancy, wherever {@link RlsTenancyAutoConfiguration} is active:
 * <ul>
 *   <li>With Micrometer and a {@code MeterRegistry} bean, the {@code rls.tenancy.*} meters
 *   ({@link org.rlstenancy.spring.internal.MicrometerTenantListener}), tagged by outcome, never by tenant unless
 *   {@code rls.tenancy.metrics.tag-tenant=true}; off with {@code rls.tenancy.metrics.enabled=false}.</li>
 *   <li>The bound tenant's id in the logging MDC under {@code rls.tenancy.mdc.key} ({@code tenant_id}) for as long
 *   as a tenant scope is open, including on the threads the starter's {@code TaskDecorator} carries it to; off with
 *   {@code rls.tenancy.mdc.enabled=false}.</li>
 * </ul>
 * Both listen through {@link org.rlstenancy.core.spi.TenantEvents}, which is JVM-wide: they hear the tenant work of
 * every application context in the JVM, and are removed when their context closes.
 */
@AutoConfiguration(after = RlsTenancyAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
        // Spring Boot 3.5's names of the same.
        "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnBean(RlsTenancyProperties.class)
@EnableConfigurationProperties({RlsTenancyMetricsProperties.class, RlsTenancyMdcProperties.class})
public class RlsTenancyObservabilityAutoConfiguration {

    /** Micrometer: the meters, bound to the application's registry. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    @ConditionalOnBean(MeterRegistry.class)
    @ConditionalOnProperty(prefix = "rls.tenancy.metrics", name = "enabled", havingValue = "true",
            matchIfMissing = true)
    static class MetricsConfiguration {
        @Bean
        @ConditionalOnMissingBean(name = "rlsTenancyMeterBinder")
        RlsTenancyMeterBinder rlsTenancyMeterBinder(RlsTenancyMetricsProperties properties) {
            return new RlsTenancyMeterBinder(properties.isTagTenant());
        }
    }

    /** SLF4J: the bound tenant in the MDC. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MDC.class)
    @ConditionalOnProperty(prefix = "rls.tenancy.mdc", name = "enabled", havingValue = "true", matchIfMissing = true)
    static class MdcConfiguration {
        @Bean
        @ConditionalOnMissingBean(name = "rlsTenancyMdc")
        TenantEventsRegistrations rlsTenancyMdc(RlsTenancyMdcProperties properties) {
            TenantEventsRegistrations registrations = new TenantEventsRegistrations();
            registrations.register(new MdcTenantListener(properties.getKey()));
            return registrations;
        }
    }
}
