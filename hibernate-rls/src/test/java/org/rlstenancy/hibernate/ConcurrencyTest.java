package org.rlstenancy.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rlstenancy.core.TenantContext;
import org.rlstenancy.core.TenantPolicySql;
import org.rlstenancy.core.testsupport.TestDatabase;
import org.rlstenancy.hibernate.model.ConcurrencyItem;

class ConcurrencyTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final int THREADS = 8;
    private static final int TENANTS = 20;
    private static final int TRANSACTIONS_PER_THREAD = 5_000;
    private static final int POOL_SIZE = 4;

    static SessionFactory sessionFactory;

    private final List<UUID> tenants = new ArrayList<>();
    private final AtomicLongArray writesStarted = new AtomicLongArray(TENANTS);
    private final AtomicLongArray writesCommitted = new AtomicLongArray(TENANTS);
    private final Queue<Write> committed = new ConcurrentLinkedQueue<>();
    private final Queue<Write> rolledBack = new ConcurrentLinkedQueue<>();
    private final Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
    private final AtomicLong violations = new AtomicLong();
    private final Queue<String> violationSamples = new ConcurrentLinkedQueue<>();
    private final AtomicLong rowsChecked = new AtomicLong();

    private record Write(UUID tenant, String label) {
    }

    @BeforeAll
    static void setUp() throws SQLException {
        db.ownerExecute("CREATE TABLE concurrency_item (id bigserial PRIMARY KEY, tenant_id uuid NOT NULL,"
                + " label text NOT NULL UNIQUE)");
        db.protect(TenantPolicySql.forTable("concurrency_item"));
        Map<String, Object> settings = HibernateFixture.settings(db.appPool(POOL_SIZE));
        settings.put("hibernate.cache.use_second_level_cache", "false");
        sessionFactory = HibernateFixture.sessionFactory(settings, ConcurrencyItem.class);
    }

    @AfterAll
    static void tearDown() {
        if (sessionFactory != null) {
            sessionFactory.close();
        }
    }

    @Test
    void manyThreadsSharingASmallPoolOnlyEverSeeAndWriteTheirBoundTenant() throws Exception {
        for (int i = 0; i < TENANTS; i++) {
            tenants.add(UUID.randomUUID());
        }
        ExecutorService executor = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> workers = new ArrayList<>();
        try {
            for (int thread = 0; thread < THREADS; thread++) {
                int threadIndex = thread;
                workers.add(executor.submit(() -> work(threadIndex)));
            }
            executor.shutdown();
            assertThat(executor.awaitTermination(10, TimeUnit.MINUTES)).as("workers finished").isTrue();
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            executor.shutdownNow();
        }

        assertThat(unexpected).as("unexpected exceptions").isEmpty();
        assertThat(violations.get()).as("isolation violations, e.g. %s", violationSamples).isZero();
        assertThat(rowsChecked.get()).as("rows read and checked").isGreaterThan(10_000);
        assertThat(committed).hasSizeGreaterThan(THREADS * TRANSACTIONS_PER_THREAD / 4);
        assertThat(rolledBack).isNotEmpty();

        Map<String, UUID> stored = storedLabels();
        List<Write> lost = committed.stream().filter(write -> !write.tenant().equals(stored.get(write.label())))
                .toList();
        assertThat(lost.size()).as("committed writes missing or stored under another tenant, e.g. %s",
                lost.stream().limit(5).toList()).isZero();
        List<Write> kept = rolledBack.stream().filter(write -> stored.containsKey(write.label())).toList();
        assertThat(kept.size()).as("rolled-back writes stored anyway, e.g. %s", kept.stream().limit(5).toList())
                .isZero();
        assertThat(stored.size()).as("rows stored").isEqualTo(committed.size());
        assertThat(db.superuserLong("select count(*) from concurrency_item")).isEqualTo(committed.size());
        for (int i = 0; i < TENANTS; i++) {
            assertThat(db.superuserLong("select count(*) from concurrency_item where tenant_id = '" + tenants.get(i)
                    + "'")).as("rows of tenant %d", i).isEqualTo(writesCommitted.get(i));
        }
    }

    private void work(int threadIndex) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < TRANSACTIONS_PER_THREAD; i++) {
            int tenantIndex = random.nextInt(TENANTS);
            UUID tenant = tenants.get(tenantIndex);
            try (TenantContext.Scope ignored = TenantContext.bind(tenant)) {
                int roll = random.nextInt(10);
                if (roll < 6) {
                    read(tenantIndex, tenant, roll == 0);
                } else {
                    write(tenantIndex, tenant, "t" + threadIndex + "-" + i, roll == 9);
                }
            } catch (Throwable t) {
                unexpected.add(t);
            }
            if (TenantContext.current().isPresent()) {
                unexpected.add(new IllegalStateException("tenant left bound on " + Thread.currentThread().getName()));
            }
        }
    }

    private void read(int tenantIndex, UUID tenant, boolean count) {
        long committedBefore = writesCommitted.get(tenantIndex);
        sessionFactory.inTransaction(session -> {
            List<ConcurrencyItem> latest = session.createSelectionQuery(
                    "from ConcurrencyItem order by id desc", ConcurrencyItem.class).setMaxResults(20).getResultList();
            if (latest.size() < Math.min(20, committedBefore)) {
                violation("tenant " + tenant + " saw " + latest.size() + " rows, at least "
                        + Math.min(20, committedBefore) + " committed");
            }
            for (ConcurrencyItem item : latest) {
                rowsChecked.incrementAndGet();
                if (!tenant.equals(item.getTenantId())) {
                    violation("tenant " + tenant + " read " + item.getLabel() + " of " + item.getTenantId());
                }
            }
            if (count) {
                long rows = session.createNativeQuery("select count(*) from concurrency_item", Long.class)
                        .getSingleResult();
                long startedAfter = writesStarted.get(tenantIndex);
                if (rows < committedBefore || rows > startedAfter) {
                    violation("tenant " + tenant + " counted " + rows + " rows, expected between " + committedBefore
                            + " and " + startedAfter);
                }
                long foreign = session.createNativeQuery(
                        "select count(*) from concurrency_item where tenant_id <> :tenant", Long.class)
                        .setParameter("tenant", tenant).getSingleResult();
                if (foreign != 0) {
                    violation("tenant " + tenant + " counted " + foreign + " rows of other tenants");
                }
            }
        });
    }

    private void write(int tenantIndex, UUID tenant, String label, boolean rollBack) {
        try (Session session = sessionFactory.openSession()) {
            Transaction transaction = session.beginTransaction();
            writesStarted.incrementAndGet(tenantIndex);
            session.persist(new ConcurrencyItem(label));
            session.flush();
            if (rollBack) {
                transaction.rollback();
                rolledBack.add(new Write(tenant, label));
            } else {
                transaction.commit();
                writesCommitted.incrementAndGet(tenantIndex);
                committed.add(new Write(tenant, label));
            }
        }
    }

    private void violation(String description) {
        if (violations.incrementAndGet() <= 5) {
            violationSamples.add(description);
        }
    }

    private static Map<String, UUID> storedLabels() throws SQLException {
        Map<String, UUID> stored = new HashMap<>();
        try (Connection connection = db.superuserConnection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select label, tenant_id from concurrency_item")) {
            while (rs.next()) {
                stored.put(rs.getString(1), rs.getObject(2, UUID.class));
            }
        }
        return stored;
    }
}
