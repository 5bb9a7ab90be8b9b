package org.rlstenancy.benchmarks.mode;

import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.rlstenancy.benchmarks.model.DiscriminatorTask;

/** {@link Mode#DISCRIMINATOR}: Hibernate's {@code @TenantId} filter, the tenant from its own resolver. */
final class DiscriminatorMode extends HibernateMode {
    private static final ThreadTenantResolver RESOLVER = new ThreadTenantResolver();

    DiscriminatorMode(DataSource appPool) {
        super(Mode.DISCRIMINATOR, new TaskMapping(DiscriminatorTask.class, false,
                (tenant, projectId, title, createdAt) -> new DiscriminatorTask(projectId, title, createdAt)),
                settings(appPool));
    }

    private static Map<String, Object> settings(DataSource appPool) {
        Map<String, Object> settings = SessionFactories.plainSettings(appPool);
        settings.put("hibernate.tenant_identifier_resolver", RESOLVER);
        return settings;
    }

    @Override
    Session openSession(SessionFactory factory, UUID tenant) {
        return RESOLVER.callAs(tenant, factory::openSession);
    }
}
