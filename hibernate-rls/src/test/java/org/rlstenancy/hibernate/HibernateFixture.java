package org.rlstenancy.hibernate;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.rlstenancy.core.TenantPolicySql;
import org.rlstenancy.core.testsupport.TestDatabase;
import org.rlstenancy.hibernate.model.Invoice;
import org.rlstenancy.hibernate.model.Note;
import org.rlstenancy.hibernate.model.Project;
import org.rlstenancy.hibernate.model.Task;

/** The schema of the test model, created by the owner, and SessionFactories over it as the application role. */
public final class HibernateFixture {
    public static final UUID ACME = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    public static final UUID GLOBEX = UUID.fromString("00000000-0000-0000-0000-00000000000b");

    public static final Class<?>[] ENTITIES = {Project.class, Task.class, Note.class, Invoice.class};

    private HibernateFixture() {
    }

    /** Creates project, task, note and invoice, each under the canonical policy, granted to the application role. */
    public static void createSchema(TestDatabase db) throws SQLException {
        db.ownerExecute(
                "CREATE TABLE project (id bigserial PRIMARY KEY, tenant_id uuid NOT NULL, name text NOT NULL)",
                "CREATE TABLE task (id bigserial PRIMARY KEY, tenant_id uuid NOT NULL,"
                        + " project_id bigint NOT NULL, title text NOT NULL, done boolean NOT NULL DEFAULT false)",
                "CREATE TABLE note (id bigserial PRIMARY KEY, tenant_id uuid NOT NULL, body text NOT NULL)",
                "CREATE TABLE invoice (id bigserial PRIMARY KEY, tenant_id uuid NOT NULL, amount bigint NOT NULL)");
        for (String table : new String[] {"project", "task", "note", "invoice"}) {
            db.protect(TenantPolicySql.forTable(table));
        }
        // A task may only reference a project of its own tenant: the foreign key includes the tenant column.
        db.ownerExecute("ALTER TABLE project ADD UNIQUE (tenant_id, id)",
                "ALTER TABLE task ADD FOREIGN KEY (tenant_id, project_id) REFERENCES project (tenant_id, id)");
    }

    /** Removes every row, as the superuser. */
    public static void clear(TestDatabase db) throws SQLException {
        db.superuserExecute("TRUNCATE project, task, note, invoice RESTART IDENTITY");
    }

    /**
     * Seeds, as the superuser: ACME has projects "acme alpha" (tasks "a1", "a2") and "acme beta" (task "b1"), notes
     * "acme note" and invoices 100, 200; GLOBEX has project "globex gamma" (task "g1"), note "globex note" and
     * invoice 900.
     */
    public static void seed(TestDatabase db) throws SQLException {
        clear(db);
        db.superuserExecute(
                "INSERT INTO project (id, tenant_id, name) VALUES (1, '" + ACME + "', 'acme alpha'),"
                        + " (2, '" + ACME + "', 'acme beta'), (3, '" + GLOBEX + "', 'globex gamma')",
                "SELECT setval('project_id_seq', 3)",
                "INSERT INTO task (id, tenant_id, project_id, title) VALUES (1, '" + ACME + "', 1, 'a1'),"
                        + " (2, '" + ACME + "', 1, 'a2'), (3, '" + ACME + "', 2, 'b1'), (4, '" + GLOBEX + "', 3, 'g1')",
                "SELECT setval('task_id_seq', 4)",
                "INSERT INTO note (id, tenant_id, body) VALUES (1, '" + ACME + "', 'acme note'),"
                        + " (2, '" + GLOBEX + "', 'globex note')",
                "SELECT setval('note_id_seq', 2)",
                "INSERT INTO invoice (id, tenant_id, amount) VALUES (1, '" + ACME + "', 100), (2, '" + ACME
                        + "', 200), (3, '" + GLOBEX + "', 900)",
                "SELECT setval('invoice_id_seq', 3)");
    }

    /**
     * Settings for a SessionFactory whose connections come from {@code appDataSource} through our provider. The
     * second-level cache is off: its JCache manager is shared by the JVM, and closing one factory closes it.
     */
    public static Map<String, Object> settings(DataSource appDataSource) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("hibernate.multi_tenant_connection_provider", new RlsMultiTenantConnectionProvider(appDataSource));
        settings.put("hibernate.tenant_identifier_resolver", new RlsTenantIdentifierResolver());
        settings.put("hibernate.hbm2ddl.auto", "none");
        settings.put("hibernate.show_sql", "false");
        settings.put("hibernate.cache.use_second_level_cache", "false");
        return settings;
    }

    /** {@code thrown} and its causes, outermost first. */
    public static List<Throwable> causeChain(Throwable thrown) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable current = thrown; current != null && !chain.contains(current); current = current.getCause()) {
            chain.add(current);
        }
        return chain;
    }

    /** A SessionFactory over {@link #ENTITIES} with {@code settings}. */
    public static SessionFactory sessionFactory(Map<String, Object> settings, Class<?>... entities) {
        StandardServiceRegistry registry = new StandardServiceRegistryBuilder().applySettings(settings).build();
        try {
            MetadataSources sources = new MetadataSources(registry);
            for (Class<?> entity : entities.length == 0 ? ENTITIES : entities) {
                sources.addAnnotatedClass(entity);
            }
            return sources.buildMetadata().buildSessionFactory();
        } catch (RuntimeException e) {
            StandardServiceRegistryBuilder.destroy(registry);
            throw e;
        }
    }
}
