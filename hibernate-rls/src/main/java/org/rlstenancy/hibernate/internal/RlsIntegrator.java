package org.rlstenancy.hibernate.internal;

import java.util.Map;

import org.hibernate.boot.Metadata;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.context.spi.CurrentTenantIdentifierResolver;
import org.hibernate.engine.config.spi.ConfigurationService;
import org.hibernate.engine.jdbc.connections.spi.MultiTenantConnectionProvider;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.service.spi.SessionFactoryServiceRegistry;
import org.rlstenancy.hibernate.RlsMultiTenantConnectionProvider;
import org.rlstenancy.hibernate.RlsSettings;
import org.rlstenancy.hibernate.RlsTenantIdentifierResolver;

/**
 * Registered through {@code META-INF/services}: tells the SessionFactory's {@link RlsTenantIdentifierResolver} the
 * configured tenant id type, so a Session never opens with an id of the wrong type, and whether a Session may open
 * with no tenant ({@value RlsSettings#REQUIRE_TENANT_ON_SESSION_OPEN}); and has the database's isolation of the
 * model's tenant tables verified once the SessionFactory is built, after schema export
 * ({@value RlsSettings#VERIFICATION}). Off with
 * {@value RlsSettings#INTEGRATION_ENABLED}{@code =false}.
 */
public final class RlsIntegrator implements Integrator {

    @Override
    public void integrate(Metadata metadata, BootstrapContext bootstrapContext,
            SessionFactoryImplementor sessionFactory) {
        Map<String, Object> settings =
                sessionFactory.getServiceRegistry().requireService(ConfigurationService.class).getSettings();
        if (!RlsSettings.integrationEnabled(settings)) {
            return;
        }
        CurrentTenantIdentifierResolver<?> resolver =
                sessionFactory.getSessionFactoryOptions().getCurrentTenantIdentifierResolver();
        MultiTenantConnectionProvider<?> provider =
                sessionFactory.getServiceRegistry().getService(MultiTenantConnectionProvider.class);
        if (resolver instanceof RlsTenantIdentifierResolver && provider instanceof RlsMultiTenantConnectionProvider) {
            RlsTenantIdentifierResolver rlsResolver = (RlsTenantIdentifierResolver) resolver;
            rlsResolver.requireTenantIdType(((RlsMultiTenantConnectionProvider) provider).config().tenantIdType());
            rlsResolver.requireTenantOnSessionOpen(RlsSettings.requireTenantOnSessionOpen(settings));
            IsolationCheck.register(sessionFactory, (RlsMultiTenantConnectionProvider) provider, settings);
        }
    }

    @Override
    public void disintegrate(SessionFactoryImplementor sessionFactory, SessionFactoryServiceRegistry registry) {
    }
}
