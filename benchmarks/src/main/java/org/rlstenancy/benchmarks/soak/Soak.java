package org.rlstenancy.benchmarks.soak;

import java.io.IOException;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.rlstenancy.benchmarks.data.BenchmarkDatabase;
import org.rlstenancy.benchmarks.data.BenchmarkServer;
import org.rlstenancy.benchmarks.data.PgBouncer;
import org.rlstenancy.benchmarks.model.SoakItem;
import org.rlstenancy.benchmarks.soak.SoakOptions.Fault;
import org.rlstenancy.core.TenantContext;
import org.rlstenancy.core.TenantPolicySql;
import org.rlstenancy.hibernate.RlsMultiTenantConnectionProvider;
import org.rlstenancy.hibernate.RlsTenantIdentifierResolver;

/**
 * The soak: many threads run short Hibernate transactions for random tenants against an embedded PostgreSQL,
 * directly or through PgBouncer, while faults are injected. Each operation is one of:
 * <ul>
 *   <li>a read of the tenant's 20 newest rows (and now and then a count of other tenants' rows), every row checked
 *       against the bound tenant;</li>
 *   <li>a write of two rows in one transaction, recorded as acknowledged only once the commit returned;</li>
 *   <li>an insert of a row for another tenant, and an update of another tenant's rows, both of which must change
 *       nothing;</li>
 *   <li>a connection borrowed from the pool with no tenant, which must see no row.</li>
 * </ul>
 * Afterwards the owner reads every tenant's rows, and each acknowledged write must be there exactly once under its
 * tenant; a write that failed must be there whole or not at all.
 */
public final class Soak {
    /** Server connections PgBouncer keeps per database and role: far fewer than the client threads. */
    static final int PGBOUNCER_POOL_SIZE = 4;
    private static final String TABLE = "soak_item";

    private final SoakOptions options;
    private final PrintStream out;
    private final SoakCounters counters = new SoakCounters();
    private final AtomicLong issued = new AtomicLong();
    private final List<UUID> tenants = new ArrayList<>();
    private final List<Writes> writes = new ArrayList<>();

    private BenchmarkServer server;
    private BenchmarkDatabase database;
    private PgBouncer pgBouncer;
    private HikariDataSource pool;
    private SessionFactory sessionFactory;

    public Soak(SoakOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** Runs the soak and checks the database afterwards; everything it started is stopped and dropped. */
    public SoakResult run() throws IOException, SQLException, InterruptedException {
        Random random = new Random(options.seed());
        for (int i = 0; i < options.tenants(); i++) {
            tenants.add(new UUID(random.nextLong(), random.nextLong()));
        }
        server = BenchmarkServer.embedded();
        try {
            database = BenchmarkDatabase.create(server);
            createSchema();
            if (options.pgBouncer()) {
                pgBouncer = PgBouncer.start(server, PGBOUNCER_POOL_SIZE,
                        Map.of(database.appRole(), database.appPassword()));
            }
            pool = new HikariDataSource(poolConfig());
            sessionFactory = sessionFactory(pool);
            out.println(describe());
            return runWorkload();
        } finally {
            close();
        }
    }

    private String describe() {
        return "Soak: " + String.format("%,d", options.operations()) + " operations, " + options.threads()
                + " threads, " + options.tenants() + " tenants, "
                + (pgBouncer != null ? "through PgBouncer (transaction mode, " + PGBOUNCER_POOL_SIZE
                        + " server connections)" : "directly")
                + ", faults: " + (options.faults().isEmpty() ? "none"
                        : String.join(", ", options.faults().stream().sorted().map(Fault::label).toList()))
                + ", seed " + options.seed() + "; PostgreSQL " + serverVersion();
    }

    private SoakResult runWorkload() throws InterruptedException, SQLException, IOException {
        FaultInjector faults = new FaultInjector(options, server, pgBouncer, database, counters, issued, out);
        ExecutorService executor = Executors.newFixedThreadPool(options.threads());
        List<Future<?>> workers = new ArrayList<>();
        long started = System.nanoTime();
        faults.start();
        try {
            for (int thread = 0; thread < options.threads(); thread++) {
                Writes threadWrites = new Writes();
                writes.add(threadWrites);
                SplittableRandom threadRandom = new SplittableRandom(options.seed() * 31 + thread);
                int threadIndex = thread;
                workers.add(executor.submit(() -> work(threadIndex, threadRandom, threadWrites)));
            }
            executor.shutdown();
            while (!executor.awaitTermination(1, TimeUnit.SECONDS)) {
                faults.progress(started);
            }
            for (Future<?> worker : workers) {
                try {
                    worker.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("A soak thread failed", e.getCause());
                }
            }
        } finally {
            executor.shutdownNow();
            faults.stop();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Verification verification = Verification.check(database, tenants, writes, counters, TABLE);
        return new SoakResult(options, describe(), seconds, counters, faults, verification);
    }

    private void work(int thread, SplittableRandom random, Writes threadWrites) {
        boolean faultsInjected = !options.faults().isEmpty();
        long sequence = 0;
        while (issued.getAndIncrement() < options.operations()) {
            int tenantIndex = random.nextInt(tenants.size());
            UUID tenant = tenants.get(tenantIndex);
            int roll = random.nextInt(100);
            long key = ((long) thread << 40) | sequence++;
            long startedNanos = System.nanoTime();
            try (TenantContext.Scope ignored = TenantContext.bind(tenant)) {
                if (roll < 45) {
                    read(tenant, roll < 5);
                } else if (roll < 85) {
                    write(tenantIndex, key, threadWrites);
                } else if (roll < 90) {
                    crossTenantInsert(tenant, otherTenant(random, tenantIndex), key);
                } else if (roll < 95) {
                    crossTenantUpdate(tenant, otherTenant(random, tenantIndex));
                } else {
                    tenantless();
                }
                counters.success(startedNanos);
            } catch (RuntimeException | SQLException e) {
                counters.failure(e, faultsInjected);
            }
        }
    }

    private UUID otherTenant(SplittableRandom random, int tenantIndex) {
        int other = random.nextInt(tenants.size() - 1);
        return tenants.get(other >= tenantIndex ? other + 1 : other);
    }

    private void read(UUID tenant, boolean countOthers) {
        sessionFactory.inTransaction(session -> {
            List<SoakItem> latest = session.createSelectionQuery("from SoakItem order by id desc", SoakItem.class)
                    .setMaxResults(20).getResultList();
            for (SoakItem item : latest) {
                counters.rowsChecked.increment();
                if (!tenant.equals(item.getTenantId())) {
                    counters.crossTenantRowsSeen.increment();
                    counters.sample("tenant " + tenant + " read " + item.getLabel() + " of " + item.getTenantId());
                }
            }
            if (countOthers) {
                long foreign = session.createNativeQuery("select count(*) from " + TABLE + " where tenant_id <> :t",
                        Long.class).setParameter("t", tenant).getSingleResult();
                if (foreign != 0) {
                    counters.crossTenantRowsSeen.add(foreign);
                    counters.sample("tenant " + tenant + " counted " + foreign + " rows of other tenants");
                }
            }
        });
        counters.reads.increment();
    }

    private void write(int tenantIndex, long key, Writes threadWrites) {
        threadWrites.started(key, tenantIndex);
        try (Session session = sessionFactory.openSession()) {
            Transaction transaction = session.beginTransaction();
            session.persist(new SoakItem(Verification.label(key, 1)));
            session.persist(new SoakItem(Verification.label(key, 2)));
            transaction.commit();
        }
        threadWrites.acknowledged();
    }

    private void crossTenantInsert(UUID tenant, UUID other, long key) {
        counters.crossTenantWritesTried.increment();
        try (Session session = sessionFactory.openSession()) {
            Transaction transaction = session.beginTransaction();
            try {
                session.createNativeMutationQuery("insert into " + TABLE + " (tenant_id, label) values (:other, :label)")
                        .setParameter("other", other).setParameter("label", "x" + key).executeUpdate();
                transaction.commit();
            } catch (RuntimeException e) {
                try {
                    transaction.rollback();
                } catch (RuntimeException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                SQLException sql = SoakCounters.rootSqlException(e);
                if (sql != null && "42501".equals(sql.getSQLState())) {
                    counters.crossTenantWritesRefused.increment();
                    return;
                }
                throw e;
            }
        }
        counters.crossTenantWritesAccepted.increment();
        counters.sample("tenant " + tenant + " inserted a row for " + other);
    }

    private void crossTenantUpdate(UUID tenant, UUID other) {
        counters.crossTenantWritesTried.increment();
        int changed = sessionFactory.fromTransaction(session -> session.createNativeMutationQuery(
                "update " + TABLE + " set label = label || '!' where tenant_id = :other")
                .setParameter("other", other).executeUpdate());
        if (changed != 0) {
            counters.crossTenantWritesAccepted.add(changed);
            counters.sample("tenant " + tenant + " updated " + changed + " rows of " + other);
        } else {
            counters.crossTenantWritesRefused.increment();
        }
    }

    /** A connection taken from the pool itself, outside the library: it must carry no tenant, whatever ran before. */
    private void tenantless() throws SQLException {
        counters.tenantlessBorrows.increment();
        try (Connection connection = pool.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select count(*), coalesce(current_setting('app.tenant_id', true),"
                     + " '') from " + TABLE)) {
            rs.next();
            if (rs.getLong(1) != 0 || !rs.getString(2).isEmpty()) {
                counters.tenantlessRowsSeen.add(Math.max(1, rs.getLong(1)));
                counters.sample("a connection with no tenant saw " + rs.getLong(1) + " rows, setting '"
                        + rs.getString(2) + "'");
            }
        }
    }

    private void createSchema() throws SQLException {
        TenantPolicySql policy = TenantPolicySql.forTable(TABLE);
        try (Connection connection = database.ownerConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + TABLE + " (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                    + " tenant_id uuid NOT NULL, label text NOT NULL)");
            for (String sql : policy.statements()) {
                statement.execute(sql);
            }
            // The reads take a tenant's newest rows: an index on (tenant_id, id) serves them.
            statement.execute("CREATE INDEX " + TABLE + "_tenant_id_id_idx ON " + TABLE + " (tenant_id, id)");
            statement.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON " + TABLE + " TO " + database.appRole());
        }
    }

    private HikariConfig poolConfig() {
        HikariConfig config = database.appPoolConfig("soak", options.threads());
        if (pgBouncer != null) {
            config.setJdbcUrl(pgBouncer.jdbcUrl(database.name()));
        }
        // While the server restarts, a thread waits at most this long for a connection, then fails and goes on.
        config.setConnectionTimeout(3_000);
        config.setValidationTimeout(1_000);
        config.setInitializationFailTimeout(10_000);
        return config;
    }

    private static SessionFactory sessionFactory(HikariDataSource pool) {
        Map<String, Object> settings = new java.util.HashMap<>();
        settings.put("hibernate.multi_tenant_connection_provider", new RlsMultiTenantConnectionProvider(pool));
        settings.put("hibernate.tenant_identifier_resolver", new RlsTenantIdentifierResolver());
        settings.put("hibernate.jdbc.use_get_generated_keys", "false");
        settings.put("hibernate.hbm2ddl.auto", "none");
        settings.put("hibernate.cache.use_second_level_cache", "false");
        StandardServiceRegistry registry = new StandardServiceRegistryBuilder().applySettings(settings).build();
        try {
            return new MetadataSources(registry).addAnnotatedClass(SoakItem.class).buildMetadata()
                    .buildSessionFactory();
        } catch (RuntimeException e) {
            StandardServiceRegistryBuilder.destroy(registry);
            throw e;
        }
    }

    private String serverVersion() {
        try {
            return server.version().split(" ")[1];
        } catch (SQLException e) {
            return "(unknown: " + e.getMessage() + ")";
        }
    }

    private void close() {
        if (sessionFactory != null) {
            sessionFactory.close();
        }
        if (pool != null) {
            pool.close();
        }
        if (pgBouncer != null) {
            pgBouncer.close();
        }
        if (database != null) {
            database.closeQuietly();
        }
        server.close();
    }

    /**
     * The writes of one thread: each key with its tenant, and whether its commit returned. Only its own thread adds
     * to it; it is read after all threads have finished.
     */
    static final class Writes {
        private long[] keys = new long[1024];
        private int[] tenantIndexes = new int[1024];
        private boolean[] acknowledged = new boolean[1024];
        private int size;

        void started(long key, int tenantIndex) {
            if (size == keys.length) {
                keys = java.util.Arrays.copyOf(keys, size * 2);
                tenantIndexes = java.util.Arrays.copyOf(tenantIndexes, size * 2);
                acknowledged = java.util.Arrays.copyOf(acknowledged, size * 2);
            }
            keys[size] = key;
            tenantIndexes[size] = tenantIndex;
            size++;
        }

        void acknowledged() {
            acknowledged[size - 1] = true;
        }

        int size() {
            return size;
        }

        long key(int i) {
            return keys[i];
        }

        int tenantIndex(int i) {
            return tenantIndexes[i];
        }

        boolean isAcknowledged(int i) {
            return acknowledged[i];
        }
    }
}
