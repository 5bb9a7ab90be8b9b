package org.rlstenancy.liquibase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rlstenancy.liquibase.Changelogs.Change;
import static org.rlstenancy.liquibase.Changelogs.ChangeSet;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.rlstenancy.core.RlsDataSource;
import org.rlstenancy.core.TenantContext;
import org.rlstenancy.core.testsupport.TestDatabase;

/**
 * A foreign-key violation must not tell a tenant whether an id exists in another tenant: as the application role,
 * with tenant A bound, a reference to an id only tenant B has fails exactly as a reference to an id no tenant has.
 * It does once {@code tenantForeignKey} has replaced the plain key; it does not when the plain key stays next to
 * the composite one, as it did before the change type replaced it.
 */
class ForeignKeyOracleTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();
    static final UUID ACME = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    static final UUID GLOBEX = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    static final long OWN = 1;
    static final long OTHER_TENANTS = 7001;
    static final long NOWHERE = 9009;

    static RlsDataSource dataSource;

    /**
     * Two schemas of the same shape, each with a plain key {@code <p>_task_project_id_fkey}: {@code fixed}, where
     * {@code tenantForeignKey} adds the composite key, and {@code kept}, where the composite key is added next to
     * the plain one as the change type did before it replaced it.
     */
    @BeforeAll
    static void schemas(@TempDir Path dir) throws Exception {
        for (String p : new String[] {"fixed", "kept"}) {
            db.ownerExecute("CREATE TABLE " + p + "_project (id bigint PRIMARY KEY, tenant_id uuid NOT NULL)",
                    "CREATE TABLE " + p + "_task (id bigserial PRIMARY KEY, tenant_id uuid NOT NULL,"
                            + " project_id bigint REFERENCES " + p + "_project (id))");
        }
        Migrator migrator = new Migrator(db, dir);
        migrator.update(migrator.write("oracle.yaml", Changelogs.text(Changelogs.Format.YAML, ChangeSet.of("protect",
                Change.of("enableTenantIsolation", "tableName", "fixed_project"),
                Change.of("enableTenantIsolation", "tableName", "fixed_task"),
                Change.of("tenantForeignKey", "baseTableName", "fixed_task", "baseColumnNames", "project_id",
                        "referencedTableName", "fixed_project", "referencedColumnNames", "id"),
                Change.of("enableTenantIsolation", "tableName", "kept_project"),
                Change.of("enableTenantIsolation", "tableName", "kept_task"),
                Change.of("grantTenantAccess", "roleName", db.appRole(), "tableNames",
                        "fixed_project, fixed_task, kept_project, kept_task")))));
        db.ownerExecute("ALTER TABLE kept_project ADD UNIQUE (tenant_id, id)",
                "ALTER TABLE kept_task ADD FOREIGN KEY (tenant_id, project_id) REFERENCES kept_project (tenant_id, id)");
        for (String p : new String[] {"fixed", "kept"}) {
            db.superuserExecute("INSERT INTO " + p + "_project VALUES (" + OWN + ", '" + ACME + "'), (" + OTHER_TENANTS
                    + ", '" + GLOBEX + "')");
        }
        PGSimpleDataSource app = new PGSimpleDataSource();
        app.setUrl(db.jdbcUrl());
        app.setUser(db.appRole());
        app.setPassword(db.appPassword());
        dataSource = new RlsDataSource(app);
    }

    /** Inserts a task of tenant A referencing {@code project}; the error, or null when the insert passed. */
    private static SQLException insertAsAcme(String p, long project) throws SQLException {
        try (TenantContext.Scope scope = TenantContext.bind(ACME);
                Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO " + p
                        + "_task (project_id) VALUES (?)")) {
            insert.setLong(1, project);
            insert.executeUpdate();
            return null;
        } catch (SQLException e) {
            return e;
        }
    }

    /** The errors of tenant A's inserts referencing the other tenant's id and an id no tenant has, both 23503. */
    private static SQLException[] otherTenantsAndNowhere(String p) throws SQLException {
        SQLException[] errors = {insertAsAcme(p, OTHER_TENANTS), insertAsAcme(p, NOWHERE)};
        for (SQLException error : errors) {
            assertThat((Throwable) error).isNotNull();
            assertThat(error.getSQLState()).isEqualTo("23503");
        }
        return errors;
    }

    private static boolean acmeSees(String p, long project) throws SQLException {
        try (TenantContext.Scope scope = TenantContext.bind(ACME);
                Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT 1 FROM " + p + "_project WHERE id = ?")) {
            select.setLong(1, project);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * The error's message with the id it was given replaced. (PostgreSQL leaves the key's values out of the detail
     * when the referenced table has row-level security, so there is none to replace; this keeps the comparison
     * about what the error says of the id even where it would show them.)
     */
    private static String withoutId(SQLException error, long id) {
        return error.getMessage().replace(", " + id + ")", ", <id>)").replace("=(" + id + ")", "=(<id>)");
    }

    @Test
    void anotherTenantsIdFailsExactlyAsAnIdThatExistsNowhere() throws SQLException {
        assertThat((Throwable) insertAsAcme("fixed", OWN)).isNull();
        assertThat(acmeSees("fixed", OTHER_TENANTS)).isFalse();
        assertThat(db.superuserLong("SELECT count(*) FROM fixed_project WHERE id = " + OTHER_TENANTS)).isEqualTo(1);

        SQLException[] errors = otherTenantsAndNowhere("fixed");

        assertThat(withoutId(errors[0], OTHER_TENANTS)).isEqualTo(withoutId(errors[1], NOWHERE))
                .contains("violates foreign key constraint \"fixed_task_project_id_tenant_fkey\"",
                        "is not present in table \"fixed_project\"");
    }

    /**
     * The same inserts on the schema that keeps the plain key: the errors tell the two ids apart, so the test above
     * would fail there. PostgreSQL checks the keys in the order of their triggers' names, which follow creation, so
     * the older plain key is checked first: it passes the other tenant's id and names itself for the missing one.
     */
    @Test
    void withThePlainKeyKeptTheErrorTellsTheOtherTenantsIdFromAMissingOne() throws Exception {
        assertThat(Catalogs.value(db, "SELECT c.conname FROM pg_trigger t JOIN pg_constraint c ON c.oid = t.tgconstraint"
                + " WHERE t.tgrelid = 'kept_task'::regclass AND t.tgname LIKE 'RI\\_ConstraintTrigger\\_c\\_%'"
                + " ORDER BY t.tgname LIMIT 1")).as("the key checked first").isEqualTo("kept_task_project_id_fkey");
        SQLException[] errors = otherTenantsAndNowhere("kept");

        assertThat(withoutId(errors[0], OTHER_TENANTS)).isNotEqualTo(withoutId(errors[1], NOWHERE));
        assertThat(errors[0].getMessage()).contains("violates foreign key constraint"
                + " \"kept_task_tenant_id_project_id_fkey\"");
        assertThat(errors[1].getMessage()).contains("violates foreign key constraint \"kept_task_project_id_fkey\"");
    }
}
