package org.rlstenancy.hibernate;

import static org.rlstenancy.hibernate.HibernateFixture.causeChain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.rlstenancy.hibernate.HibernateFixture.ACME;
import static org.rlstenancy.hibernate.HibernateFixture.GLOBEX;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.hibernate.JDBCException;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.util.PSQLException;
import org.rlstenancy.core.CrossTenantScopeException;
import org.rlstenancy.core.InvalidTenantIdException;
import org.rlstenancy.core.MissingTenantException;
import org.rlstenancy.core.TenantContext;
import org.rlstenancy.core.TenantSettingRefusedException;
import org.rlstenancy.core.testsupport.RecordingDataSource;
import org.rlstenancy.core.testsupport.TestDatabase;
import org.rlstenancy.hibernate.model.Invoice;
import org.rlstenancy.hibernate.model.Note;
import org.rlstenancy.hibernate.model.Project;
import org.rlstenancy.hibernate.model.Task;

class TenantLifecycleTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final String[] TABLES = {"project", "task", "note", "invoice"};

    static HikariDataSource pool;
    static RecordingDataSource recording;
    static SessionFactory sessionFactory;
    static RecordingDataSource tenantIdRecording;
    static SessionFactory tenantIdSessionFactory;

    @BeforeAll
    static void setUp() throws SQLException {
        HibernateFixture.createSchema(db);
        pool = db.appPool(1);
        recording = new RecordingDataSource(pool);
        sessionFactory = HibernateFixture.sessionFactory(settings(recording), Project.class, Task.class, Note.class);
        tenantIdRecording = new RecordingDataSource(pool);
        tenantIdSessionFactory = HibernateFixture.sessionFactory(settings(tenantIdRecording),
                HibernateFixture.ENTITIES);
        recording.reset();
        tenantIdRecording.reset();
    }

    @AfterAll
    static void tearDown() {
        if (tenantIdSessionFactory != null) {
            tenantIdSessionFactory.close();
        }
        if (sessionFactory != null) {
            sessionFactory.close();
        }
    }

    private static Map<String, Object> settings(DataSource dataSource) {
        Map<String, Object> settings = HibernateFixture.settings(dataSource);
        settings.put("hibernate.cache.use_second_level_cache", "false");
        return settings;
    }

    @BeforeEach
    void seed() throws SQLException {
        assertThat(TenantContext.current()).isEmpty();
        HibernateFixture.seed(db);
        recording.reset();
        tenantIdRecording.reset();
    }

    @Test
    void withoutATenantOpeningASessionThrowsMissingTenantExceptionAndBorrowsNothing() {
        assertThatThrownBy(sessionFactory::openSession).isInstanceOf(MissingTenantException.class);
        assertThatThrownBy(() -> sessionFactory.inTransaction(session ->
                session.createSelectionQuery("from Project", Project.class).getResultList()))
                .isInstanceOf(MissingTenantException.class);
        assertThatThrownBy(() -> sessionFactory.fromTransaction(session ->
                session.createNativeQuery("select count(*) from project", Long.class).getSingleResult()))
                .isInstanceOf(MissingTenantException.class);

        assertThat(recording.borrowed()).isZero();
        assertThat(recording.executed()).isEmpty();

        TenantContext.runAs(ACME, () -> sessionFactory.inTransaction(session ->
                session.createSelectionQuery("from Project", Project.class).getResultList()));
        assertThat(recording.borrowed()).isEqualTo(1);
        assertThat(recording.executed()).isNotEmpty();
    }

    @Test
    void withTenantNotRequiredOnSessionOpenASessionOpensButItsFirstSqlThrowsAndBorrowsNothing() {
        RecordingDataSource lenient = new RecordingDataSource(pool);
        Map<String, Object> settings = settings(lenient);
        settings.put(RlsSettings.REQUIRE_TENANT_ON_SESSION_OPEN, "false");
        try (SessionFactory factory = HibernateFixture.sessionFactory(settings, Project.class, Task.class, Note.class)) {
            lenient.reset();
            try (Session session = factory.openSession()) {
                var query = session.createSelectionQuery("from Project", Project.class);
                assertThatThrownBy(query::getResultList).isInstanceOf(MissingTenantException.class)
                        .hasMessageContaining(RlsSettings.REQUIRE_TENANT_ON_SESSION_OPEN + "=false");
                assertThatThrownBy(() -> session.find(Project.class, 1L)).isInstanceOf(MissingTenantException.class);
            }
            assertThatThrownBy(() -> factory.inTransaction(session -> session.createNativeQuery(
                    "select count(*) from project", Long.class).getSingleResult()))
                    .isInstanceOf(MissingTenantException.class);
            TenantContext.runCrossTenant(() -> {
                try (Session session = factory.openSession()) {
                    assertThatThrownBy(() -> projects(session)).isInstanceOf(CrossTenantScopeException.class)
                            .hasMessageContaining("inside a cross-tenant scope");
                }
            });
            assertThat(lenient.borrowed()).isZero();
            assertThat(lenient.executed()).isEmpty();

            List<String> names = TenantContext.callAs(ACME, () -> factory.fromTransaction(session ->
                    session.createSelectionQuery("select name from Project", String.class).getResultList()));
            assertThat(names).isNotEmpty().allSatisfy(name -> assertThat(name).startsWith("acme"));
        }
    }

    private static long projects(Session session) {
        return session.createSelectionQuery("select count(*) from Project", Long.class).getSingleResult();
    }

    @Test
    void insideACrossTenantScopeNoSessionOpensEvenWithATenantBoundOutsideIt() {
        try (TenantContext.Scope tenant = TenantContext.bind(ACME);
             TenantContext.Scope scope = TenantContext.crossTenant()) {
            assertThatThrownBy(sessionFactory::openSession).isInstanceOf(CrossTenantScopeException.class);
            assertThatThrownBy(() -> sessionFactory.fromTransaction(TenantLifecycleTest::projects))
                    .isInstanceOf(CrossTenantScopeException.class);
        }
        assertThat(recording.borrowed()).isZero();
    }

    @Test
    void aSessionOpenedBeforeACrossTenantScopeRunsNoSqlInsideItAndGoesOnAfter() {
        try (TenantContext.Scope tenant = TenantContext.bind(ACME)) {
            try (Session idle = sessionFactory.openSession()) {
                TenantContext.runCrossTenant(() -> assertThatThrownBy(() -> projects(idle))
                        .satisfies(e -> assertThat(causeChain(e)).hasAtLeastOneElementOfType(
                                CrossTenantScopeException.class)));
                assertThat(recording.borrowed()).as("nothing borrowed").isZero();
                assertThat(projects(idle)).isEqualTo(2);
            }
            try (Session working = sessionFactory.openSession()) {
                working.beginTransaction();
                assertThat(projects(working)).isEqualTo(2);
                int executed = recording.executed().size();
                TenantContext.runCrossTenant(() -> {
                    assertThatThrownBy(() -> projects(working)).satisfies(e -> assertThat(causeChain(e))
                            .hasAtLeastOneElementOfType(CrossTenantScopeException.class));
                    assertThatThrownBy(() -> working.find(Project.class, 3L)).satisfies(e ->
                            assertThat(causeChain(e)).hasAtLeastOneElementOfType(CrossTenantScopeException.class));
                });
                assertThat(recording.executed()).hasSize(executed);
                assertThat(projects(working)).isEqualTo(2);
                working.getTransaction().commit();
            }
        }
    }

    @Test
    void requireTenantOnSessionOpenTakesOnlyTrueOrFalse() {
        Map<String, Object> settings = settings(pool);
        settings.put(RlsSettings.REQUIRE_TENANT_ON_SESSION_OPEN, "sometimes");
        assertThatThrownBy(() -> HibernateFixture.sessionFactory(settings, Project.class, Task.class, Note.class))
                .satisfies(e -> assertThat(HibernateFixture.causeChain(e)).anySatisfy(cause -> assertThat(cause)
                        .hasMessageContaining(RlsSettings.REQUIRE_TENANT_ON_SESSION_OPEN + ": 'sometimes'")));
    }

    static Stream<Named<Object>> malformedTenantIds() {
        return Stream.of(
                Named.of("empty string", ""),
                Named.of("blank string", " "),
                Named.of("not a uuid", "not-a-uuid"),
                Named.of("uuid text as a String", ACME.toString()),
                Named.of("Long 5", 5L),
                Named.of("200 characters", "a".repeat(200)),
                Named.of("NUL character", "a\u0000b"),
                Named.of("uuid in braces", "{" + ACME + "}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedTenantIds")
    void malformedTenantIdBoundToTenantContextFailsWithInvalidTenantIdBeforeAnySql(Object tenantId)
            throws SQLException {
        Throwable thrown = catchThrowable(() -> TenantContext.runAs(tenantId, () ->
                sessionFactory.inTransaction(session -> {
                    session.persist(new Project("malformed"));
                    session.createSelectionQuery("from Project", Project.class).getResultList();
                })));

        assertThat(causeChain(thrown)).hasAtLeastOneElementOfType(InvalidTenantIdException.class);
        assertThat(TenantContext.current()).isEmpty();
        assertNothingBorrowedOrExecuted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedTenantIds")
    void malformedTenantIdGivenToTheSessionBuilderFailsWithInvalidTenantIdBeforeAnySql(Object tenantId)
            throws SQLException {
        Throwable thrown = catchThrowable(() -> TenantContext.runAs(ACME, () -> {
            try (Session session = sessionFactory.withOptions().tenantIdentifier(tenantId).openSession()) {
                session.createNativeQuery("select count(*) from project", Long.class).getSingleResult();
            }
        }));

        assertThat(causeChain(thrown)).hasAtLeastOneElementOfType(InvalidTenantIdException.class);
        assertNothingBorrowedOrExecuted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedTenantIds")
    void malformedTenantIdWithTenantIdEntitiesMappedIsRejectedBeforeAnySql(Object tenantId) throws SQLException {
        Throwable bound = catchThrowable(() -> TenantContext.runAs(tenantId, () ->
                tenantIdSessionFactory.inTransaction(session -> {
                    session.persist(new Invoice(1));
                    session.createSelectionQuery("from Invoice", Invoice.class).getResultList();
                })));
        Throwable built = catchThrowable(() -> TenantContext.runAs(ACME, () -> {
            try (Session session = tenantIdSessionFactory.withOptions().tenantIdentifier(tenantId).openSession()) {
                session.createNativeQuery("select count(*) from invoice", Long.class).getSingleResult();
            }
        }));

        assertThat(causeChain(bound)).hasAtLeastOneElementOfType(InvalidTenantIdException.class);
        assertThat(causeChain(built)).anyMatch(cause ->
                cause instanceof InvalidTenantIdException || cause instanceof IllegalArgumentException
                        && String.valueOf(cause.getMessage()).contains("tenantId"));
        assertNothingBorrowedOrExecuted();
        assertThat(db.superuserLong("select count(*) from invoice")).isEqualTo(3);
    }

    @Test
    void withTheIntegrationSwitchedOffAWrongTypeTenantIsLeftToHibernatesOwnCheck() throws SQLException {
        Map<String, Object> off = settings(tenantIdRecording);
        off.put(RlsSettings.INTEGRATION_ENABLED, "false");
        try (SessionFactory unchecked = HibernateFixture.sessionFactory(off, HibernateFixture.ENTITIES)) {
            tenantIdRecording.reset();
            Throwable thrown = catchThrowable(() -> TenantContext.runAs(ACME.toString(), () ->
                    unchecked.inTransaction(session ->
                            session.createSelectionQuery("from Invoice", Invoice.class).getResultList())));
            assertThat(causeChain(thrown)).doesNotHaveAnyElementsOfTypes(InvalidTenantIdException.class)
                    .hasAtLeastOneElementOfType(IllegalArgumentException.class);
        }
        assertNothingBorrowedOrExecuted();
    }

    @Test
    void rawPooledConnectionIsCleanAfterACommit() throws SQLException {
        int pid = TenantContext.callAs(ACME, () -> sessionFactory.fromTransaction(session -> {
            session.persist(new Project("after commit"));
            return backendPid(session);
        }));

        assertRawPooledConnectionCarriesNoTenant(pid);
        assertThat(storedProjectTenants("after commit")).containsExactly(ACME);
    }

    @Test
    void rawPooledConnectionIsCleanAfterARollback() throws SQLException {
        int pid;
        try (TenantContext.Scope ignored = TenantContext.bind(ACME); Session session = sessionFactory.openSession()) {
            Transaction transaction = session.beginTransaction();
            session.persist(new Project("rolled back"));
            assertThat(projectNames(session)).containsExactly("acme alpha", "acme beta", "rolled back");
            pid = backendPid(session);
            transaction.rollback();
        }

        assertRawPooledConnectionCarriesNoTenant(pid);
        assertThat(storedProjectTenants("rolled back")).isEmpty();
    }

    @Test
    void rawPooledConnectionIsCleanAfterAnExceptionMidTransaction() throws SQLException {
        AtomicInteger pid = new AtomicInteger();
        try (TenantContext.Scope ignored = TenantContext.bind(GLOBEX); Session session = sessionFactory.openSession()) {
            Transaction transaction = session.beginTransaction();
            session.persist(new Project("before failure"));
            pid.set(backendPid(session));
            Throwable failure = catchThrowable(() ->
                    session.createNativeQuery("select 1/0", Integer.class).getSingleResult());
            assertThat(causeChain(failure)).hasAtLeastOneElementOfType(PSQLException.class);
            transaction.rollback();
        }

        assertRawPooledConnectionCarriesNoTenant(pid.get());
        assertThat(storedProjectTenants("before failure")).isEmpty();
        TenantContext.runAs(GLOBEX, () -> sessionFactory.inTransaction(session ->
                assertThat(projectNames(session)).containsExactly("globex gamma")));
    }

    @Test
    void nativeSqlSettingTheTenantIsRefusedAndTheTransactionGoesOnAsTheSessionsTenant() throws SQLException {
        int pid;
        try (TenantContext.Scope ignored = TenantContext.bind(ACME); Session session = sessionFactory.openSession()) {
            Transaction transaction = session.beginTransaction();
            assertThat(projectNames(session)).containsExactly("acme alpha", "acme beta");
            Throwable refused = catchThrowable(() -> session.createNativeQuery(
                    "select set_config('app.tenant_id', '" + GLOBEX + "', false)", String.class).getSingleResult());
            assertThat(refused).isInstanceOf(JDBCException.class);
            assertThat(((JDBCException) refused).getSQLState()).isEqualTo("42501");
            assertThat(causeChain(refused)).hasAtLeastOneElementOfType(TenantSettingRefusedException.class);
            assertThat(projectNames(session)).containsExactly("acme alpha", "acme beta");
            pid = backendPid(session);
            transaction.rollback();
        }

        assertRawPooledConnectionCarriesNoTenant(pid);
        assertThat(recording.executed()).noneMatch(sql -> sql.contains("false)"));
    }

    @Test
    void rawPooledConnectionIsCleanAfterASessionClosedWithItsTransactionOpen() throws SQLException {
        int pid;
        try (TenantContext.Scope ignored = TenantContext.bind(ACME)) {
            Session session = sessionFactory.openSession();
            session.beginTransaction();
            session.persist(new Project("never committed"));
            pid = backendPid(session);
            session.close();
        }

        assertRawPooledConnectionCarriesNoTenant(pid);
        assertThat(storedProjectTenants("never committed")).isEmpty();
        assertThat(db.superuserLong("select count(*) from project")).isEqualTo(3);
    }

    @Test
    void rawPooledConnectionIsCleanAfterSavepointsWereUsed() throws SQLException {
        int pid = TenantContext.callAs(ACME, () -> sessionFactory.fromTransaction(session -> {
            session.doWork(connection -> {
                Savepoint savepoint = connection.setSavepoint();
                insertProject(connection, "inside savepoint");
                connection.rollback(savepoint);
            });
            session.persist(new Project("after savepoint"));
            return backendPid(session);
        }));

        assertRawPooledConnectionCarriesNoTenant(pid);
        assertThat(storedProjectTenants("after savepoint")).containsExactly(ACME);
        assertThat(storedProjectTenants("inside savepoint")).isEmpty();
    }

    @Test
    void tenantIsFixedWhenTheSessionOpensEvenIfTenantContextIsRebound() throws SQLException {
        try (TenantContext.Scope acme = TenantContext.bind(ACME)) {
            Session session = sessionFactory.openSession();
            try (TenantContext.Scope globex = TenantContext.bind(GLOBEX)) {
                Transaction first = session.beginTransaction();
                assertThat(projectNames(session)).containsExactly("acme alpha", "acme beta");
                assertThat(projectTenants(session)).containsOnly(ACME).hasSize(2);
                session.persist(new Project("first transaction"));
                first.commit();

                Transaction second = session.beginTransaction();
                assertThat(projectNames(session)).containsExactly("acme alpha", "acme beta", "first transaction");
                assertThat(projectTenants(session)).containsOnly(ACME).hasSize(3);
                assertThat(session.createNativeQuery("select count(*) from task", Long.class).getSingleResult())
                        .isEqualTo(3L);
                session.persist(new Project("second transaction"));
                second.commit();
            } finally {
                session.close();
            }
        }

        assertThat(storedProjectTenants("first transaction")).containsExactly(ACME);
        assertThat(storedProjectTenants("second transaction")).containsExactly(ACME);
        assertThat(db.superuserLong("select count(*) from project where tenant_id = '" + GLOBEX + "'")).isEqualTo(1);
    }

    @Test
    void savepointSetAsTheFirstActionOfATransactionDoesNotUndoTheTenantWhenRolledBack() throws SQLException {
        TenantContext.runAs(ACME, () -> sessionFactory.inTransaction(session -> {
            session.doWork(connection -> {
                Savepoint first = connection.setSavepoint();
                connection.rollback(first);
            });
            assertThat(projectNames(session)).containsExactly("acme alpha", "acme beta");
            assertThat(projectTenants(session)).containsOnly(ACME).hasSize(2);
            session.persist(new Project("after first savepoint"));
        }));

        assertThat(storedProjectTenants("after first savepoint")).containsExactly(ACME);
    }

    @Test
    void nestedSavepointRollbacksKeepTheTenantForTheRestOfTheTransaction() throws SQLException {
        TenantContext.runAs(GLOBEX, () -> sessionFactory.inTransaction(session -> {
            session.doWork(connection -> {
                Savepoint outer = connection.setSavepoint("outer");
                insertProject(connection, "outer insert");
                Savepoint inner = connection.setSavepoint("inner");
                insertProject(connection, "inner insert");
                connection.rollback(inner);
                Savepoint failing = connection.setSavepoint("failing");
                try (Statement statement = connection.createStatement()) {
                    assertThatThrownBy(() -> statement.execute("select 1/0")).isInstanceOf(SQLException.class);
                }
                connection.rollback(failing);
                assertThat(countProjects(connection)).isEqualTo(2);
                connection.rollback(outer);
                assertThat(countProjects(connection)).isEqualTo(1);
                Savepoint released = connection.setSavepoint();
                insertProject(connection, "kept after release");
                connection.releaseSavepoint(released);
            });
            assertThat(projectNames(session)).containsExactly("globex gamma", "kept after release");
            assertThat(projectTenants(session)).containsOnly(GLOBEX).hasSize(2);
            session.persist(new Project("after nested savepoints"));
        }));

        assertThat(storedProjectTenants("kept after release")).containsExactly(GLOBEX);
        assertThat(storedProjectTenants("after nested savepoints")).containsExactly(GLOBEX);
        assertThat(storedProjectTenants("outer insert")).isEmpty();
        assertThat(storedProjectTenants("inner insert")).isEmpty();
    }

    @Test
    void readsWithoutATransactionSeeOnlyTheTenantsRowsAndLeaveNothingBehind() throws SQLException {
        int pid;
        try (TenantContext.Scope ignored = TenantContext.bind(GLOBEX); Session session = sessionFactory.openSession()) {
            assertThat(session.getTransaction().isActive()).isFalse();
            assertThat(projectNames(session)).containsExactly("globex gamma");
            assertThat(projectTenants(session)).containsExactly(GLOBEX);
            assertThat(session.createNativeQuery("select count(*) from task", Long.class).getSingleResult())
                    .isEqualTo(1L);
            assertThat(session.createNativeQuery("select body from note", String.class).getResultList())
                    .containsExactly("globex note");
            pid = backendPid(session);
            assertThat(session.getTransaction().isActive()).isFalse();
        }

        // Each read runs in a transaction of its own, the setting folded into its statement.
        assertThat(recording.executed()).hasSize(5).allMatch(sql -> sql.startsWith("select set_config(?, ?, true);"));
        assertRawPooledConnectionCarriesNoTenant(pid);
    }

    @ParameterizedTest(name = "pool of {0}")
    @ValueSource(ints = {1, 2})
    void thousandsOfAlternatingTransactionsEachSeeOnlyTheirOwnTenant(int poolSize) throws SQLException {
        HikariDataSource factoryPool = poolSize == 1 ? pool : db.appPool(poolSize);
        SessionFactory factory = poolSize == 1 ? sessionFactory
                : HibernateFixture.sessionFactory(settings(factoryPool), Project.class, Task.class, Note.class);
        try {
            runAlternatingTransactions(factory, 3000);
        } finally {
            if (factory != sessionFactory) {
                factory.close();
            }
        }
        List<Connection> raw = new ArrayList<>();
        try {
            for (int i = 0; i < poolSize; i++) {
                raw.add(factoryPool.getConnection());
            }
            for (Connection connection : raw) {
                assertConnectionCarriesNoTenant(connection);
            }
        } finally {
            for (Connection connection : raw) {
                connection.close();
            }
        }
    }

    private static void runAlternatingTransactions(SessionFactory factory, int transactions) throws SQLException {
        Random random = new Random(20240611L);
        long acme = 2;
        long globex = 1;
        int rolledBack = 0;
        for (int i = 0; i < transactions; i++) {
            UUID tenant = i % 2 == 0 ? ACME : GLOBEX;
            long expected = tenant.equals(ACME) ? acme : globex;
            int action = random.nextInt(6);
            boolean write = action >= 3;
            boolean commit = action != 2 && action != 5;
            try (TenantContext.Scope ignored = TenantContext.bind(tenant); Session session = factory.openSession()) {
                Transaction transaction = session.beginTransaction();
                List<UUID> seen = projectTenants(session);
                assertThat(seen).as("transaction %d as %s", i, tenant).hasSize((int) expected).containsOnly(tenant);
                if (write) {
                    session.persist(new Project("loop " + i));
                    session.flush();
                    assertThat(projectTenants(session)).as("transaction %d after insert", i)
                            .hasSize((int) expected + 1).containsOnly(tenant);
                }
                if (commit) {
                    transaction.commit();
                } else {
                    transaction.rollback();
                    rolledBack++;
                }
            }
            if (write && commit) {
                if (tenant.equals(ACME)) {
                    acme++;
                } else {
                    globex++;
                }
            }
        }

        assertThat(rolledBack).isGreaterThan(transactions / 5);
        assertThat(acme + globex).isGreaterThan(transactions / 5);
        assertThat(db.superuserLong("select count(*) from project where tenant_id = '" + ACME + "'")).isEqualTo(acme);
        assertThat(db.superuserLong("select count(*) from project where tenant_id = '" + GLOBEX + "'"))
                .isEqualTo(globex);
        assertThat(db.superuserLong("select count(*) from project")).isEqualTo(acme + globex);
    }

    private static List<String> projectNames(Session session) {
        return session.createSelectionQuery("select p.name from Project p order by p.id", String.class)
                .getResultList();
    }

    private static List<UUID> projectTenants(Session session) {
        return session.createNativeQuery("select tenant_id from project", UUID.class).getResultList();
    }

    private static int backendPid(Session session) {
        return session.createNativeQuery("select pg_backend_pid()", Integer.class).getSingleResult();
    }

    private static void insertProject(Connection connection, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("insert into project (name) values (?)")) {
            statement.setString(1, name);
            statement.executeUpdate();
        }
    }

    private static long countProjects(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select count(*) from project")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Takes the single pooled connection raw: the same backend the session used must carry no tenant. */
    private static void assertRawPooledConnectionCarriesNoTenant(int expectedPid) throws SQLException {
        try (Connection raw = pool.getConnection()) {
            try (Statement statement = raw.createStatement();
                 ResultSet rs = statement.executeQuery("select pg_backend_pid()")) {
                rs.next();
                assertThat(rs.getInt(1)).as("backend of the raw connection").isEqualTo(expectedPid);
            }
            assertConnectionCarriesNoTenant(raw);
        }
    }

    private static void assertConnectionCarriesNoTenant(Connection raw) throws SQLException {
        try (Statement statement = raw.createStatement()) {
            try (ResultSet rs = statement.executeQuery("select current_setting('app.tenant_id', true)")) {
                rs.next();
                assertThat(rs.getString(1)).as("tenant setting on the raw connection").isNullOrEmpty();
            }
            for (String table : TABLES) {
                try (ResultSet rs = statement.executeQuery("select count(*) from " + table)) {
                    rs.next();
                    assertThat(rs.getLong(1)).as("rows of %s seen by the raw connection", table).isZero();
                }
            }
        }
    }

    private static void assertNothingBorrowedOrExecuted() throws SQLException {
        assertThat(recording.borrowed()).as("connections borrowed").isZero();
        assertThat(recording.executed()).as("SQL executed").isEmpty();
        assertThat(tenantIdRecording.borrowed()).as("connections borrowed").isZero();
        assertThat(tenantIdRecording.executed()).as("SQL executed").isEmpty();
        assertThat(db.superuserLong("select count(*) from project")).isEqualTo(3);
    }

    private static List<UUID> storedProjectTenants(String name) throws SQLException {
        List<UUID> tenants = new ArrayList<>();
        try (Connection connection = db.superuserConnection();
             PreparedStatement statement = connection.prepareStatement("select tenant_id from project where name = ?")) {
            statement.setString(1, name);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    tenants.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return tenants;
    }

}
