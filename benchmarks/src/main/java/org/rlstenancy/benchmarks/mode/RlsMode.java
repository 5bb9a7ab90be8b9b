package org.rlstenancy.benchmarks.mode;

import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.rlstenancy.benchmarks.data.SigningSecret;
import org.rlstenancy.benchmarks.model.RlsTask;
import org.rlstenancy.core.TenantContext;
import org.rlstenancy.hibernate.RlsMultiTenantConnectionProvider;
import org.rlstenancy.hibernate.RlsSettings;
import org.rlstenancy.hibernate.RlsTenantIdentifierResolver;

/**
 * {@link Mode#RLS} and {@link Mode#RLS_SIGNED}: {@link RlsMultiTenantConnectionProvider} around the pool and
 * {@link RlsTenantIdentifierResolver}; the tenant is bound with {@link TenantContext} and the database's policy does
 * the filtering. The signed one is configured as an application would be, with {@code rls.tenancy.mode=signed} and
 * the key's id and Base64 secret; it maps the same entity to its own table ({@link SignedTableNaming}).
 */
final class RlsMode extends HibernateMode {
    /**
     * The RLS table, whose tenant column the default fills: shared with {@link SeparateSetConfigMode}, and with the
     * signed mode, which maps it to its own table.
     */
    static final TaskMapping MAPPING = new TaskMapping(RlsTask.class, false,
            (tenant, projectId, title, createdAt) -> new RlsTask(projectId, title, createdAt));

    private RlsMode(Mode mode, TaskMapping mapping, Map<String, Object> settings) {
        super(mode, mapping, settings);
    }

    /** {@link Mode#RLS}: the plain mode, the library's defaults. */
    static RlsMode plain(DataSource appPool) {
        return new RlsMode(Mode.RLS, MAPPING, settings(appPool));
    }

    /** {@link Mode#RLS_SIGNED}: each transaction's tenant signed with {@code signing}. */
    static RlsMode signed(DataSource appPool, SigningSecret signing) {
        Map<String, Object> settings = settings(appPool);
        settings.put(RlsSettings.MODE, "signed");
        settings.put(RlsSettings.SIGNING_KEY_ID, signing.keyId());
        settings.put(RlsSettings.SIGNING_KEY, signing.base64());
        settings.put("hibernate.physical_naming_strategy", new SignedTableNaming());
        return new RlsMode(Mode.RLS_SIGNED, MAPPING, settings);
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
