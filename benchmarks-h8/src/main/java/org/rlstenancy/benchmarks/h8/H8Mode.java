package org.rlstenancy.benchmarks.h8;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.random.RandomGenerator;

import javax.sql.DataSource;

import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cfg.MultiTenancySettings;
import org.rlstenancy.benchmarks.data.H8Schema;
import org.rlstenancy.benchmarks.data.TenantIds.Tenant;

/**
 * The {@code h8-rls} mode: a SessionFactory of Hibernate 8 with {@code hibernate.multi_tenant.rls_enabled}, over a
 * pool of the application role, each Session opened for its tenant. The settings are the other modes' (identity
 * inserts with their own {@code RETURNING}, no schema export, no caches), and the workloads run the same queries as
 * theirs ({@code Workload} and {@code Tasks} in {@code benchmarks}), through Hibernate 8's API.
 */
final class H8Mode implements AutoCloseable {
    private static final String BY_ID = "select t from H8Task t where t.id = :id";
    private static final String LATEST = "select t from H8Task t order by t.createdAt desc, t.id desc";
    private static final String COUNT = "select count(t) from H8Task t";
    private static final String NATIVE_COUNT = "select count(*) from " + H8Schema.TABLE;
    /** Rows per page, as {@code Workload.PAGE_SIZE}. */
    private static final int PAGE_SIZE = 20;

    private final SessionFactory factory;

    H8Mode(DataSource appPool) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("hibernate.connection.datasource", appPool);
        settings.put(MultiTenancySettings.MULTI_TENANT_RLS_ENABLED, "true");
        settings.put("hibernate.jdbc.use_get_generated_keys", "false");
        settings.put("hibernate.hbm2ddl.auto", "none");
        settings.put("hibernate.show_sql", "false");
        settings.put("hibernate.cache.use_second_level_cache", "false");
        settings.put("hibernate.cache.use_query_cache", "false");
        StandardServiceRegistry registry = new StandardServiceRegistryBuilder().applySettings(settings).build();
        try {
            factory = new MetadataSources(registry).addAnnotatedClass(H8Task.class).buildMetadata()
                    .buildSessionFactory();
        } catch (RuntimeException e) {
            StandardServiceRegistryBuilder.destroy(registry);
            throw e;
        }
    }

    /** Runs {@code work} in one transaction of a new Session for {@code tenant}; rolls back if it throws. */
    <T> T inTransaction(UUID tenant, Function<Session, T> work) {
        try (Session session = factory.withOptions().tenantIdentifier(tenant).openSession()) {
            Transaction transaction = session.beginTransaction();
            try {
                T result = work.apply(session);
                transaction.commit();
                return result;
            } catch (RuntimeException e) {
                if (transaction.isActive()) {
                    transaction.rollback();
                }
                throw e;
            }
        }
    }

    /** The tenant's tasks counted by JPQL (Hibernate's filter and the policy) and by native SQL (the policy alone). */
    long[] count(UUID tenant) {
        return inTransaction(tenant, session -> new long[] {
            session.createSelectionQuery(COUNT, Long.class).getSingleResult(),
            ((Number) session.createNativeQuery(NATIVE_COUNT, Long.class).getSingleResult()).longValue()});
    }

    /** One transaction of the workload {@code label} ({@code point}, {@code page}, ...), checking its answer. */
    void run(String label, Tenant tenant, RandomGenerator random) {
        switch (label) {
            case "point" -> {
                long id = tenant.randomTaskId(random);
                requireFound(inTransaction(tenant.id(), session -> find(session, id)), tenant, id);
            }
            case "page" -> {
                List<H8Task> page = inTransaction(tenant.id(), session -> session
                        .createSelectionQuery(LATEST, H8Task.class).setMaxResults(PAGE_SIZE).getResultList());
                if (page.size() != PAGE_SIZE) {
                    throw new IllegalStateException("h8-rls: a page of tenant " + tenant.id() + " has " + page.size()
                            + " tasks, not " + PAGE_SIZE);
                }
            }
            case "insert" -> {
                long projectId = 1 + random.nextInt(50);
                inTransaction(tenant.id(), session -> {
                    H8Task task = new H8Task(projectId, "new task", Instant.now());
                    session.persist(task);
                    return task;
                });
            }
            case "update" -> {
                long id = tenant.randomTaskId(random);
                String title = "task " + id + " edited " + random.nextInt(1000);
                inTransaction(tenant.id(), session -> {
                    H8Task task = requireFound(find(session, id), tenant, id);
                    task.setDone(!task.isDone());
                    task.setTitle(title);
                    return task;
                });
            }
            case "mixed" -> {
                int dice = random.nextInt(100);
                run(dice < 70 ? "point" : dice < 90 ? "page" : dice < 95 ? "insert" : "update", tenant, random);
            }
            default -> throw new IllegalArgumentException("Unknown workload " + label);
        }
    }

    private static H8Task find(Session session, long id) {
        return session.createSelectionQuery(BY_ID, H8Task.class).setParameter("id", id).getSingleResultOrNull();
    }

    private static H8Task requireFound(H8Task task, Tenant tenant, long id) {
        if (task == null) {
            throw new IllegalStateException("h8-rls: task " + id + " of tenant " + tenant.id() + " was not found");
        }
        return task;
    }

    @Override
    public void close() {
        factory.close();
    }
}
