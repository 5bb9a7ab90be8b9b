package org.rlstenancy.hibernate;

import static org.rlstenancy.hibernate.HibernateFixture.causeChain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rlstenancy.hibernate.HibernateFixture.ACME;
import static org.rlstenancy.hibernate.HibernateFixture.GLOBEX;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import org.hibernate.SessionFactory;
import org.hibernate.engine.jdbc.connections.spi.ConnectionProvider;
import org.hibernate.engine.jdbc.connections.spi.MultiTenantConnectionProvider;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.service.UnknownUnwrapTypeException;
import org.hibernate.service.spi.Configurable;
import org.hibernate.service.spi.Stoppable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rlstenancy.core.InvalidTenantIdException;
import org.rlstenancy.core.MissingTenantException;
import org.rlstenancy.core.RlsConfig;
import org.rlstenancy.core.RlsTenancyException;
import org.rlstenancy.core.TenantContext;
import org.rlstenancy.core.TenantPolicySql;
import org.rlstenancy.core.testsupport.RecordingDataSource;
import org.rlstenancy.core.testsupport.TestDatabase;
import org.rlstenancy.hibernate.model.BootstrapItem;
import org.rlstenancy.hibernate.model.BootstrapLabel;
import org.rlstenancy.hibernate.model.Project;
import org.rlstenancy.hibernate.model.TaggedNote;

class BootstrapTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();
    static final String CUSTOM_SETTING = "acme.tenant";
    static final String PERSISTENCE_UNIT_POOL = "rls-bootstrap-unit";
    static DataSource appPool;

    @BeforeAll
    static void createSchema() throws SQLException {
        HibernateFixture.createSchema(db);
        db.ownerExecute(
                "CREATE TABLE bootstrap_label (id bigserial PRIMARY KEY, tenant_id text NOT NULL, name text NOT NULL)",
                "CREATE TABLE bootstrap_item (id bigserial PRIMARY KEY, tenant_id uuid NOT NULL, name text NOT NULL)");
        db.protect(TenantPolicySql.forTable("bootstrap_label").withColumnType("text"));
        db.protect(TenantPolicySql.forTable("bootstrap_item")
                .withConfig(RlsConfig.defaults().withSettingName(CUSTOM_SETTING)));
        appPool = db.appPool(2);
    }

    @BeforeEach
    void seed() throws SQLException {
        HibernateFixture.seed(db);
        db.superuserExecute(
                "TRUNCATE bootstrap_label, bootstrap_item RESTART IDENTITY",
                "INSERT INTO bootstrap_label (tenant_id, name) VALUES ('acme', 'acme label'),"
                        + " ('globex', 'globex label')",
                "INSERT INTO bootstrap_item (tenant_id, name) VALUES ('" + ACME + "', 'acme item'),"
                        + " ('" + GLOBEX + "', 'globex item')");
    }

    @Test
    void persistenceUnitWithJdbcSettingsIsolatesTenantsThroughItsOwnPoolAndClosesIt() throws Exception {
        Map<String, Object> overrides = new HashMap<>();
        overrides.put("jakarta.persistence.jdbc.url", db.jdbcUrl());
        overrides.put("jakarta.persistence.jdbc.user", db.appRole());
        overrides.put("jakarta.persistence.jdbc.password", db.appPassword());
        overrides.put("hibernate.hikari.maximumPoolSize", "2");
        overrides.put("hibernate.hikari.dataSource.ApplicationName", PERSISTENCE_UNIT_POOL);
        EntityManagerFactory emf = Persistence.createEntityManagerFactory("rls-test", overrides);
        HikariDataSource pool;
        try {
            pool = emf.unwrap(SessionFactoryImplementor.class).getServiceRegistry()
                    .requireService(MultiTenantConnectionProvider.class).unwrap(HikariDataSource.class);
            assertThat(pool.getMaximumPoolSize()).isEqualTo(2);
            assertThat(pool.getUsername()).isEqualTo(db.appRole());

            TenantContext.runAs(ACME, () -> {
                EntityManager em = emf.createEntityManager();
                try {
                    assertThat(em.createQuery("select p.name from Project p order by p.name", String.class)
                            .getResultList()).containsExactly("acme alpha", "acme beta");
                    em.getTransaction().begin();
                    em.persist(new Project("acme via persistence unit"));
                    em.getTransaction().commit();
                } finally {
                    em.close();
                }
            });
            TenantContext.runAs(GLOBEX, () -> {
                EntityManager em = emf.createEntityManager();
                try {
                    assertThat(em.createQuery("select p.name from Project p", String.class).getResultList())
                            .containsExactly("globex gamma");
                } finally {
                    em.close();
                }
            });
            assertThat(db.superuserLong("SELECT count(*) FROM project WHERE name = 'acme via persistence unit'"
                    + " AND tenant_id = '" + ACME + "'")).isEqualTo(1);
            assertThat(backendsOfPersistenceUnitPool()).isPositive();
        } finally {
            emf.close();
        }

        assertThat(pool.isClosed()).isTrue();
        assertThat(awaitNoBackendsOfPersistenceUnitPool()).isZero();
    }

    @Test
    void persistenceUnitRefusesAnEntityManagerWithoutTenant() {
        Map<String, Object> overrides = new HashMap<>();
        overrides.put("jakarta.persistence.jdbc.url", db.jdbcUrl());
        overrides.put("jakarta.persistence.jdbc.user", db.appRole());
        overrides.put("jakarta.persistence.jdbc.password", db.appPassword());
        overrides.put("hibernate.hikari.maximumPoolSize", "1");
        EntityManagerFactory emf = Persistence.createEntityManagerFactory("rls-test", overrides);
        try {
            assertThatThrownBy(emf::createEntityManager)
                    .satisfies(e -> assertThat(causeChain(e)).hasAtLeastOneElementOfType(MissingTenantException.class));
        } finally {
            emf.close();
        }
    }

    @Test
    void providerAroundHibernateConnectionProviderIsolatesTenantsAndReturnsRawConnectionsThroughIt()
            throws SQLException {
        HikariDataSource pool = db.appPool(2);
        CountingConnectionProvider connections = new CountingConnectionProvider(pool);
        Map<String, Object> settings = HibernateFixture.settings(pool);
        settings.put("hibernate.multi_tenant_connection_provider", new RlsMultiTenantConnectionProvider(connections));
        SessionFactory sessionFactory = HibernateFixture.sessionFactory(settings);
        try {
            assertThat(connections.configured).isTrue();
            assertThat(sessionFactory.unwrap(SessionFactoryImplementor.class)
                    .getServiceRegistry().requireService(MultiTenantConnectionProvider.class)
                    .unwrap(ConnectionProvider.class)).isSameAs(connections);

            TenantContext.runAs(ACME, () -> sessionFactory.inTransaction(session -> {
                assertThat(projectNames(session)).containsExactly("acme alpha", "acme beta");
                session.persist(new Project("acme via connection provider"));
            }));
            TenantContext.runAs(GLOBEX, () -> sessionFactory.inTransaction(session ->
                    assertThat(projectNames(session)).containsExactly("globex gamma")));
        } finally {
            sessionFactory.close();
        }

        assertThat(db.superuserLong("SELECT count(*) FROM project WHERE name = 'acme via connection provider'"
                + " AND tenant_id = '" + ACME + "'")).isEqualTo(1);
        assertThat(connections.borrowed).isNotEmpty();
        assertThat(connections.closed)
                .usingElementComparator((a, b) -> a == b ? 0 : 1)
                .containsExactlyInAnyOrderElementsOf(connections.borrowed);
        assertThat(connections.stopped).isTrue();
        assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isZero();
        assertThat(TestDatabase.tenantSetting(pool)).isNullOrEmpty();
    }

    @Test
    void dataSourceInstanceSettingWithProviderClassNameIsolatesTenants() throws SQLException {
        RecordingDataSource dataSource = new RecordingDataSource(appPool);
        Map<String, Object> settings = new HashMap<>();
        settings.put("hibernate.multi_tenant_connection_provider", RlsMultiTenantConnectionProvider.class.getName());
        settings.put("hibernate.tenant_identifier_resolver", RlsTenantIdentifierResolver.class.getName());
        settings.put("hibernate.connection.datasource", dataSource);
        settings.put("hibernate.hbm2ddl.auto", "none");
        SessionFactory sessionFactory = HibernateFixture.sessionFactory(settings);
        try {
            assertThat(sessionFactory.unwrap(SessionFactoryImplementor.class).getServiceRegistry()
                    .requireService(MultiTenantConnectionProvider.class).unwrap(DataSource.class))
                    .isSameAs(dataSource);
            int borrowedAtBoot = dataSource.borrowed();

            TenantContext.runAs(ACME, () -> sessionFactory.inTransaction(session -> {
                assertThat(projectNames(session)).containsExactly("acme alpha", "acme beta");
                session.persist(new Project("acme via data source"));
            }));
            TenantContext.runAs(GLOBEX, () -> sessionFactory.inTransaction(session ->
                    assertThat(projectNames(session)).containsExactly("globex gamma")));

            assertThat(dataSource.borrowed()).isGreaterThan(borrowedAtBoot);
        } finally {
            sessionFactory.close();
        }
        assertThat(db.superuserLong("SELECT count(*) FROM project WHERE name = 'acme via data source'"
                + " AND tenant_id = '" + ACME + "'")).isEqualTo(1);
    }

    @Test
    void textTenantIdsIsolateATextTenantColumn() throws SQLException {
        SessionFactory sessionFactory = HibernateFixture.sessionFactory(textTenantSettings(appPool),
                BootstrapLabel.class);
        try {
            TenantContext.runAs("acme", () -> sessionFactory.inTransaction(session -> {
                assertThat(labelNames(session)).containsExactly("acme label");
                session.persist(new BootstrapLabel("acme second label"));
            }));
            TenantContext.runAs("globex", () -> sessionFactory.inTransaction(session ->
                    assertThat(labelNames(session)).containsExactly("globex label")));
        } finally {
            sessionFactory.close();
        }
        assertThat(db.superuserLong("SELECT count(*) FROM bootstrap_label WHERE name = 'acme second label'"
                + " AND tenant_id = 'acme'")).isEqualTo(1);
    }

    @Test
    void uuidTenantIdIsRefusedWhenTenantIdsAreConfiguredAsText() throws SQLException {
        RecordingDataSource dataSource = new RecordingDataSource(appPool);
        SessionFactory sessionFactory = HibernateFixture.sessionFactory(textTenantSettings(dataSource),
                BootstrapLabel.class);
        try {
            int borrowedBefore = dataSource.borrowed();
            assertThatThrownBy(() -> TenantContext.runAs(ACME, () -> sessionFactory.inTransaction(session -> {
                labelNames(session);
                session.persist(new BootstrapLabel("uuid tenant label"));
            })))
                    .satisfies(e -> assertThat(causeChain(e))
                            .filteredOn(InvalidTenantIdException.class::isInstance)
                            .singleElement()
                            .extracting(Throwable::getMessage).asString()
                            .contains(ACME.toString(), "TEXT"));
            assertThat(dataSource.borrowed()).isEqualTo(borrowedBefore);
        } finally {
            sessionFactory.close();
        }
        assertThat(db.superuserLong("SELECT count(*) FROM bootstrap_label WHERE name = 'uuid tenant label'"))
                .isZero();
    }

    @Test
    void customSettingNameIsWhatTheTenantIsWrittenTo() throws SQLException {
        Map<String, Object> settings = HibernateFixture.settings(appPool);
        settings.put(RlsSettings.SETTING_NAME, CUSTOM_SETTING);
        SessionFactory sessionFactory = HibernateFixture.sessionFactory(settings, BootstrapItem.class);
        try {
            TenantContext.runAs(ACME, () -> sessionFactory.inTransaction(session -> {
                assertThat(itemNames(session)).containsExactly("acme item");
                assertThat(session.createNativeQuery("select current_setting('" + CUSTOM_SETTING + "', true)",
                        String.class).getSingleResult()).isEqualTo(ACME.toString());
                assertThat(session.createNativeQuery("select current_setting('app.tenant_id', true)",
                        String.class).getSingleResult()).isNullOrEmpty();
                session.persist(new BootstrapItem("acme second item"));
            }));
            TenantContext.runAs(GLOBEX, () -> sessionFactory.inTransaction(session ->
                    assertThat(itemNames(session)).containsExactly("globex item")));
        } finally {
            sessionFactory.close();
        }
        assertThat(db.superuserLong("SELECT count(*) FROM bootstrap_item WHERE name = 'acme second item'"
                + " AND tenant_id = '" + ACME + "'")).isEqualTo(1);
    }

    @Test
    void defaultSettingNameSeesNothingOfATablePolicedByAnotherSetting() {
        Map<String, Object> settings = HibernateFixture.settings(appPool);
        settings.put(RlsSettings.VERIFICATION, "warn");
        SessionFactory sessionFactory = HibernateFixture.sessionFactory(settings, BootstrapItem.class);
        try {
            TenantContext.runAs(ACME, () -> sessionFactory.inTransaction(session ->
                    assertThat(itemNames(session)).isEmpty()));
        } finally {
            sessionFactory.close();
        }
    }

    @Test
    void aTablePolicedByAnotherSettingStopsTheBootWithAReportNamingIt() {
        assertThatThrownBy(() -> HibernateFixture.sessionFactory(HibernateFixture.settings(appPool),
                BootstrapItem.class).close())
                .satisfies(e -> assertThat(causeChain(e)).extracting(Throwable::getMessage)
                        .anySatisfy(message -> assertThat(message).contains(
                                "The database does not enforce tenant isolation on this model:",
                                "ERROR table bootstrap_item: has no policy comparing tenant_id with app.tenant_id",
                                RlsSettings.VERIFICATION + "=warn")));
    }

    @Test
    void aDefaultOfTheTenantSettingOnTheRoleStopsTheBootNamingIt() throws SQLException {
        db.superuserExecute("ALTER ROLE " + db.appRole() + " SET app.tenant_id = '" + ACME + "'");
        try {
            assertBootFailsWithMessageContaining(HibernateFixture.settings(appPool), "ERROR role " + db.appRole()
                    + ": has a default for app.tenant_id ('" + ACME + "'): sessions that set no tenant see that"
                    + " tenant's rows. ALTER ROLE " + db.appRole() + " RESET app.tenant_id");
        } finally {
            db.superuserExecute("ALTER ROLE " + db.appRole() + " RESET app.tenant_id");
        }
    }

    @Test
    void aCollectionTableWithoutTheTenantColumnStopsTheBootNamingIt() throws SQLException {
        db.ownerExecute("CREATE TABLE tagged_note (id bigserial PRIMARY KEY, tenant_id uuid NOT NULL)",
                "CREATE TABLE tagged_note_tag (note_id bigint NOT NULL REFERENCES tagged_note (id), tags text)");
        db.protect(TenantPolicySql.forTable("tagged_note"));
        db.grantApp("tagged_note_tag");
        try {
            assertThatThrownBy(() -> HibernateFixture.sessionFactory(HibernateFixture.settings(appPool),
                    TaggedNote.class).close())
                    .satisfies(e -> assertThat(causeChain(e)).extracting(Throwable::getMessage)
                            .anySatisfy(message -> assertThat(message).contains("ERROR table tagged_note_tag: holds"
                                    + " rows of tenant table tagged_note (collection " + TaggedNote.class.getName()
                                    + ".tags) but has no tenant_id column, so no policy can protect it")));
        } finally {
            db.ownerExecute("DROP TABLE tagged_note_tag, tagged_note");
        }
    }

    @Test
    void verificationTakesOnlyFailWarnOrOff() {
        Map<String, Object> settings = HibernateFixture.settings(appPool);
        settings.put(RlsSettings.VERIFICATION, "sometimes");
        assertBootFailsWithMessageContaining(settings, RlsSettings.VERIFICATION + ": 'sometimes' is not fail, warn or off");
    }

    @Test
    void unknownTenantIdTypeStopsTheBootNamingTheValue() {
        Map<String, Object> settings = HibernateFixture.settings(appPool);
        settings.put(RlsSettings.TENANT_ID_TYPE, "nope");
        assertBootFailsWithMessageContaining(settings, "'nope'");
    }

    @Test
    void settingNameWithoutDotStopsTheBootNamingTheValue() {
        Map<String, Object> settings = HibernateFixture.settings(appPool);
        settings.put(RlsSettings.SETTING_NAME, "NoDot");
        assertBootFailsWithMessageContaining(settings, "'NoDot'");
    }

    @Test
    void providerClassNameWithoutUrlOrDataSourceStopsTheBootNamingTheJdbcUrlSetting() {
        Map<String, Object> settings = new HashMap<>();
        settings.put("hibernate.multi_tenant_connection_provider", RlsMultiTenantConnectionProvider.class.getName());
        settings.put("hibernate.tenant_identifier_resolver", RlsTenantIdentifierResolver.class.getName());
        settings.put("hibernate.hbm2ddl.auto", "none");
        assertThatThrownBy(() -> HibernateFixture.sessionFactory(settings).close())
                .satisfies(e -> assertThat(causeChain(e))
                        .filteredOn(RlsTenancyException.class::isInstance)
                        .singleElement()
                        .extracting(Throwable::getMessage).asString()
                        .contains("jakarta.persistence.jdbc.url"));
    }

    private static void assertBootFailsWithMessageContaining(Map<String, Object> settings, String text) {
        assertThatThrownBy(() -> HibernateFixture.sessionFactory(settings).close())
                .satisfies(e -> assertThat(causeChain(e))
                        .extracting(Throwable::getMessage)
                        .anySatisfy(message -> assertThat(message).contains(text)));
    }

    private static Map<String, Object> textTenantSettings(DataSource dataSource) {
        Map<String, Object> settings = HibernateFixture.settings(dataSource);
        settings.put(RlsSettings.TENANT_ID_TYPE, "text");
        return settings;
    }

    private static List<String> projectNames(org.hibernate.Session session) {
        return session.createSelectionQuery("select name from Project order by name", String.class).getResultList();
    }

    private static List<String> labelNames(org.hibernate.Session session) {
        return session.createSelectionQuery("select name from BootstrapLabel order by name", String.class)
                .getResultList();
    }

    private static List<String> itemNames(org.hibernate.Session session) {
        return session.createSelectionQuery("select name from BootstrapItem order by name", String.class)
                .getResultList();
    }

    private long backendsOfPersistenceUnitPool() throws SQLException {
        return db.superuserLong("SELECT count(*) FROM pg_stat_activity WHERE usename = '" + db.appRole()
                + "' AND application_name = '" + PERSISTENCE_UNIT_POOL + "'");
    }

    private long awaitNoBackendsOfPersistenceUnitPool() throws SQLException, InterruptedException {
        long remaining = backendsOfPersistenceUnitPool();
        for (int attempt = 0; remaining > 0 && attempt < 300; attempt++) {
            Thread.sleep(100);
            remaining = backendsOfPersistenceUnitPool();
        }
        return remaining;
    }


    /** A Hibernate ConnectionProvider over a pool that records the raw connections it hands out and takes back. */
    static final class CountingConnectionProvider implements ConnectionProvider, Configurable, Stoppable {
        private static final long serialVersionUID = 1L;

        final transient DataSource pool;
        final List<Connection> borrowed = new CopyOnWriteArrayList<>();
        final List<Connection> closed = new CopyOnWriteArrayList<>();
        volatile boolean configured;
        volatile boolean stopped;

        CountingConnectionProvider(DataSource pool) {
            this.pool = pool;
        }

        @Override
        public void configure(Map<String, Object> settings) {
            configured = true;
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection connection = pool.getConnection();
            borrowed.add(connection);
            return connection;
        }

        @Override
        public void closeConnection(Connection connection) throws SQLException {
            closed.add(connection);
            connection.close();
        }

        @Override
        public boolean supportsAggressiveRelease() {
            return false;
        }

        @Override
        public void stop() {
            stopped = true;
        }

        @Override
        public boolean isUnwrappableAs(Class<?> type) {
            return type.isInstance(this);
        }

        @Override
        public <T> T unwrap(Class<T> type) {
            if (type.isInstance(this)) {
                return type.cast(this);
            }
            throw new UnknownUnwrapTypeException(type);
        }
    }
}
