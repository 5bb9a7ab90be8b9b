package org.rlstenancy.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rlstenancy.hibernate.HibernateFixture.ACME;
import static org.rlstenancy.hibernate.HibernateFixture.causeChain;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rlstenancy.core.CrossTenantWriteException;
import org.rlstenancy.core.MissingTenantException;
import org.rlstenancy.core.RlsTenancyException;
import org.rlstenancy.core.TenantContext;
import org.rlstenancy.core.testsupport.TestDatabase;
import org.rlstenancy.hibernate.model.Note;
import org.rlstenancy.hibernate.model.Project;
import org.rlstenancy.hibernate.model.SharedNote;
import org.rlstenancy.hibernate.model.Specialty;
import org.rlstenancy.hibernate.model.Task;

/** {@code @SharedData} entities read with no tenant, in a shared-data scope; tenant tables stay shut there. */
class SharedDataTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();
    static DataSource appPool;
    static SessionFactory sessionFactory;

    @BeforeAll
    static void createSchema() throws SQLException {
        HibernateFixture.createSchema(db);
        db.ownerExecute("CREATE TABLE specialty (id bigint PRIMARY KEY, name text NOT NULL)",
                "INSERT INTO specialty VALUES (1, 'dentistry'), (2, 'surgery')");
        db.grantApp("specialty");
        appPool = db.appPool(2);
        sessionFactory = HibernateFixture.sessionFactory(HibernateFixture.settings(appPool), Project.class,
                Task.class, Note.class, Specialty.class);
    }

    @AfterAll
    static void close() {
        sessionFactory.close();
    }

    @BeforeEach
    void seed() throws SQLException {
        HibernateFixture.seed(db);
    }

    @Test
    void sharedEntitiesReadWithNoTenantInASharedDataScope() {
        List<String> names = TenantContext.callSharedData(() -> sessionFactory.fromTransaction(session ->
                session.createQuery("select s.name from Specialty s order by s.id", String.class).getResultList()));
        assertThat(names).containsExactly("dentistry", "surgery");
    }

    @Test
    void tenantTablesShowNoRowsAndRefuseWritesInASharedDataScope() {
        TenantContext.runSharedData(() -> sessionFactory.inTransaction(session -> {
            assertThat(session.createQuery("from Project", Project.class).getResultList()).isEmpty();
            assertThat(session.createNativeQuery("select count(*) from note", Long.class).getSingleResult()).isZero();
            assertThat(session.createNativeQuery(
                    "select count(*) from specialty s join project p on true", Long.class).getSingleResult()).isZero();
            assertThat(session.createMutationQuery("delete from Task").executeUpdate()).isZero();
        }));
        assertThatThrownBy(() -> TenantContext.runSharedData(() -> sessionFactory.inTransaction(
                session -> session.persist(new Project("planted")))))
                .satisfies(thrown -> assertThat(causeChain(thrown)).hasAtLeastOneElementOfType(
                        CrossTenantWriteException.class));
    }

    @Test
    void withNoTenantAndNoSharedDataScopeASessionStillRefuses() {
        assertThatThrownBy(() -> sessionFactory.fromTransaction(session ->
                session.createQuery("from Specialty", Specialty.class).getResultList()))
                .isInstanceOf(MissingTenantException.class);
    }

    @Test
    void sharedEntitiesReadAsUsualWithATenantBound() {
        List<String> names = TenantContext.callAs(ACME, () -> sessionFactory.fromTransaction(session -> {
            assertThat(session.createQuery("select p.name from Project p order by p.name", String.class)
                    .getResultList()).containsExactly("acme alpha", "acme beta");
            return session.createQuery("select s.name from Specialty s order by s.id", String.class).getResultList();
        }));
        assertThat(names).containsExactly("dentistry", "surgery");
    }

    @Test
    void aSessionOpenedInTheScopeRunsNoSqlAfterItCloses() {
        Session session;
        try (TenantContext.Scope scope = TenantContext.sharedData()) {
            session = sessionFactory.openSession();
            session.beginTransaction();
            assertThat(session.createQuery("from Specialty", Specialty.class).getResultList()).hasSize(2);
        }
        try (session) {
            assertThatThrownBy(() -> TenantContext.runAs(ACME, () ->
                    session.createQuery("from Project", Project.class).getResultList()))
                    .satisfies(thrown -> assertThat(causeChain(thrown))
                            .hasAtLeastOneElementOfType(MissingTenantException.class));
        }
    }

    @Test
    void startUpRefusesASharedDataEntityOnATableWithTheTenantColumn() {
        assertThatThrownBy(() -> HibernateFixture.sessionFactory(HibernateFixture.settings(appPool), Project.class,
                Task.class, Specialty.class, SharedNote.class))
                .satisfies(thrown -> assertThat(causeChain(thrown)).anySatisfy(cause -> assertThat(cause)
                        .isInstanceOf(RlsTenancyException.class)
                        .hasMessageContaining("table note: has the tenant_id column, but @SharedData entity "
                                + SharedNote.class.getName() + " reads it with no tenant")));
    }

    @Test
    void startUpStillProvesTheTenantTablesNextToSharedOnes() throws SQLException {
        db.ownerExecute("ALTER TABLE invoice NO FORCE ROW LEVEL SECURITY");
        try {
            assertThatThrownBy(() -> HibernateFixture.sessionFactory(HibernateFixture.settings(appPool),
                    Specialty.class, org.rlstenancy.hibernate.model.Invoice.class))
                    .satisfies(thrown -> assertThat(causeChain(thrown)).anySatisfy(cause -> assertThat(cause)
                            .isInstanceOf(RlsTenancyException.class).hasMessageContaining("table invoice")
                            .hasMessageNotContaining("table specialty")));
        } finally {
            db.ownerExecute("ALTER TABLE invoice FORCE ROW LEVEL SECURITY");
        }
    }
}
