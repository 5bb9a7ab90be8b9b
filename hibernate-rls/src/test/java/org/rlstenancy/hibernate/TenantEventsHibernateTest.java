package org.rlstenancy.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rlstenancy.hibernate.HibernateFixture.ACME;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.zaxxer.hikari.HikariDataSource;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rlstenancy.core.MissingTenantException;
import org.rlstenancy.core.TenantContext;
import org.rlstenancy.core.spi.TenantEventListener;
import org.rlstenancy.core.spi.TenantEvents;
import org.rlstenancy.core.testsupport.TestDatabase;
import org.rlstenancy.hibernate.model.Note;
import org.rlstenancy.hibernate.model.Project;
import org.rlstenancy.hibernate.model.Task;

/** What a tenant event listener hears from Hibernate Sessions: each refusal for a missing tenant, each transaction. */
class TenantEventsHibernateTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static HikariDataSource pool;

    @BeforeAll
    static void setUp() throws SQLException {
        HibernateFixture.createSchema(db);
        HibernateFixture.seed(db);
        pool = db.appPool(1);
    }

    @AfterAll
    static void tearDown() {
        pool.close();
    }

    @Test
    void aSessionRefusedForAMissingTenantIsToldOnceWhetherOnOpenOrAtItsFirstSql() {
        List<String> events = new CopyOnWriteArrayList<>();
        TenantEventListener listener = new TenantEventListener() {
            @Override
            public void tenantMissing() {
                events.add("missing");
            }

            @Override
            public void tenantApplied(String tenant, boolean folded, long nanos) {
                events.add("applied " + tenant);
            }
        };
        for (String required : new String[] {"true", "false"}) {
            Map<String, Object> settings = HibernateFixture.settings(pool);
            settings.put(RlsSettings.REQUIRE_TENANT_ON_SESSION_OPEN, required);
            try (SessionFactory factory = HibernateFixture.sessionFactory(settings, Project.class, Task.class, Note.class);
                 TenantEvents.Registration registration = TenantEvents.register(listener)) {
                assertThatThrownBy(() -> {
                    try (Session session = factory.openSession()) {
                        session.createSelectionQuery("from Project", Project.class).getResultList();
                    }
                }).isInstanceOf(MissingTenantException.class);
                TenantContext.runAs(ACME, () -> factory.inTransaction(session ->
                        session.createSelectionQuery("from Project", Project.class).getResultList()));
            }
            assertThat(events).as("required on open: " + required).containsExactly("missing", "applied " + ACME);
            events.clear();
        }
    }
}
