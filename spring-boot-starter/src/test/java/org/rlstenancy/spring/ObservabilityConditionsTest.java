package org.rlstenancy.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.rlstenancy.spring.internal.RlsTenancyMeterBinder;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * When the starter publishes meters and fills the MDC: by default wherever RLS tenancy is wired in (the meters only
 * with Micrometer and a registry), each switched off by its property. No connection is opened.
 */
class ObservabilityConditionsTest {
    private final ApplicationContextRunner withoutRegistry = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RlsTenancyAutoConfiguration.class,
                    RlsTenancyObservabilityAutoConfiguration.class))
            .withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none");
    private final ApplicationContextRunner runner = withoutRegistry.withBean(MeterRegistry.class,
            SimpleMeterRegistry::new);

    @Test
    void bothAreOnByDefault() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(RlsTenancyMeterBinder.class).hasBean("rlsTenancyMdc");
            assertThat(context.getBean(RlsTenancyMetricsProperties.class).isTagTenant()).isFalse();
            assertThat(context.getBean(RlsTenancyMdcProperties.class).getKey()).isEqualTo("tenant_id");
        });
    }

    @Test
    void eachPropertySwitchesItsPartOff() {
        runner.withPropertyValues("rls.tenancy.metrics.enabled=false").run(context -> assertThat(context)
                .doesNotHaveBean(RlsTenancyMeterBinder.class).hasBean("rlsTenancyMdc"));
        runner.withPropertyValues("rls.tenancy.mdc.enabled=false").run(context -> assertThat(context)
                .hasSingleBean(RlsTenancyMeterBinder.class).doesNotHaveBean("rlsTenancyMdc"));
    }

    @Test
    void withoutMicrometerOrARegistryThereAreNoMeters() {
        runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class)).run(context -> assertThat(context)
                .hasNotFailed().doesNotHaveBean(RlsTenancyMeterBinder.class).hasBean("rlsTenancyMdc"));
        withoutRegistry.run(context -> assertThat(context).doesNotHaveBean(RlsTenancyMeterBinder.class));
    }

    @Test
    void withRlsTenancyOffNeitherIsThere() {
        runner.withPropertyValues("rls.tenancy.enabled=false").run(context -> assertThat(context)
                .doesNotHaveBean(RlsTenancyMeterBinder.class).doesNotHaveBean("rlsTenancyMdc"));
    }

    @Test
    void aBlankMdcKeyStopsTheStartSayingWhatToDo() {
        runner.withPropertyValues("rls.tenancy.mdc.key= ").run(context -> assertThat(context).getFailure()
                .rootCause().hasMessageContaining("rls.tenancy.mdc.key is empty"));
    }

    @Test
    void thePropertiesAreDescribedInSpringsConfigurationMetadata() throws Exception {
        try (var in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            String metadata = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(metadata).contains("\"rls.tenancy.metrics.enabled\"", "\"rls.tenancy.metrics.tag-tenant\"",
                    "\"rls.tenancy.mdc.enabled\"", "\"rls.tenancy.mdc.key\"", "one time series per tenant");
        }
    }
}
