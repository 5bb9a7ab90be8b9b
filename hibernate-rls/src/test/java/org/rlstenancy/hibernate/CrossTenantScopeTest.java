package org.rlstenancy.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rlstenancy.hibernate.HibernateFixture.ACME;
import static org.rlstenancy.hibernate.HibernateFixture.causeChain;

import java.sql.SQLException;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rlstenancy.core.CrossTenantScopeException;
import org.rlstenancy.core.TenantContext;
import org.rlstenancy.core.testsupport.RecordingDataSource;
import org.rlstenancy.core.testsupport.TestDatabase;
import org.rlstenancy.hibernate.model.Note;
import org.rlstenancy.hibernate.model.Project;
import org.rlstenancy.hibernate.model.Task;

/**
 * Inside a cross-tenant scope no Session reads a tenant's rows: none opens, none borrows, and one that holds a
 * connection from before the scope runs no statement in it. The Session goes on as its tenant once the scope closes.
 */
class CrossTenantScopeTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static HikariDataSource pool;
    static RecordingDataSource recording;
    static SessionFactory sessionFactory;

    @BeforeAll
    static void setUp() throws SQLException {
        HibernateFixture.createSchema(db);
        pool = db.appPool(1);
        recording = new RecordingDataSource(pool);
        sessionFactory = HibernateFixture.sessionFactory(HibernateFixture.settings(recording));
    }

    @AfterAll
    static void tearDown() {
        if (sessionFactory != null) {
            sessionFactory.close();
        }
    }

    @BeforeEach
    void seed() throws SQLException {
        HibernateFixture.seed(db);
        recording.reset();
    }

    static long projects(Session session) {
        return session.createSelectionQuery("select count(*) from Project", Long.class).getSingleResult();
    }

    @Test
    void insideACrossTenantScopeNoSessionOpensEvenWithATenantBoundOutsideIt() {
        try (TenantContext.Scope tenant = TenantContext.bind(ACME);
             TenantContext.Scope scope = TenantContext.crossTenant()) {
            assertThatThrownBy(sessionFactory::openSession).isInstanceOf(CrossTenantScopeException.class);
            assertThatThrownBy(() -> sessionFactory.fromTransaction(CrossTenantScopeTest::projects))
                    .isInstanceOf(CrossTenantScopeException.class);
        }
        assertThat(recording.borrowed()).isZero();
    }

    @Test
    void aSessionOpenedBeforeTheScopeRunsNoSqlInsideItAndGoesOnAfter() {
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
    void withTenantNotRequiredOnSessionOpenTheFirstSqlInsideTheScopeThrows() {
        RecordingDataSource lenient = new RecordingDataSource(pool);
        Map<String, Object> settings = HibernateFixture.settings(lenient);
        settings.put(RlsSettings.REQUIRE_TENANT_ON_SESSION_OPEN, "false");
        // Without Invoice: Hibernate's own @TenantId filter refuses a Session without a tenant before we are asked.
        try (SessionFactory factory = HibernateFixture.sessionFactory(settings, Project.class, Task.class,
                Note.class)) {
            lenient.reset();
            TenantContext.runCrossTenant(() -> {
                try (Session session = factory.openSession()) {
                    assertThatThrownBy(() -> projects(session)).isInstanceOf(CrossTenantScopeException.class)
                            .hasMessageContaining("inside a cross-tenant scope");
                }
            });
            assertThat(lenient.borrowed()).isZero();
        }
    }
}
