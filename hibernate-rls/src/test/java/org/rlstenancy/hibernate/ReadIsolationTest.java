package org.rlstenancy.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.rlstenancy.hibernate.HibernateFixture.ACME;
import static org.rlstenancy.hibernate.HibernateFixture.GLOBEX;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.stream.Stream;

import jakarta.persistence.EntityNotFoundException;
import jakarta.persistence.Tuple;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Join;
import jakarta.persistence.criteria.Root;
import org.hibernate.Hibernate;
import org.hibernate.ObjectNotFoundException;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rlstenancy.core.TenantContext;
import org.rlstenancy.core.testsupport.TestDatabase;
import org.rlstenancy.hibernate.model.Invoice;
import org.rlstenancy.hibernate.model.Project;
import org.rlstenancy.hibernate.model.Task;

/** Every way Hibernate reads rows returns only the current tenant's, over {@link HibernateFixture#seed} data. */
class ReadIsolationTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();
    static SessionFactory sessionFactory;

    /** What one tenant owns in the seed data, and the ids it must not reach. */
    record Seen(String name, UUID tenant, UUID other, Map<Long, String> projects, List<Long> otherProjectIds,
            Map<String, List<String>> tasksByProject, List<Long> otherTaskIds, List<Long> invoiceAmounts,
            List<Long> otherInvoiceIds) {

        List<String> projectNames() {
            return List.copyOf(projects.values());
        }

        List<String> taskTitles() {
            return tasksByProject.values().stream().flatMap(List::stream).sorted().toList();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Seen> tenants() {
        Map<Long, String> acmeProjects = new LinkedHashMap<>();
        acmeProjects.put(1L, "acme alpha");
        acmeProjects.put(2L, "acme beta");
        Map<String, List<String>> acmeTasks = new LinkedHashMap<>();
        acmeTasks.put("acme alpha", List.of("a1", "a2"));
        acmeTasks.put("acme beta", List.of("b1"));
        return Stream.of(
                new Seen("ACME", ACME, GLOBEX, acmeProjects, List.of(3L), acmeTasks, List.of(4L),
                        List.of(100L, 200L), List.of(3L)),
                new Seen("GLOBEX", GLOBEX, ACME, Map.of(3L, "globex gamma"), List.of(1L, 2L),
                        Map.of("globex gamma", List.of("g1")), List.of(1L, 2L, 3L), List.of(900L), List.of(1L, 2L)));
    }

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

    @ParameterizedTest(name = "{0}")
    @MethodSource("tenants")
    void findReturnsOwnRowsAndNullForAnotherTenantsIds(Seen seen) {
        TenantContext.runAs(seen.tenant(), () -> sessionFactory.inTransaction(session -> {
            seen.projects().forEach((id, name) ->
                    assertThat(session.find(Project.class, id)).extracting(Project::getName).isEqualTo(name));
            for (Long otherId : seen.otherProjectIds()) {
                assertThat(session.find(Project.class, otherId)).isNull();
            }
            for (Long otherId : seen.otherTaskIds()) {
                assertThat(session.find(Task.class, otherId)).isNull();
            }
        }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tenants")
    void getReferenceToAnotherTenantsIdFailsWhenAccessedWhileOwnIdLoads(Seen seen) {
        TenantContext.runAs(seen.tenant(), () -> {
            seen.projects().forEach((id, name) -> sessionFactory.inTransaction(session ->
                    assertThat(session.getReference(Project.class, id).getName()).isEqualTo(name)));
            for (Long otherId : seen.otherProjectIds()) {
                sessionFactory.inTransaction(session -> {
                    Project reference = session.getReference(Project.class, otherId);
                    assertThatThrownBy(reference::getName)
                            .isInstanceOfAny(EntityNotFoundException.class, ObjectNotFoundException.class);
                });
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tenants")
    void jpqlReturnsOnlyTheTenantsRows(Seen seen) {
        TenantContext.runAs(seen.tenant(), () -> sessionFactory.inTransaction(session -> {
            assertThat(session.createSelectionQuery("from Project order by name", Project.class).getResultList())
                    .extracting(Project::getName).containsExactlyElementsOf(seen.projectNames());
            assertThat(session.createSelectionQuery("select t.title from Task t order by t.title", String.class)
                    .getResultList()).containsExactlyElementsOf(seen.taskTitles());
            assertThat(session.createSelectionQuery("from Project where id in :ids", Project.class)
                    .setParameter("ids", seen.otherProjectIds()).getResultList()).isEmpty();
        }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tenants")
    void criteriaQueryReturnsOnlyTheTenantsRows(Seen seen) {
        TenantContext.runAs(seen.tenant(), () -> sessionFactory.inTransaction(session -> {
            CriteriaBuilder cb = session.getCriteriaBuilder();

            CriteriaQuery<Project> all = cb.createQuery(Project.class);
            Root<Project> project = all.from(Project.class);
            all.select(project).orderBy(cb.asc(project.get("name")));
            assertThat(session.createQuery(all).getResultList())
                    .extracting(Project::getName).containsExactlyElementsOf(seen.projectNames());

            CriteriaQuery<Project> others = cb.createQuery(Project.class);
            Root<Project> other = others.from(Project.class);
            others.select(other).where(other.get("id").in(seen.otherProjectIds()));
            assertThat(session.createQuery(others).getResultList()).isEmpty();

            CriteriaQuery<Long> count = cb.createQuery(Long.class);
            count.select(cb.count(count.from(Task.class)));
            assertThat(session.createQuery(count).getSingleResult()).isEqualTo(seen.taskTitles().size());
        }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tenants")
    void nativeQueryReturnsOnlyTheTenantsRows(Seen seen) {
        TenantContext.runAs(seen.tenant(), () -> sessionFactory.inTransaction(session -> {
            assertThat(session.createNativeQuery("select name from project order by name", String.class)
                    .getResultList()).containsExactlyElementsOf(seen.projectNames());
            assertThat(session.createNativeQuery("select title from task order by title", String.class)
                    .getResultList()).containsExactlyElementsOf(seen.taskTitles());
            assertThat(session.createNativeQuery("select distinct tenant_id from project", UUID.class)
                    .getResultList()).containsExactly(seen.tenant());
            assertThat(session.createNativeQuery("select name from project where tenant_id = :other", String.class)
                    .setParameter("other", seen.other()).getResultList()).isEmpty();
            assertThat(session.createNativeQuery("select * from project", Project.class).getResultList())
                    .extracting(Project::getName).containsExactlyInAnyOrderElementsOf(seen.projectNames());
        }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tenants")
    void paginationPagesOverOnlyTheTenantsRows(Seen seen) {
        List<String> titles = seen.taskTitles();
        List<List<String>> expectedPages = new ArrayList<>();
        for (int first = 0; first < titles.size(); first += 2) {
            expectedPages.add(titles.subList(first, Math.min(first + 2, titles.size())));
        }
        TenantContext.runAs(seen.tenant(), () -> sessionFactory.inTransaction(session -> {
            assertThat(pages(first -> session.createSelectionQuery("select t.title from Task t order by t.title",
                    String.class).setFirstResult(first).setMaxResults(2).getResultList()))
                    .isEqualTo(expectedPages);
            assertThat(pages(first -> session.createNativeQuery("select title from task order by title",
                    String.class).setFirstResult(first).setMaxResults(2).getResultList()))
                    .isEqualTo(expectedPages);
            assertThat(session.createSelectionQuery("select t.title from Task t order by t.title", String.class)
                    .setFirstResult(titles.size()).setMaxResults(2).getResultList()).isEmpty();
        }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tenants")
    void countsOnlyTheTenantsRows(Seen seen) {
        TenantContext.runAs(seen.tenant(), () -> sessionFactory.inTransaction(session -> {
            assertThat(session.createSelectionQuery("select count(p) from Project p", Long.class).getSingleResult())
                    .isEqualTo(seen.projects().size());
            assertThat(session.createSelectionQuery("select count(*) from Task", Long.class).getSingleResult())
                    .isEqualTo(seen.taskTitles().size());
            assertThat(session.createNativeQuery("select count(*) from project", Long.class).getSingleResult())
                    .isEqualTo(seen.projects().size());
            assertThat(session.createNativeQuery("select count(*) from task", Long.class).getSingleResult())
                    .isEqualTo(seen.taskTitles().size());
        }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tenants")
    void joinsPairOnlyTheTenantsTasksAndProjects(Seen seen) {
        TenantContext.runAs(seen.tenant(), () -> sessionFactory.inTransaction(session -> {
            Map<String, List<String>> joined = new LinkedHashMap<>();
            session.createSelectionQuery("select p.name, t.title from Task t join t.project p order by p.name,"
                    + " t.title", Object[].class).getResultList()
                    .forEach(row -> joined.computeIfAbsent((String) row[0], k -> new ArrayList<>())
                            .add((String) row[1]));
            assertThat(joined).isEqualTo(seen.tasksByProject());

            CriteriaBuilder cb = session.getCriteriaBuilder();
            CriteriaQuery<Tuple> query = cb.createTupleQuery();
            Root<Task> task = query.from(Task.class);
            Join<Task, Project> project = task.join("project");
            query.multiselect(project.get("name"), task.get("title")).orderBy(cb.asc(task.get("title")));
            assertThat(session.createQuery(query).getResultList())
                    .extracting(tuple -> tuple.get(1, String.class)).containsExactlyElementsOf(seen.taskTitles());

            assertThat(session.createNativeQuery("select t.title from task t join project p on p.id = t.project_id"
                    + " order by t.title", String.class).getResultList())
                    .containsExactlyElementsOf(seen.taskTitles());
        }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tenants")
    void fetchJoinLoadsOnlyTheTenantsProjectsWithTheirTasks(Seen seen) {
        Map<String, List<String>> loaded = TenantContext.callAs(seen.tenant(), () -> sessionFactory.fromTransaction(
                session -> tasksByProject(session.createSelectionQuery(
                        "select p from Project p join fetch p.tasks order by p.name", Project.class).getResultList())));
        assertThat(loaded).isEqualTo(seen.tasksByProject());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tenants")
    void lazyCollectionInitialisedInsideTheSessionHoldsOnlyTheTenantsTasks(Seen seen) {
        TenantContext.runAs(seen.tenant(), () -> sessionFactory.inTransaction(session -> {
            List<Project> projects = session.createSelectionQuery("from Project order by name", Project.class)
                    .getResultList();
            assertThat(projects).noneMatch(p -> Hibernate.isInitialized(p.getTasks()));
            assertThat(tasksByProject(projects)).isEqualTo(seen.tasksByProject());
        }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tenants")
    void lazyCollectionInitialisedWithoutATransactionHoldsOnlyTheTenantsTasks(Seen seen) {
        try (TenantContext.Scope ignored = TenantContext.bind(seen.tenant());
             Session session = sessionFactory.openSession()) {
            List<Project> projects = session.createSelectionQuery("from Project order by name", Project.class)
                    .getResultList();
            assertThat(tasksByProject(projects)).isEqualTo(seen.tasksByProject());
        }
    }

    @Test
    void databaseRefusesATaskThatPointsAtAnotherTenantsProject() throws SQLException {
        Throwable thrown = catchThrowable(() -> TenantContext.runAs(GLOBEX, () -> sessionFactory.inTransaction(
                session -> session.createNativeMutationQuery("insert into task (project_id, title) values (1, 'x')")
                        .executeUpdate())));
        assertThat(HibernateFixture.causeChain(thrown)).anySatisfy(cause -> assertThat(cause)
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23503")));
        assertThatThrownBy(() -> db.superuserExecute("INSERT INTO task (tenant_id, project_id, title) VALUES ('"
                + GLOBEX + "', 1, 'x')")).isInstanceOf(SQLException.class).hasMessageContaining("foreign key");
        assertThat(db.superuserLong("select count(*) from task where title = 'x'")).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tenants")
    void tenantIdEntityReadsOnlyTheTenantsInvoicesThroughJpqlNativeAndFind(Seen seen) {
        TenantContext.runAs(seen.tenant(), () -> sessionFactory.inTransaction(session -> {
            assertThat(session.createSelectionQuery("from Invoice order by amount", Invoice.class).getResultList())
                    .allSatisfy(invoice -> assertThat(invoice.getTenantId()).isEqualTo(seen.tenant()))
                    .extracting(Invoice::getAmount).containsExactlyElementsOf(seen.invoiceAmounts());
            assertThat(session.createNativeQuery("select amount from invoice order by amount", Long.class)
                    .getResultList()).containsExactlyElementsOf(seen.invoiceAmounts());
            assertThat(session.createNativeQuery("select count(*) from invoice where tenant_id = :other", Long.class)
                    .setParameter("other", seen.other()).getSingleResult()).isZero();
            for (Long otherId : seen.otherInvoiceIds()) {
                assertThat(session.find(Invoice.class, otherId)).isNull();
            }
        }));
    }

    private static Map<String, List<String>> tasksByProject(List<Project> projects) {
        Map<String, List<String>> byProject = new LinkedHashMap<>();
        for (Project project : projects) {
            byProject.put(project.getName(), project.getTasks().stream().map(Task::getTitle).toList());
        }
        return byProject;
    }

    private static List<List<String>> pages(IntFunction<List<String>> page) {
        List<List<String>> pages = new ArrayList<>();
        for (int first = 0; ; first += 2) {
            List<String> rows = page.apply(first);
            if (rows.isEmpty() || pages.size() > 10) {
                return pages;
            }
            pages.add(List.copyOf(rows));
        }
    }
}
