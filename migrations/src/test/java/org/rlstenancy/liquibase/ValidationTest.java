package org.rlstenancy.liquibase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
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
 * Each problem with a change is reported by Liquibase's validate phase, with the changeset named, before any SQL
 * runs: a table the changeset before the bad one creates does not exist afterwards, and no changeset is recorded.
 */
class ValidationTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();
    private static final String SUFFIX = String.format(Locale.ROOT, "%08x", new SecureRandom().nextInt());
    private static final String SUPERUSER = "v_super_" + SUFFIX;
    private static final String BYPASS = "v_bypass_" + SUFFIX;
    private static final String OWNER_MEMBER = "v_member_" + SUFFIX;
    private static final String[] FIXTURES = {"project", "task", "label", "amount", "stamped", "decorated", "remark",
        "twice"};
    private static final AtomicInteger counter = new AtomicInteger();
    private static String fixtures;

    @TempDir
    Path dir;

    @BeforeAll
    static void tables() throws Exception {
        db.ownerExecute("CREATE TABLE project (id bigint PRIMARY KEY, tenant_id uuid NOT NULL, name text)",
                "CREATE TABLE task (id bigint PRIMARY KEY, tenant_id uuid NOT NULL, project_id bigint)",
                "CREATE TABLE label (id bigint PRIMARY KEY, tenant_id text NOT NULL)",
                "CREATE TABLE amount (id bigint PRIMARY KEY, tenant_id numeric NOT NULL)",
                "CREATE TABLE stamped (id bigint PRIMARY KEY, tenant_id timestamp NOT NULL)",
                "CREATE TABLE decorated (id bigint PRIMARY KEY, tenant_id uuid NOT NULL)",
                "CREATE POLICY tenant_isolation ON decorated USING (true)",
                "CREATE POLICY own_policy ON project USING (true)",
                "ALTER TABLE task ADD CONSTRAINT task_taken_fkey FOREIGN KEY (project_id) REFERENCES project (id)",
                "CREATE TABLE remark (id bigint PRIMARY KEY, tenant_id uuid NOT NULL, project_id bigint"
                        + " CONSTRAINT remark_project_fkey REFERENCES project (id) ON UPDATE SET NULL)",
                "CREATE TABLE twice (id bigint PRIMARY KEY, tenant_id uuid NOT NULL, project_id bigint"
                        + " CONSTRAINT twice_cascade_fkey REFERENCES project (id) ON DELETE CASCADE"
                        + " CONSTRAINT twice_restrict_fkey REFERENCES project (id) ON DELETE RESTRICT)");
        db.superuserExecute("CREATE ROLE " + SUPERUSER + " SUPERUSER NOLOGIN",
                "CREATE ROLE " + BYPASS + " NOSUPERUSER BYPASSRLS NOLOGIN",
                "CREATE ROLE " + OWNER_MEMBER + " NOSUPERUSER NOBYPASSRLS NOLOGIN",
                "GRANT " + db.ownerRole() + " TO " + OWNER_MEMBER);
        fixtures = RollbackSnapshot.of(db, FIXTURES);
    }

    @AfterAll
    static void dropRoles() throws Exception {
        db.superuserExecute("DROP OWNED BY " + OWNER_MEMBER, "DROP ROLE IF EXISTS " + SUPERUSER,
                "DROP ROLE IF EXISTS " + BYPASS, "DROP ROLE IF EXISTS " + OWNER_MEMBER);
    }

    /** A changelog: changeset {@code create} creating table {@code created}, then changeset {@code bad}. */
    private static String changelog(String created, String change) {
        return """
                databaseChangeLog:
                  - changeSet:
                      id: create
                      author: test
                      changes:
                        - createTable:
                            tableName: %s
                            columns:
                              - column: {name: id, type: bigint}
                  - changeSet:
                      id: bad
                      author: test
                      changes:
                        - %s
                """.formatted(created, change);
    }

    /** The {@link ValidationFailedException} in {@code thrown}'s cause chain; fails when there is none. */
    private static ValidationFailedException validationFailure(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof ValidationFailedException failure) {
                return failure;
            }
        }
        throw new AssertionError(thrown == null ? "accepted, expected a validation failure"
                : "not a validation failure", thrown);
    }

    /**
     * Checks that validate and update both fail in the validate phase, reporting {@code problem} followed on the same
     * line by the changeset's identity, and that the update wrote nothing: not the earlier changeset's table, not a
     * changelog row, nothing on the fixture tables. {@code CREATED} in {@code change} and {@code problem} stands for
     * the table the earlier changeset creates.
     */
    private void assertRejected(String change, String problem) throws Exception {
        String created = "before_" + counter.incrementAndGet();
        Migrator migrator = new Migrator(db, dir);
        String file = migrator.write(created + ".yaml", changelog(created, change.replace("CREATED", created)));
        String identity = file + "::bad::test";

        String reported = Pattern.quote(problem.replace("CREATED", created)) + "[^\n]*, " + Pattern.quote(identity);
        assertThat(validationFailure(catchThrowable(() -> migrator.validate(file))).getMessage())
                .containsPattern(reported);
        assertThat(validationFailure(catchThrowable(() -> migrator.update(file))).getMessage())
                .containsPattern(reported);
        assertThat(Catalogs.value(db, "SELECT count(*) FROM pg_class WHERE relname = ?", created)).isEqualTo("0");
        assertThat(RollbackSnapshot.of(db, FIXTURES)).isEqualTo(fixtures);
        if ("t".equals(Catalogs.value(db, "SELECT to_regclass('databasechangelog') IS NOT NULL"))) {
            assertThat(Catalogs.value(db, "SELECT count(*) FROM databasechangelog WHERE filename = ?", file))
                    .isEqualTo("0");
        }
    }

    @Test
    void aMissingTableIsReported() throws Exception {
        assertRejected("enableTenantIsolation: {tableName: missing}", "table missing does not exist");
    }

    @Test
    void aMissingTenantColumnIsReported() throws Exception {
        assertRejected("enableTenantIsolation: {tableName: project, columnName: tenant}",
                "column tenant does not exist in table project (schema public)");
    }

    @Test
    void aNumericTenantColumnIsReportedAsUnsupported() throws Exception {
        assertRejected("enableTenantIsolation: {tableName: amount}",
                "tenant column tenant_id of table amount (schema public): Unsupported tenant column type 'numeric'");
    }

    @Test
    void aTimestampTenantColumnIsReportedAsUnsupported() throws Exception {
        assertRejected("enableTenantIsolation: {tableName: stamped}",
                "Unsupported tenant column type 'timestamp without time zone'");
    }

    @Test
    void aTableNameWithAQuoteAndSemicolonIsUnsafe() throws Exception {
        assertRejected("enableTenantIsolation: {tableName: 'project\"; DROP TABLE task; --'}",
                "Unsafe table name 'project\"; DROP TABLE task; --'");
        assertThat(Catalogs.value(db, "SELECT to_regclass('task')::text")).isEqualTo("task");
    }

    @Test
    void aColumnNameWithASpaceIsUnsafe() throws Exception {
        assertRejected("enableTenantIsolation: {tableName: project, columnName: \"tenant id\"}",
                "Unsafe column name 'tenant id'");
    }

    @Test
    void aPolicyNameWithAQuoteIsUnsafe() throws Exception {
        assertRejected("enableTenantIsolation: {tableName: project, policyName: \"p'x\"}",
                "Unsafe policy name 'p'x'");
    }

    @Test
    void aConstraintNameWithASemicolonIsUnsafe() throws Exception {
        assertRejected("tenantForeignKey: {baseTableName: task, baseColumnNames: project_id,"
                + " referencedTableName: project, referencedColumnNames: id, constraintName: \"fk;drop\"}",
                "Unsafe identifier name 'fk;drop'");
    }

    @Test
    void aRoleNameWithASemicolonIsUnsafe() throws Exception {
        assertRejected("grantTenantAccess: {roleName: \"app;drop\", tableNames: project}",
                "Unsafe identifier name 'app;drop'");
    }

    @Test
    void anUpperCaseSettingNameIsInvalid() throws Exception {
        assertRejected("enableTenantIsolation: {tableName: project, settingName: App.Tenant}",
                "Invalid tenant setting name 'App.Tenant'");
    }

    @Test
    void aSettingNameWithASemicolonIsInvalid() throws Exception {
        assertRejected("enableTenantIsolation: {tableName: project, settingName: \"x;drop\"}",
                "Invalid tenant setting name 'x;drop'");
    }

    @Test
    void aMissingTableNameIsReported() throws Exception {
        assertRejected("enableTenantIsolation: {columnName: tenant_id}", "tableName is required");
    }

    @Test
    void aMissingRoleNameIsReported() throws Exception {
        assertRejected("grantTenantAccess: {tableNames: project}", "roleName is required");
    }

    @Test
    void aPolicyNameTakenByAnotherPolicyIsReported() throws Exception {
        assertRejected("enableTenantIsolation: {tableName: decorated}", "policy tenant_isolation already exists on"
                + " table decorated (schema public) and was not created by enableTenantIsolation");
    }

    @Test
    void aChosenPolicyNameTakenByAnotherPolicyIsReported() throws Exception {
        assertRejected("enableTenantIsolation: {tableName: project, policyName: own_policy}",
                "policy own_policy already exists on table project (schema public)");
    }

    @Test
    void grantingToAMissingRoleIsReported() throws Exception {
        assertRejected("grantTenantAccess: {roleName: nobody_" + SUFFIX + ", tableNames: project}",
                "role nobody_" + SUFFIX + " does not exist");
    }

    @Test
    void grantingToASuperuserIsReported() throws Exception {
        assertRejected("grantTenantAccess: {roleName: " + SUPERUSER + ", tableNames: project}",
                "role " + SUPERUSER + " is a superuser");
    }

    @Test
    void grantingToABypassRlsRoleIsReported() throws Exception {
        assertRejected("grantTenantAccess: {roleName: " + BYPASS + ", tableNames: project}",
                "role " + BYPASS + " has BYPASSRLS");
    }

    @Test
    void grantingToTheTableOwnerIsReported() throws Exception {
        assertRejected("grantTenantAccess: {roleName: " + db.ownerRole() + ", tableNames: 'project, task'}",
                "role " + db.ownerRole() + " owns table project (schema public)");
    }

    @Test
    void grantingToAMemberOfTheTableOwnerIsReported() throws Exception {
        assertRejected("grantTenantAccess: {roleName: " + OWNER_MEMBER + ", tableNames: project}",
                "role " + OWNER_MEMBER);
    }

    /**
     * The signed mode's change types: the application role is checked as grantTenantAccess checks it and must not
     * own the key store, the signed mode must come first, and key ids and modes are checked.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "enableTenantSigning: {roleName: <super>} | role <super> is a superuser",
        "enableTenantSigning: {roleName: <bypass>} | role <bypass> has BYPASSRLS",
        "enableTenantSigning: {roleName: <owner>} | role <owner> owns schema rls_tenancy once this change creates it",
        "enableTenantSigning: {roleName: <member>} | role <member> is a member of <owner>, which owns schema",
        "enableTenantSigning: {roleName: <nobody>} | role <nobody> does not exist",
        "enableTenantSigning: {roleName: 'a;b'} | Unsafe identifier name 'a;b'",
        "enableTenantIsolation: {tableName: project, mode: signed} | the signed mode is not installed (no schema"
                + " rls_tenancy): put enableTenantSigning before this change",
        "enableTenantIsolation: {tableName: project, mode: sighed} | Unknown tenant mode 'sighed': use plain, signed or citus",
        "addTenantSigningKey: {keyId: k1, secretProperty: rls.key} | the signed mode is not installed",
        "addTenantSigningKey: {keyId: 'k 1', secretProperty: rls.key} | Invalid signing key id 'k 1'",
        "removeTenantSigningKey: {keyId: k1} | the signed mode is not installed"})
    void aProblemWithTheSignedModesChangesIsReported(String change, String problem) throws Exception {
        String[][] roles = {{"<super>", SUPERUSER}, {"<bypass>", BYPASS}, {"<member>", OWNER_MEMBER},
            {"<owner>", db.ownerRole()}, {"<nobody>", "nobody_" + SUFFIX}};
        for (String[] role : roles) {
            change = change.replace(role[0], role[1]);
            problem = problem.replace(role[0], role[1]);
        }
        assertRejected(change, problem);
    }

    @Test
    void grantingOnAMissingSchemaIsReported() throws Exception {
        assertRejected("grantTenantAccess: {roleName: " + db.appRole() + ", schemaName: no_such_schema}",
                "no_such_schema");
    }

    @Test
    void grantingWithoutTablesOrSchemaIsReported() throws Exception {
        assertRejected("grantTenantAccess: {roleName: " + db.appRole() + "}", "give tableNames, schemaName or both");
    }

    @Test
    void grantingToAnEmptyTableListIsReported() throws Exception {
        assertRejected("grantTenantAccess: {roleName: " + db.appRole() + ", tableNames: ' , '}",
                "tableNames names no table");
    }

    @Test
    void aForeignKeyWithMismatchedColumnCountsIsReported() throws Exception {
        assertRejected("tenantForeignKey: {baseTableName: task, baseColumnNames: 'project_id, id',"
                + " referencedTableName: project, referencedColumnNames: id}",
                "baseColumnNames has 2 columns but referencedColumnNames has 1");
    }

    @Test
    void aForeignKeyBetweenDifferentTenantColumnTypesIsReported() throws Exception {
        assertRejected("tenantForeignKey: {baseTableName: task, baseColumnNames: project_id,"
                + " referencedTableName: label, referencedColumnNames: id}",
                "tenant column tenant_id is uuid in table task (schema public) but text in table label (schema public)");
    }

    @Test
    void aForeignKeyListingTheTenantColumnIsReported() throws Exception {
        assertRejected("tenantForeignKey: {baseTableName: task, baseColumnNames: 'tenant_id, project_id',"
                + " referencedTableName: project, referencedColumnNames: 'tenant_id, id'}",
                "leave the tenant column tenant_id out of baseColumnNames and referencedColumnNames");
    }

    @Test
    void aConstraintNameTakenByAnotherConstraintIsReported() throws Exception {
        assertRejected("tenantForeignKey: {baseTableName: task, baseColumnNames: project_id,"
                + " referencedTableName: project, referencedColumnNames: id, constraintName: task_taken_fkey}",
                "constraint task_taken_fkey already exists on table task (schema public) and was not created by"
                        + " tenantForeignKey");
    }

    @Test
    void replacingAPlainKeyWithOnUpdateSetNullIsReported() throws Exception {
        assertRejected("tenantForeignKey: {baseTableName: remark, baseColumnNames: project_id,"
                + " referencedTableName: project, referencedColumnNames: id}",
                "ON UPDATE SET NULL (that of foreign key remark_project_fkey) would also set the tenant column"
                        + " tenant_id, and PostgreSQL takes no column list for ON UPDATE: give onUpdate");
    }

    @Test
    void replacingTwoPlainKeysWithDifferentActionsIsReported() throws Exception {
        assertRejected("tenantForeignKey: {baseTableName: twice, baseColumnNames: project_id,"
                + " referencedTableName: project, referencedColumnNames: id}",
                "the foreign keys twice_cascade_fkey, twice_restrict_fkey that this change would replace differ in"
                        + " their actions or deferrability: drop all but one of them first");
    }

    @Test
    void anUnknownOnDeleteActionIsReported() throws Exception {
        assertRejected("tenantForeignKey: {baseTableName: remark, baseColumnNames: project_id,"
                + " referencedTableName: project, referencedColumnNames: id, onUpdate: cascade, onDelete: 'drop it'}",
                "onDelete 'drop it' is not CASCADE, SET NULL, SET DEFAULT, RESTRICT or NO ACTION");
    }

    @Test
    void aMissingReferencedColumnIsReported() throws Exception {
        assertRejected("tenantForeignKey: {baseTableName: task, baseColumnNames: project_id,"
                + " referencedTableName: project, referencedColumnNames: ident}",
                "column ident does not exist in table project (schema public)");
    }

    @Test
    void aProblemWithATableAnEarlierChangesetCreatesIsReportedBeforeItIsCreated() throws Exception {
        assertRejected("enableTenantIsolation: {tableName: CREATED}", "column tenant_id does not exist in table CREATED");
    }

    @Test
    void aTableCreatedByAnEarlierChangesetValidatesAndIsProtected() throws Exception {
        Migrator migrator = new Migrator(db, dir);
        String file = migrator.write("created.yaml", """
                databaseChangeLog:
                  - changeSet:
                      id: create
                      author: test
                      changes:
                        - createTable:
                            tableName: created_here
                            columns:
                              - column: {name: id, type: bigint, constraints: {primaryKey: true}}
                              - column: {name: tenant_id, type: uuid}
                  - changeSet:
                      id: protect
                      author: test
                      changes:
                        - enableTenantIsolation: {tableName: created_here}
                        - grantTenantAccess: {roleName: %s, tableNames: created_here}
                """.formatted(db.appRole()));

        migrator.validate(file);
        migrator.update(file);
        assertThat(Catalogs.value(db, "SELECT policyname FROM pg_policies WHERE tablename = 'created_here'"))
                .isEqualTo("tenant_isolation");
        assertThat(Catalogs.value(db, "SELECT has_table_privilege(?, 'created_here', 'DELETE')", db.appRole()))
                .isEqualTo("t");
    }

    @Test
    void aTableCreatedByEarlierRawSqlValidatesAndIsProtected() throws Exception {
        Migrator migrator = new Migrator(db, dir);
        String file = migrator.write("raw.yaml", """
                databaseChangeLog:
                  - changeSet:
                      id: create
                      author: test
                      changes:
                        - sql: CREATE TABLE made_by_sql (id bigint PRIMARY KEY, tenant_id text NOT NULL)
                  - changeSet:
                      id: protect
                      author: test
                      changes:
                        - enableTenantIsolation: {tableName: made_by_sql}
                """);

        migrator.validate(file);
        migrator.update(file);
        assertThat(Catalogs.value(db, "SELECT relforcerowsecurity::text FROM pg_class WHERE relname = 'made_by_sql'"))
                .isEqualTo("true");
        assertThat(Catalogs.value(db, "SELECT qual FROM pg_policies WHERE tablename = 'made_by_sql'"))
                .contains("''::text) AS \"nullif\"");
    }
}
