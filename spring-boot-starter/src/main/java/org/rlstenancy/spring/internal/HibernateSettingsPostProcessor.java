package org.rlstenancy.spring.internal;

import java.util.Map;
import javax.sql.DataSource;
import org.rlstenancy.core.RlsConfig;
import org.rlstenancy.hibernate.RlsMultiTenantConnectionProvider;
import org.rlstenancy.hibernate.RlsSettings;
import org.rlstenancy.hibernate.RlsTenantIdentifierResolver;
import org.rlstenancy.spring.RlsTenancyProperties;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

/**
 * Gives the entity manager factory Spring Boot builds on the application's {@link DataSource} the RLS connection
 * provider, the tenant resolver and the {@code rls.tenancy.*} settings, just before it is built. A post-processor of
 * Spring's own {@link LocalContainerEntityManagerFactoryBean} rather than a Spring Boot
 * {@code HibernatePropertiesCustomizer}, whose package differs between Spring Boot 3.5 and 4, so one starter serves
 * both. An entity manager factory on another data source is left alone. The data source and the properties are looked
 * up when that factory is configured, not when this post-processor is made, so neither is created early.
 */
public final class HibernateSettingsPostProcessor implements BeanPostProcessor, BeanFactoryAware {
    static final String GENERATED_KEYS = "hibernate.jdbc.use_get_generated_keys";

    private BeanFactory beanFactory;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof LocalContainerEntityManagerFactoryBean factory) {
            DataSource dataSource = beanFactory.getBean(DataSource.class);
            if (factory.getDataSource() == dataSource) {
                apply(factory.getJpaPropertyMap(), dataSource, beanFactory.getBean(RlsTenancyProperties.class));
            }
        }
        return bean;
    }

    /** Puts the settings into {@code settings}, a JPA property map; a generated-keys setting of the application's stays. */
    static void apply(Map<String, Object> settings, DataSource dataSource, RlsTenancyProperties properties) {
        RlsConfig config = properties.toConfig();
        settings.put("hibernate.multi_tenant_connection_provider", new RlsMultiTenantConnectionProvider(dataSource));
        settings.put("hibernate.tenant_identifier_resolver", new RlsTenantIdentifierResolver());
        settings.put(RlsSettings.SETTING_NAME, config.settingName());
        settings.put(RlsSettings.TENANT_ID_TYPE, config.tenantIdType());
        settings.put(RlsSettings.REQUIRE_TENANT_ON_SESSION_OPEN, false);
        settings.put(RlsSettings.TENANT_COLUMN, properties.getTenantColumn());
        settings.put(RlsSettings.VERIFICATION, properties.getVerification());
        settings.put(RlsSettings.MODE, config.mode());
        config.signingKey().ifPresent(key -> settings.put(RlsSettings.SIGNING_KEY, key));
        // Identity inserts then carry RETURNING in their own SQL instead of asking pgJDBC for generated keys, so the
        // tenant setting can travel with them in one round trip. Same SQL on PostgreSQL.
        settings.putIfAbsent(GENERATED_KEYS, "false");
    }
}
