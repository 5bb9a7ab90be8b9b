package org.rlstenancy.hibernate;

import static org.rlstenancy.hibernate.HibernateFixture.causeChain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.rlstenancy.hibernate.HibernateFixture.ACME;
import static org.rlstenancy.hibernate.HibernateFixture.GLOBEX;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.persistence.EntityNotFoundException;
import jakarta.persistence.OptimisticLockException;
import org.hibernate.ObjectNotFoundException;
import org.hibernate.SessionFactory;
import org.hibernate.StaleStateException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rlstenancy.core.CrossTenantWriteException;
import org.rlstenancy.core.TenantContext;
import org.rlstenancy.core.testsupport.TestDatabase;
import org.rlstenancy.hibernate.model.Invoice;
import org.rlstenancy.hibernate.model.Note;
import org.rlstenancy.hibernate.model.Project;
import org.rlstenancy.hibernate.model.Task;

/**
 * Every way Hibernate writes rows stays inside the current tenant: the stored rows are checked as the superuser,
 * over {@link HibernateFixture#seed} data, re-seeded before each test.
 */
class WriteIsolationTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();
    static SessionFactory sessionFactory;

    @BeforeAll
    static void setUp() throws SQLException {
        HibernateFixture.createSchema(db);
        sessionFactory = HibernateFixture.sessionFactory(HibernateFixture.settings(db.appPool(2)));
    }

    @AfterAll
    static void tearDown() {
        sessionFactory.close();
    }

    @BeforeEach
    void seed() throws SQLException {
        HibernateFixture.seed(db);
    }

    static Stream<Arguments> tenants() {
        return Stream.of(Arguments.of("ACME", ACME, GLOBEX), Arguments.of("GLOBEX", GLOBEX, ACME));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tenants")
    void persistOfAnEntityWithoutTenantFieldStoresTheSessionsTenant(String name, UUID tenant, UUID other)
            throws SQLException {
        Long id = TenantContext.callAs(tenant, () -> sessionFactory.fromTransaction(session -> {
            Project project = new Project("new of " + name);
            session.persist(project);
            return project.getId();
        }));

        assertThat(superuserStrings("select tenant_id from project where id = " + id))
                .containsExactly(tenant.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tenants")
    void persistOfATenantIdEntityStoresTheSessionsTenant(String name, UUID tenant, UUID other)
            throws SQLException {
        Invoice invoice = TenantContext.callAs(tenant, () -> sessionFactory.fromTransaction(session -> {
            Invoice created = new Invoice(4242);
            session.persist(created);
            return created;
        }));

        assertThat(invoice.getTenantId()).isEqualTo(tenant);
        assertThat(superuserStrings("select tenant_id from invoice where amount = 4242"))
                .containsExactly(tenant.toString());
    }

    @Test
    void persistOfATaskReferencingTheTenantsOwnProjectWorks() throws SQLException {
        TenantContext.runAs(ACME, () -> sessionFactory.inTransaction(session ->
                session.persist(new Task(session.getReference(Project.class, 2L), "b2"))));

        assertThat(superuserStrings("select tenant_id || ' ' || project_id from task where title = 'b2'"))
                .containsExactly(ACME + " 2");
        TenantContext.runAs(ACME, () -> sessionFactory.inTransaction(session ->
                assertThat(session.find(Project.class, 2L).getTasks()).extracting(Task::getTitle)
                        .containsExactly("b1", "b2")));
    }

    @Test
    void mergeOfADetachedOwnEntityUpdatesIt() throws SQLException {
        Project detached = TenantContext.callAs(ACME, () -> sessionFactory.fromTransaction(session ->
                session.find(Project.class, 1L)));
        detached.setName("acme alpha renamed");

        TenantContext.runAs(ACME, () -> sessionFactory.inTransaction(session -> session.merge(detached)));

        assertThat(superuserStrings("select tenant_id || ' ' || name from project where id = 1"))
                .containsExactly(ACME + " acme alpha renamed");
        assertThat(superuserLong("select count(*) from project")).isEqualTo(3);
    }

    @Test
    void mergeOfAnotherTenantsDetachedEntityNeverModifiesItsRow() throws SQLException {
        Project globexProject = TenantContext.callAs(GLOBEX, () -> sessionFactory.fromTransaction(session ->
                session.find(Project.class, 3L)));
        globexProject.setName("hijacked");

        catchThrowable(() -> TenantContext.runAs(ACME, () -> sessionFactory.inTransaction(session ->
                session.merge(globexProject))));

        assertThat(superuserStrings("select tenant_id || ' ' || name from project where id = 3"))
                .containsExactly(GLOBEX + " globex gamma");
        assertThat(superuserStrings("select name from project where tenant_id = '" + GLOBEX + "'"))
                .containsExactly("globex gamma");
        assertThat(superuserStrings("select tenant_id from project where name = 'hijacked'"))
                .allMatch(ACME.toString()::equals);
    }

    @Test
    void mergeOfAnotherTenantsDetachedEntityWithTenantFieldNeverModifiesItsRow() throws SQLException {
        Note globexNote = TenantContext.callAs(GLOBEX, () -> sessionFactory.fromTransaction(session ->
                session.find(Note.class, 2L)));
        globexNote.setBody("hijacked");

        catchThrowable(() -> TenantContext.runAs(ACME, () -> sessionFactory.inTransaction(session ->
                session.merge(globexNote))));

        assertThat(superuserStrings("select tenant_id || ' ' || body from note where id = 2"))
                .containsExactly(GLOBEX + " globex note");
        assertThat(superuserStrings("select body from note where tenant_id = '" + GLOBEX + "'"))
                .containsExactly("globex note");
        assertThat(superuserStrings("select tenant_id from note where body = 'hijacked'"))
                .allMatch(ACME.toString()::equals);
    }

    @Test
    void mergeOfAnotherTenantsDetachedTenantIdEntityNeverModifiesItsRow() throws SQLException {
        Invoice globexInvoice = TenantContext.callAs(GLOBEX, () -> sessionFactory.fromTransaction(session ->
                session.find(Invoice.class, 3L)));
        globexInvoice.setAmount(1);

        catchThrowable(() -> TenantContext.runAs(ACME, () -> sessionFactory.inTransaction(session ->
                session.merge(globexInvoice))));

        assertThat(superuserStrings("select tenant_id || ' ' || amount from invoice where id = 3"))
                .containsExactly(GLOBEX + " 900");
        assertThat(superuserStrings("select amount from invoice where tenant_id = '" + GLOBEX + "'"))
                .containsExactly("900");
    }

    @Test
    void removeOfAnOwnEntityDeletesIt() throws SQLException {
        TenantContext.runAs(ACME, () -> sessionFactory.inTransaction(session ->
                session.remove(session.find(Task.class, 3L))));

        assertThat(superuserStrings("select title from task order by title")).containsExactly("a1", "a2", "g1");
    }

    @Test
    void removeThroughAReferenceToAnotherTenantsIdDeletesNothing() throws SQLException {
        Throwable taskFailure = catchThrowable(() -> TenantContext.runAs(ACME, () ->
                sessionFactory.inTransaction(session -> session.remove(session.getReference(Task.class, 4L)))));
        Throwable invoiceFailure = catchThrowable(() -> TenantContext.runAs(ACME, () ->
                sessionFactory.inTransaction(session -> session.remove(session.getReference(Invoice.class, 3L)))));
        Throwable noteFailure = catchThrowable(() -> TenantContext.runAs(GLOBEX, () ->
                sessionFactory.inTransaction(session -> session.remove(session.getReference(Note.class, 1L)))));

        assertNothingOrNotFound(taskFailure);
        assertNothingOrNotFound(invoiceFailure);
        assertNothingOrNotFound(noteFailure);
        assertThat(superuserStrings("select tenant_id || ' ' || title from task where id = 4"))
                .containsExactly(GLOBEX + " g1");
        assertThat(superuserStrings("select tenant_id || ' ' || amount from invoice where id = 3"))
                .containsExactly(GLOBEX + " 900");
        assertThat(superuserStrings("select tenant_id || ' ' || body from note where id = 1"))
                .containsExactly(ACME + " acme note");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tenants")
    void bulkJpqlUpdateTouchesOnlyTheTenantsRows(String name, UUID tenant, UUID other) throws SQLException {
        long otherProjectsBefore = countOf("project", other);
        int updated = TenantContext.callAs(tenant, () -> sessionFactory.fromTransaction(session ->
                session.createMutationQuery("update Project set name = 'renamed'").executeUpdate()));
        int invoicesUpdated = TenantContext.callAs(tenant, () -> sessionFactory.fromTransaction(session ->
                session.createMutationQuery("update Invoice set amount = 0").executeUpdate()));

        assertThat(updated).isEqualTo(countOf("project", tenant));
        assertThat(superuserLong("select count(*) from project where name = 'renamed' and tenant_id = '" + tenant
                + "'")).isEqualTo(updated);
        assertThat(superuserLong("select count(*) from project where name = 'renamed' and tenant_id = '" + other
                + "'")).isZero();
        assertThat(countOf("project", other)).isEqualTo(otherProjectsBefore);
        assertThat(invoicesUpdated).isEqualTo(countOf("invoice", tenant));
        assertThat(superuserLong("select count(*) from invoice where amount = 0 and tenant_id = '" + other + "'"))
                .isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tenants")
    void bulkJpqlDeleteTouchesOnlyTheTenantsRows(String name, UUID tenant, UUID other) throws SQLException {
        long otherTasksBefore = countOf("task", other);
        long ownTasksBefore = countOf("task", tenant);
        long otherInvoicesBefore = countOf("invoice", other);
        long ownInvoicesBefore = countOf("invoice", tenant);
        int deleted = TenantContext.callAs(tenant, () -> sessionFactory.fromTransaction(session ->
                session.createMutationQuery("delete from Task where done = false").executeUpdate()));
        int invoicesDeleted = TenantContext.callAs(tenant, () -> sessionFactory.fromTransaction(session ->
                session.createMutationQuery("delete from Invoice").executeUpdate()));

        assertThat(deleted).isEqualTo(ownTasksBefore);
        assertThat(countOf("task", tenant)).isZero();
        assertThat(countOf("task", other)).isEqualTo(otherTasksBefore);
        assertThat(invoicesDeleted).isEqualTo(ownInvoicesBefore);
        assertThat(countOf("invoice", tenant)).isZero();
        assertThat(countOf("invoice", other)).isEqualTo(otherInvoicesBefore);
    }

    @Test
    void bulkJpqlAimedAtAnotherTenantsRowsTouchesNothing() throws SQLException {
        int updated = TenantContext.callAs(ACME, () -> sessionFactory.fromTransaction(session ->
                session.createMutationQuery("update Task set title = 'hijacked' where id = 4").executeUpdate()));
        int deleted = TenantContext.callAs(ACME, () -> sessionFactory.fromTransaction(session ->
                session.createMutationQuery("delete from Task where title like 'g%'").executeUpdate()));

        assertThat(updated).isZero();
        assertThat(deleted).isZero();
        assertThat(superuserStrings("select tenant_id || ' ' || title from task where id = 4"))
                .containsExactly(GLOBEX + " g1");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tenants")
    void nativeUpdateAndDeleteTouchOnlyTheTenantsRows(String name, UUID tenant, UUID other) throws SQLException {
        long otherTasksBefore = countOf("task", other);
        long ownTasksBefore = countOf("task", tenant);
        long ownProjects = countOf("project", tenant);
        int updated = TenantContext.callAs(tenant, () -> sessionFactory.fromTransaction(session ->
                session.createNativeMutationQuery("update project set name = 'renamed'").executeUpdate()));
        int deleted = TenantContext.callAs(tenant, () -> sessionFactory.fromTransaction(session ->
                session.createNativeMutationQuery("delete from task").executeUpdate()));
        int aimedAtOther = TenantContext.callAs(tenant, () -> sessionFactory.fromTransaction(session ->
                session.createNativeMutationQuery("delete from invoice where tenant_id = :other")
                        .setParameter("other", other).executeUpdate()));

        assertThat(updated).isEqualTo(ownProjects);
        assertThat(deleted).isEqualTo(ownTasksBefore);
        assertThat(aimedAtOther).isZero();
        assertThat(superuserLong("select count(*) from project where name = 'renamed' and tenant_id = '" + other
                + "'")).isZero();
        assertThat(superuserLong("select count(*) from project where name = 'renamed' and tenant_id = '" + tenant
                + "'")).isEqualTo(ownProjects);
        assertThat(countOf("task", other)).isEqualTo(otherTasksBefore);
        assertThat(countOf("task", tenant)).isZero();
        assertThat(countOf("invoice", other)).isPositive();
    }

    @Test
    void persistOfANoteWithAnotherTenantsIdIsRejectedAndWritesNothing() throws SQLException {
        Throwable failure = catchThrowable(() -> TenantContext.runAs(ACME, () -> sessionFactory.inTransaction(
                session -> session.persist(new Note(GLOBEX, "smuggled")))));

        assertRejectedAsCrossTenantWrite(failure);
        assertThat(superuserLong("select count(*) from note where body = 'smuggled'")).isZero();
    }

    @Test
    void persistOfANoteWithTheOwnTenantsIdIsStored() throws SQLException {
        TenantContext.runAs(ACME, () -> sessionFactory.inTransaction(session ->
                session.persist(new Note(ACME, "acme second note"))));

        assertThat(superuserStrings("select tenant_id from note where body = 'acme second note'"))
                .containsExactly(ACME.toString());
    }

    @Test
    void movingAnOwnNoteToAnotherTenantIsRejectedAndTheRowKeepsItsTenant() throws SQLException {
        Throwable failure = catchThrowable(() -> TenantContext.runAs(ACME, () -> sessionFactory.inTransaction(
                session -> session.find(Note.class, 1L).setTenantId(GLOBEX))));

        assertRejectedAsCrossTenantWrite(failure);
        assertThat(superuserStrings("select tenant_id || ' ' || body from note where id = 1"))
                .containsExactly(ACME + " acme note");
        assertThat(countOf("note", GLOBEX)).isEqualTo(1);
    }

    @Test
    void nativeUpdateMovingRowsToAnotherTenantIsRejectedAndNothingMoves() throws SQLException {
        Throwable failure = catchThrowable(() -> TenantContext.runAs(ACME, () -> sessionFactory.inTransaction(
                session -> session.createNativeMutationQuery("update note set tenant_id = :other")
                        .setParameter("other", GLOBEX).executeUpdate())));

        assertRejectedAsCrossTenantWrite(failure);
        assertThat(superuserStrings("select tenant_id || ' ' || body from note order by id"))
                .containsExactly(ACME + " acme note", GLOBEX + " globex note");
    }

    @Test
    void nativeInsertWithAnotherTenantsIdIsRejectedAndWritesNothing() throws SQLException {
        Throwable failure = catchThrowable(() -> TenantContext.runAs(ACME, () -> sessionFactory.inTransaction(
                session -> session.createNativeMutationQuery(
                        "insert into note (tenant_id, body) values (:other, 'smuggled native')")
                        .setParameter("other", GLOBEX).executeUpdate())));

        assertRejectedAsCrossTenantWrite(failure);
        assertThat(superuserLong("select count(*) from note where body = 'smuggled native'")).isZero();
        assertThat(countOf("note", GLOBEX)).isEqualTo(1);
    }

    private static void assertRejectedAsCrossTenantWrite(Throwable failure) {
        assertThat(failure).as("a cross-tenant write must fail").isNotNull();
        assertThat(causeChain(failure)).filteredOn(CrossTenantWriteException.class::isInstance)
                .as("CrossTenantWriteException in the cause chain of %s", failure)
                .isNotEmpty()
                .allSatisfy(e -> assertThat(((CrossTenantWriteException) e).getSQLState()).isEqualTo("42501"));
    }

    private static void assertNothingOrNotFound(Throwable failure) {
        if (failure != null) {
            assertThat(causeChain(failure)).as("cause chain of %s", failure.toString())
                    .anySatisfy(e -> assertThat(e).isInstanceOfAny(EntityNotFoundException.class,
                            ObjectNotFoundException.class, OptimisticLockException.class, StaleStateException.class));
        }
    }


    private static long countOf(String table, UUID tenant) throws SQLException {
        return superuserLong("select count(*) from " + table + " where tenant_id = '" + tenant + "'");
    }

    private static long superuserLong(String sql) throws SQLException {
        return db.superuserLong(sql);
    }

    private static List<String> superuserStrings(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = db.superuserConnection();
             PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
