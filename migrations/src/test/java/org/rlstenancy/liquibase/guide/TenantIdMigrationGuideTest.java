package org.rlstenancy.liquibase.guide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.context.spi.CurrentTenantIdentifierResolver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rlstenancy.core.TenantContext;
import org.rlstenancy.core.testsupport.TestDatabase;
import org.rlstenancy.hibernate.RlsMultiTenantConnectionProvider;
import org.rlstenancy.hibernate.RlsTenantIdentifierResolver;
import org.rlstenancy.liquibase.Migrator;
import org.rlstenancy.liquibase.TenantChangelogGenerator;

/**
 * Follows the README's migration guide: an application on Hibernate's {@code @TenantId} discriminator
 * multi-tenancy, its schema and data for two tenants, a changelog generated from its model and applied by
 * Liquibase; then native SQL as the application role sees and writes only its tenant's rows in every table.
 */
class TenantIdMigrationGuideTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    static Path dir;

    static final UUID ACME = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    static final UUID GLOBEX = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    static final Map<UUID, Map<String, Long>> ids = new HashMap<>();

    /** The resolver the application used before: Hibernate's discriminator filter, no row-level security. */
    public static final class DiscriminatorResolver implements CurrentTenantIdentifierResolver<UUID> {
        static volatile UUID current;

        @Override
        public UUID resolveCurrentTenantIdentifier() {
            return current;
        }

        @Override
        public boolean validateExistingCurrentSessions() {
            return false;
        }
    }

    @BeforeAll
    static void migrate() throws Exception {
        Map<String, Object> before = new HashMap<>();
        before.put("jakarta.persistence.jdbc.url", db.jdbcUrl());
        before.put("jakarta.persistence.jdbc.user", db.ownerRole());
        before.put("jakarta.persistence.jdbc.password", db.ownerPassword());
        before.put("hibernate.tenant_identifier_resolver", new DiscriminatorResolver());
        before.put("hibernate.hbm2ddl.auto", "create");
        try (SessionFactory existing = sessionFactory(before)) {
            seed(existing, ACME, "acme");
            seed(existing, GLOBEX, "globex");
        }

        Path changelog = dir.resolve("tenant-isolation.yaml");
        TenantChangelogGenerator.forEntities(GuideModel.ENTITIES).applicationRole(db.appRole()).write(changelog);
        assertThat(Files.readString(changelog)).contains("enableTenantIsolation", "tenantForeignKey",
                "grantTenantAccess");
        new Migrator(db, dir).update("tenant-isolation.yaml");
    }

    private static void seed(SessionFactory factory, UUID tenant, String name) {
        DiscriminatorResolver.current = tenant;
        Map<String, Long> tenantIds = new HashMap<>();
        factory.inTransaction(session -> {
            Country country = session.find(Country.class, "DE");
            if (country == null) {
                country = new Country();
                country.code = "DE";
                country.name = "Germany";
                session.persist(country);
            }
            Customer customer = new Customer();
            customer.name = name + " customer";
            customer.country = country;
            customer.tags.add(name + "-vip");
            customer.tags.add(name + "-new");
            session.persist(customer);
            Label label = new Label();
            label.name = name + " label";
            session.persist(label);
            Project project = new Project();
            project.name = name + " project";
            project.customer = customer;
            project.labels.add(label);
            session.persist(project);
            Task task = new Task();
            task.title = name + " task";
            task.project = project;
            session.persist(task);
            Invoice invoice = new Invoice();
            invoice.title = name + " invoice";
            invoice.amount = BigDecimal.TEN;
            session.persist(invoice);
            Contract contract = new Contract();
            contract.title = name + " contract";
            contract.customer = customer;
            session.persist(contract);
            session.flush();
            tenantIds.put("customer", customer.id);
            tenantIds.put("label", label.id);
            tenantIds.put("project", project.id);
            tenantIds.put("invoice", invoice.id);
        });
        ids.put(tenant, tenantIds);
    }

    private static SessionFactory sessionFactory(Map<String, Object> settings) {
        StandardServiceRegistry registry = new StandardServiceRegistryBuilder().applySettings(settings).build();
        MetadataSources sources = new MetadataSources(registry);
        GuideModel.ENTITIES.forEach(sources::addAnnotatedClass);
        return sources.buildMetadata().buildSessionFactory();
    }

    @ParameterizedTest
    @ValueSource(strings = {"customer", "customer_tag", "label", "project", "project_label", "task", "document",
            "invoice", "contract"})
    void applicationRoleReadsOnlyItsTenantsRows(String table) throws SQLException {
        long acmeRows = db.superuserLong("SELECT count(*) FROM " + table + " WHERE tenant_id = '" + ACME + "'");
        long globexRows = db.superuserLong("SELECT count(*) FROM " + table + " WHERE tenant_id = '" + GLOBEX + "'");
        assertThat(acmeRows).isPositive();
        assertThat(globexRows).isPositive();
        assertThat(count(ACME, "SELECT count(*) FROM " + table)).isEqualTo(acmeRows);
        assertThat(count(GLOBEX, "SELECT count(*) FROM " + table)).isEqualTo(globexRows);
        assertThat(count(ACME, "SELECT count(*) FROM " + table + " WHERE tenant_id = '" + GLOBEX + "'")).isZero();
        assertThat(count(null, "SELECT count(*) FROM " + table)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"customer", "customer_tag", "label", "project", "project_label", "task", "document",
            "invoice", "contract"})
    void applicationRoleCannotChangeOtherTenantsRows(String table) throws SQLException {
        long globexRows = db.superuserLong("SELECT count(*) FROM " + table + " WHERE tenant_id = '" + GLOBEX + "'");
        assertThat(update(ACME, "UPDATE " + table + " SET tenant_id = tenant_id WHERE tenant_id = '" + GLOBEX + "'"))
                .isZero();
        assertThat(update(ACME, "DELETE FROM " + table + " WHERE tenant_id = '" + GLOBEX + "'")).isZero();
        assertThat(db.superuserLong("SELECT count(*) FROM " + table + " WHERE tenant_id = '" + GLOBEX + "'"))
                .isEqualTo(globexRows);
        assertThatThrownBy(() -> update(ACME, "UPDATE " + table + " SET tenant_id = '" + GLOBEX + "'"))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
    }

    @Test
    void collectionRowsGetTheTenantFromTheSettingAndCannotPointAtAnotherTenant() throws SQLException {
        long acmeCustomer = ids.get(ACME).get("customer");
        long globexCustomer = ids.get(GLOBEX).get("customer");
        assertThat(update(ACME, "INSERT INTO customer_tag (customer_id, tag) VALUES (" + acmeCustomer + ", 'added')"))
                .isEqualTo(1);
        assertThat(db.superuserLong("SELECT count(*) FROM customer_tag WHERE tag = 'added' AND tenant_id = '"
                + ACME + "'")).isEqualTo(1);
        assertSqlState("23503", () -> update(ACME,
                "INSERT INTO customer_tag (customer_id, tag) VALUES (" + globexCustomer + ", 'stolen')"));
    }

    @Test
    void joinTableRowsCannotLinkAcrossTenants() {
        long acmeProject = ids.get(ACME).get("project");
        long globexLabel = ids.get(GLOBEX).get("label");
        assertSqlState("23503", () -> update(ACME,
                "INSERT INTO project_label (project_id, labels_id) VALUES (" + acmeProject + ", " + globexLabel + ")"));
    }

    @Test
    void subclassRowsCannotAttachToAnotherTenantsDocument() {
        long globexInvoice = ids.get(GLOBEX).get("invoice");
        assertSqlState("23503", () -> update(ACME,
                "INSERT INTO contract (id) VALUES (" + globexInvoice + ")"));
    }

    /** Schema export made plain keys for every association; the changelog replaced each one between tenant tables. */
    @Test
    void noForeignKeyIntoATenantTableLeavesOutTheTenantColumn() throws SQLException {
        String intoTenantTables = "SELECT count(*) FROM pg_constraint f WHERE f.contype = 'f'"
                + " AND f.connamespace = 'public'::regnamespace AND EXISTS (SELECT FROM pg_attribute a"
                + " WHERE a.attrelid = f.confrelid AND a.attname = 'tenant_id' AND NOT a.attisdropped)";
        String withoutTenantColumn = " AND NOT EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = f.conrelid"
                + " AND a.attnum = ANY (f.conkey) AND a.attname = 'tenant_id')";
        assertThat(db.superuserLong(intoTenantTables)).isPositive();
        assertThat(db.superuserLong(intoTenantTables + withoutTenantColumn)).isZero();
    }

    @Test
    void sharedTablesStayVisibleToEveryTenant() throws SQLException {
        assertThat(count(ACME, "SELECT count(*) FROM country")).isEqualTo(1);
        assertThat(count(GLOBEX, "SELECT count(*) FROM country")).isEqualTo(1);
    }

    @Test
    void theApplicationKeepsWorkingThroughRlsTenancyWithItsTenantIdFieldsInPlace() {
        Map<String, Object> after = new HashMap<>();
        after.put("hibernate.multi_tenant_connection_provider", new RlsMultiTenantConnectionProvider(db.appPool(2)));
        after.put("hibernate.tenant_identifier_resolver", new RlsTenantIdentifierResolver());
        after.put("hibernate.hbm2ddl.auto", "none");
        try (SessionFactory migrated = sessionFactory(after)) {
            TenantContext.runAs(ACME, () -> migrated.inTransaction(session -> {
                assertThat(session.createSelectionQuery("select p.name from Project p", String.class).getResultList())
                        .containsExactly("acme project");
                assertThat(session.createNativeQuery("select count(*) from customer_tag", Long.class)
                        .getSingleResult()).isEqualTo(2);
                Customer customer = session.find(Customer.class, ids.get(ACME).get("customer"));
                assertThat(customer.tags).containsExactlyInAnyOrder("acme-vip", "acme-new");
                Task task = new Task();
                task.title = "written after the migration";
                task.project = session.find(Project.class, ids.get(ACME).get("project"));
                session.persist(task);
            }));
            TenantContext.runAs(GLOBEX, () -> migrated.inTransaction(session -> assertThat(
                    session.createSelectionQuery("select t.title from Task t", String.class).getResultList())
                    .containsExactly("globex task")));
        }
    }

    private interface Sql {
        void run() throws SQLException;
    }

    private static void assertSqlState(String state, Sql sql) {
        assertThatThrownBy(sql::run).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo(state));
    }

    /** Runs {@code sql} as the application role in one transaction with {@code tenant} set (or none). */
    private static long count(UUID tenant, String sql) throws SQLException {
        try (Connection connection = tenantConnection(tenant);
                PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet rs = statement.executeQuery()) {
            rs.next();
            long count = rs.getLong(1);
            connection.commit();
            return count;
        }
    }

    private static int update(UUID tenant, String sql) throws SQLException {
        try (Connection connection = tenantConnection(tenant);
                PreparedStatement statement = connection.prepareStatement(sql)) {
            int rows = statement.executeUpdate();
            connection.commit();
            return rows;
        }
    }

    private static Connection tenantConnection(UUID tenant) throws SQLException {
        Connection connection = db.appConnection();
        connection.setAutoCommit(false);
        if (tenant != null) {
            try (PreparedStatement set = connection.prepareStatement("SELECT set_config('app.tenant_id', ?, true)")) {
                set.setString(1, tenant.toString());
                set.execute();
            }
        }
        return connection;
    }
}
