package org.rlstenancy.benchmarks.mode;

import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.rlstenancy.benchmarks.model.RlsTask;
import org.rlstenancy.core.TenantContext;
import org.rlstenancy.hibernate.RlsMultiTenantConnectionProvider;
import org.rlstenancy.hibernate.RlsTenantIdentifierResolver;

/**
 * {@link Mode#RLS}: {@link RlsMultiTenantConnectionProvider} around the pool and {@link RlsTenantIdentifierResolver};
 * the tenant is bound with {@link TenantContext} and the database's policy does the filtering.
 */
final class RlsMode extends HibernateMode {
    /** The RLS table, whose tenant column the default fills: shared with {@link SeparateSetConfigMode}. */
    static final TaskMapping MAPPING = new TaskMapping(RlsTask.class, false,
            (tenant, projectId, title, createdAt) -> new RlsTask(projectId, title, createdAt));

    RlsMode(DataSource appPool) {
        super(Mode.RLS, MAPPING, settings(appPool));
    }

    private static Map<String, Object> settings(DataSource appPool) {
        Map<String, Object> settings = SessionFactories.commonSettings();
        settings.put("hibernate.multi_tenant_connection_provider", new RlsMultiTenantConnectionProvider(appPool));
        settings.put("hibernate.tenant_identifier_resolver", new RlsTenantIdentifierResolver());
        return settings;
    }

    @Override
    Session openSession(SessionFactory factory, UUID tenant) {
        return TenantContext.callAs(tenant, factory::openSession);
    }
}
