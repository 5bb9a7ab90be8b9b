package org.rlstenancy.liquibase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import liquibase.exception.ValidationFailedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rlstenancy.core.testsupport.TestDatabase;

/**
 * Every problem is reported in Liquibase's validate phase, naming the changeset, before any SQL runs: the
 * changeset before the bad one, which creates a table, has not run either.
 */
class ChangeValidationTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    static final String SUPERUSER = "rls_super_" + SUFFIX;
    static final String BYPASS = "rls_bypass_" + SUFFIX;
    private static final AtomicInteger counter = new AtomicInteger();

    @TempDir
    Path dir;

    @BeforeAll
    static void schema() throws Exception {
        db.ownerExecute("CREATE TABLE project (id bigint PRIMARY KEY, tenant_id uuid NOT NULL)",
                "CREATE TABLE task (id bigint PRIMARY KEY, tenant_id uuid NOT NULL, project_id bigint)",
                "CREATE TABLE textual (id bigint PRIMARY KEY, tenant_id text NOT NULL)",
                "CREATE TABLE stamped (id bigint PRIMARY KEY, tenant_id timestamp NOT NULL)",
                "CREATE TABLE decorated (id bigint PRIMARY KEY, tenant_id uuid NOT NULL)",
                "CREATE POLICY tenant_isolation ON decorated USING (true)",
                "ALTER TABLE task ADD CONSTRAINT taken_fk FOREIGN KEY (project_id) REFERENCES project (id)");
        db.superuserExecute("CREATE ROLE " + SUPERUSER + " SUPERUSER", "CREATE ROLE " + BYPASS + " BYPASSRLS");
    }

    @AfterAll
    static void dropRoles() throws Exception {
        db.superuserExecute("DROP ROLE IF EXISTS " + SUPERUSER, "DROP ROLE IF EXISTS " + BYPASS);
    }

    /** Validates and updates a changelog whose second changeset holds {@code change}; returns the message. */
    private String failure(String change) throws Exception {
        int n = counter.incrementAndGet();
        Migrator migrator = new Migrator(db, dir);
        String file = migrator.write("bad" + n + ".yaml", """
                databaseChangeLog:
                  - changeSet:
                      id: create
                      author: test
                      changes:
                        - createTable:
                            tableName: before_%d
                            columns:
                              - column: {name: id, type: bigint}
                  - changeSet:
                      id: bad
                      author: test
                      changes:
                        - %s
                """.formatted(n, change));
        Throwable validation = catchThrowable(() -> migrator.validate(file));
        assertThat(validation).hasCauseInstanceOf(ValidationFailedException.class);
        Throwable update = catchThrowable(() -> migrator.update(file));
        assertThat(update).isNotNull();
        assertThat(update).hasStackTraceContaining("bad" + n + ".yaml::bad::test");
        assertThat(Catalogs.value(db, "SELECT count(*) FROM pg_class WHERE relname = ?", "before_" + n))
                .isEqualTo("0");
        assertThat(validation.getMessage()).contains("bad" + n + ".yaml::bad::test");
        return validation.getMessage();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "enableTenantIsolation: {tableName: missing}|table missing does not exist",
            "enableTenantIsolation: {schemaName: public}|tableName is required",
            "enableTenantIsolation: {tableName: project, columnName: tenant}|column tenant does not exist in table project",
            "enableTenantIsolation: {tableName: stamped}|Unsupported tenant column type 'timestamp without time zone'",
            "enableTenantIsolation: {tableName: \"project; DROP TABLE task\"}|Unsafe table name 'project; DROP TABLE task'",
            "enableTenantIsolation: {tableName: project, columnName: \"tenant id\"}|Unsafe column name 'tenant id'",
            "enableTenantIsolation: {tableName: project, policyName: \"p'x\"}|Unsafe policy name 'p'x'",
            "enableTenantIsolation: {tableName: project, settingName: App.Tenant}|App.Tenant",
            "enableTenantIsolation: {tableName: decorated}|policy tenant_isolation already exists on table decorated",
            "grantTenantAccess: {roleName: nobody_here, tableNames: project}|role nobody_here does not exist",
            "grantTenantAccess: {roleName: SUPERUSER, tableNames: project}|is a superuser",
            "grantTenantAccess: {roleName: BYPASS, tableNames: project}|has BYPASSRLS",
            "grantTenantAccess: {roleName: OWNER, tableNames: project}|owns table project",
            "grantTenantAccess: {roleName: OWNER}|give tableNames, schemaName or both",
            "grantTenantAccess: {roleName: \"app;x\", tableNames: project}|Unsafe identifier name 'app;x'",
            "tenantForeignKey: {baseTableName: task, baseColumnNames: \"project_id, id\", referencedTableName: project, referencedColumnNames: id}|baseColumnNames has 2 columns but referencedColumnNames has 1",
            "tenantForeignKey: {baseTableName: task, baseColumnNames: \"tenant_id, project_id\", referencedTableName: project, referencedColumnNames: \"tenant_id, id\"}|leave the tenant column tenant_id out",
            "tenantForeignKey: {baseTableName: task, baseColumnNames: project_id, referencedTableName: textual, referencedColumnNames: id}|tenant column tenant_id is uuid in table task (schema public) but text in table textual",
            "tenantForeignKey: {baseTableName: task, baseColumnNames: project_id, referencedTableName: project, referencedColumnNames: ident}|column ident does not exist in table project",
            "tenantForeignKey: {baseTableName: task, baseColumnNames: project_id, referencedTableName: project, referencedColumnNames: id, constraintName: taken_fk}|constraint taken_fk already exists on table task",
            "tenantForeignKey: {baseTableName: task, baseColumnNames: project_id, referencedTableName: project, referencedColumnNames: id, constraintName: \"x-y\"}|Unsafe identifier name 'x-y'"})
    void problemsAreReportedBeforeAnySqlRuns(String change, String message) throws Exception {
        String resolved = change.replace("SUPERUSER", SUPERUSER).replace("BYPASS", BYPASS)
                .replace("OWNER", db.ownerRole());
        assertThat(failure(resolved)).contains(message);
    }

    @Test
    void aTableCreatedEarlierInTheSameChangelogValidates() throws Exception {
        Migrator migrator = new Migrator(db, dir);
        String file = migrator.write("good.yaml", """
                databaseChangeLog:
                  - changeSet:
                      id: create
                      author: test
                      changes:
                        - createTable:
                            tableName: made_here
                            columns:
                              - column: {name: id, type: bigint, constraints: {primaryKey: true}}
                              - column: {name: tenant_id, type: varchar(64)}
                  - changeSet:
                      id: protect
                      author: test
                      changes:
                        - enableTenantIsolation: {tableName: made_here}
                """);
        migrator.validate(file);
        migrator.update(file);
        assertThat(Catalogs.value(db, "SELECT count(*) FROM pg_policies WHERE tablename = 'made_here'"))
                .isEqualTo("1");
    }

    @Test
    void aTableCreatedByEarlierRawSqlIsCheckedWhenTheChangeRuns() throws Exception {
        Migrator migrator = new Migrator(db, dir);
        String file = migrator.write("raw.yaml", """
                databaseChangeLog:
                  - changeSet:
                      id: create
                      author: test
                      changes:
                        - sql: CREATE TABLE made_by_sql (id bigint PRIMARY KEY, tenant_id bigint NOT NULL)
                  - changeSet:
                      id: protect
                      author: test
                      changes:
                        - enableTenantIsolation: {tableName: made_by_sql}
                """);
        migrator.validate(file);
        migrator.update(file);
        assertThat(Catalogs.value(db, "SELECT with_check FROM pg_policies WHERE tablename = 'made_by_sql'"))
                .endsWith("::bigint AS \"nullif\"))");
    }
}
