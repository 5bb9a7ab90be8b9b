package org.rlstenancy.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rlstenancy.hibernate.HibernateFixture.ACME;
import static org.rlstenancy.hibernate.HibernateFixture.GLOBEX;

import java.sql.SQLException;

import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rlstenancy.core.TenantContext;
import org.rlstenancy.core.testsupport.TestDatabase;
import org.rlstenancy.hibernate.model.Invoice;
import org.rlstenancy.hibernate.model.Project;

class SmokeTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();
    static SessionFactory sessionFactory;

    @BeforeAll
    static void setUp() throws SQLException {
        HibernateFixture.createSchema(db);
        HibernateFixture.seed(db);
        sessionFactory = HibernateFixture.sessionFactory(HibernateFixture.settings(db.appPool(2)));
    }

    @AfterAll
    static void tearDown() {
        sessionFactory.close();
    }

    @Test
    void jpqlSeesOnlyTheTenantsRows() {
        TenantContext.runAs(ACME, () -> sessionFactory.inTransaction(session -> {
            assertThat(session.createSelectionQuery("from Project order by name", Project.class).getResultList())
                    .extracting(Project::getName).containsExactly("acme alpha", "acme beta");
            assertThat(session.createSelectionQuery("from Invoice", Invoice.class).getResultList()).hasSize(2);
        }));
        TenantContext.runAs(GLOBEX, () -> sessionFactory.inTransaction(session ->
            assertThat(session.createSelectionQuery("from Project", Project.class).getResultList())
                    .extracting(Project::getName).containsExactly("globex gamma")));
    }
}
