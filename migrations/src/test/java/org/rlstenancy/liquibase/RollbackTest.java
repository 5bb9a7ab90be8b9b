package org.rlstenancy.liquibase;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rlstenancy.core.testsupport.TestDatabase;

/**
 * Rolling back one changeset of each change type returns the tables it touched to exactly the state they had after
 * the setup changeset before it.
 */
class RollbackTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();
    private static final AtomicInteger counter = new AtomicInteger();
    private static final String CONSTANT = "'00000000-0000-0000-0000-0000000000ff'::uuid";

    @TempDir
    Path dir;

    private String p;
    private String project;
    private String task;
    private Migrator migrator;

    @BeforeEach
    void names() {
        p = "rb" + counter.incrementAndGet();
        project = p + "_project";
        task = p + "_task";
        migrator = new Migrator(db, dir);
    }

    /** SQL creating {@code <p>_project} and {@code <p>_task}, then running {@code extraSql}. */
    private String tables(String... extraSql) {
        return Changelogs.projectAndTask(project, task, extraSql);
    }

    /**
     * Runs the setup changeset, snapshots {@code tables}, runs {@code change} after it, checks it changed the
     * snapshot, rolls one changeset back and checks the snapshot is back. Returns the snapshot taken while applied.
     */
    private String applyAndRollBack(String setupSql, String change, String... tables) throws Exception {
        String file = migrator.write(p + ".yaml", Changelogs.withSetup(setupSql));
        migrator.update(file);
        String before = RollbackSnapshot.of(db, tables);
        migrator.write(file, Changelogs.withSetup(setupSql, change));
        migrator.update(file);
        String applied = RollbackSnapshot.of(db, tables);
        assertThat(applied).isNotEqualTo(before);
        migrator.rollback(file, 1);
        assertThat(RollbackSnapshot.of(db, tables)).isEqualTo(before);
        return applied;
    }

    private String isolate(String table, String... attributes) {
        StringBuilder change = new StringBuilder("enableTenantIsolation: {tableName: ").append(table);
        for (int i = 0; i < attributes.length; i += 2) {
            change.append(", ").append(attributes[i]).append(": ").append(attributes[i + 1]);
        }
        return change.append('}').toString();
    }

    @Test
    void enableTenantIsolationOnAFreshTableIsUndoneCompletely() throws Exception {
        String applied = applyAndRollBack(tables(), isolate(project), project);

        assertThat(applied).contains("table|" + project + "|true|true", "policy|tenant_isolation|",
                "USING btree (tenant_id)", "default|tenant_id|(NULLIF(current_setting('app.tenant_id'");
        assertThat(RollbackSnapshot.of(db, project)).contains("table|" + project + "|false|false")
                .doesNotContain("policy|", "(tenant_id)", "default|tenant_id|(NULLIF");
    }

    @Test
    void rowSecurityEnabledButNotForcedBeforeStaysEnabledAndUnforced() throws Exception {
        applyAndRollBack(tables("ALTER TABLE " + project + " ENABLE ROW LEVEL SECURITY"), isolate(project), project);

        assertThat(RollbackSnapshot.of(db, project)).contains("table|" + project + "|true|false");
    }

    @Test
    void anIndexLedByTheTenantColumnSurvivesRollback() throws Exception {
        String applied = applyAndRollBack(tables("CREATE INDEX " + p + "_mine ON " + project + " (tenant_id, name)"),
                isolate(project), project);

        assertThat(applied).doesNotContain(project + "_tenant_id_idx");
        assertThat(RollbackSnapshot.of(db, project))
                .contains("index|CREATE INDEX " + p + "_mine ON public." + project + " USING btree (tenant_id, name)");
    }

    @Test
    void aPriorColumnDefaultIsRestoredExactly() throws Exception {
        String applied = applyAndRollBack(tables("ALTER TABLE " + project + " ALTER COLUMN tenant_id SET DEFAULT "
                + CONSTANT), isolate(project), project);

        assertThat(applied).doesNotContain("default|tenant_id|" + CONSTANT);
        assertThat(RollbackSnapshot.of(db, project)).contains("default|tenant_id|" + CONSTANT);
    }

    @Test
    void aPriorTextDefaultWithQuotesAndLineBreaksIsRestoredExactly() throws Exception {
        String table = p + "_labelled";
        String setup = "CREATE TABLE " + table + " (id bigint, tenant_id text DEFAULT E'o''brien\\\\x\\nline two')";
        applyAndRollBack(setup, isolate(table), table);

        assertThat(Catalogs.value(db, "SELECT column_default FROM information_schema.columns"
                + " WHERE table_name = ? AND column_name = 'tenant_id'", table))
                .isEqualTo("'o''brien\\x\nline two'::text");
    }

    @Test
    void withoutIndexNoIndexIsCreatedAndRollbackLeavesNone() throws Exception {
        String applied = applyAndRollBack(tables(), isolate(project, "createIndex", "false"), project);

        assertThat(applied).doesNotContain("(tenant_id)").contains("policy|tenant_isolation|");
    }

    @Test
    void withoutColumnDefaultThePriorDefaultIsNeitherReplacedNorDropped() throws Exception {
        String applied = applyAndRollBack(tables("ALTER TABLE " + project + " ALTER COLUMN tenant_id SET DEFAULT "
                + CONSTANT), isolate(project, "setColumnDefault", "false"), project);

        assertThat(applied).contains("default|tenant_id|" + CONSTANT, "policy|tenant_isolation|");
        assertThat(RollbackSnapshot.of(db, project)).contains("default|tenant_id|" + CONSTANT);
    }

    @Test
    void withoutColumnDefaultAColumnWithoutDefaultKeepsNone() throws Exception {
        String applied = applyAndRollBack(tables(), isolate(project, "setColumnDefault", "false"), project);

        assertThat(applied).contains("default|tenant_id|null");
    }

    private String foreignKey() {
        return "tenantForeignKey: {baseTableName: " + task + ", baseColumnNames: project_id, referencedTableName: "
                + project + ", referencedColumnNames: id}";
    }

    @Test
    void tenantForeignKeyRollbackDropsTheForeignKeyAndTheUniqueKeyItAdded() throws Exception {
        String applied = applyAndRollBack(tables(), foreignKey(), project, task);

        assertThat(applied).contains("constraint|" + project + "_tenant_id_id_key|UNIQUE (tenant_id, id)",
                "constraint|" + task + "_project_id_tenant_fkey|FOREIGN KEY (tenant_id, project_id) REFERENCES "
                        + project + "(tenant_id, id)|rls-tenancy tenantForeignKey");
        assertThat(RollbackSnapshot.of(db, project, task)).doesNotContain("UNIQUE (", "FOREIGN KEY");
    }

    @Test
    void tenantForeignKeyRollbackKeepsAUniqueKeyThatWasThere() throws Exception {
        String applied = applyAndRollBack(tables("ALTER TABLE " + project + " ADD CONSTRAINT " + p
                + "_own_key UNIQUE (tenant_id, id)"), foreignKey(), project, task);

        assertThat(applied).doesNotContain(project + "_tenant_id_id_key").contains("FOREIGN KEY");
        assertThat(RollbackSnapshot.of(db, project, task))
                .contains("constraint|" + p + "_own_key|UNIQUE (tenant_id, id)").doesNotContain("FOREIGN KEY");
    }

    /**
     * The plain key on the same columns is replaced by the composite one, which keeps its actions and deferrability;
     * rollback puts it back with its name, definition and comment.
     */
    @Test
    void tenantForeignKeyRollbackRestoresThePlainKeyItReplacedExactly() throws Exception {
        String plain = p + "_task_project_fk";
        String applied = applyAndRollBack(tables("ALTER TABLE " + task + " ADD CONSTRAINT " + plain
                        + " FOREIGN KEY (project_id) REFERENCES " + project + " (id) ON UPDATE CASCADE"
                        + " ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED",
                "COMMENT ON CONSTRAINT " + plain + " ON " + task + " IS 'the plain key''s own comment'"),
                foreignKey(), project, task);

        assertThat(applied).doesNotContain("constraint|" + plain).contains("constraint|" + task + "_project_id_tenant_fkey|FOREIGN KEY"
                + " (tenant_id, project_id) REFERENCES " + project + "(tenant_id, id) ON UPDATE CASCADE ON DELETE"
                + " CASCADE DEFERRABLE INITIALLY DEFERRED|rls-tenancy tenantForeignKey");
        assertThat(RollbackSnapshot.of(db, task)).contains("constraint|" + plain + "|FOREIGN KEY (project_id)"
                + " REFERENCES " + project + "(id) ON UPDATE CASCADE ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED"
                + "|the plain key's own comment").doesNotContain("tenant_fkey");
        assertThat(RollbackSnapshot.of(db, project)).doesNotContain("UNIQUE (");
    }

    @Test
    void aReplacedKeyThatWasNotValidIsRestoredNotValid() throws Exception {
        String plain = p + "_task_project_fk";
        applyAndRollBack(tables("ALTER TABLE " + task + " ADD CONSTRAINT " + plain + " FOREIGN KEY (project_id)"
                + " REFERENCES " + project + " (id) NOT VALID"), foreignKey(), project, task);

        assertThat(Catalogs.value(db, "SELECT convalidated::text FROM pg_constraint WHERE conname = ?", plain))
                .isEqualTo("false");
    }

    @Test
    void twoAlikePlainKeysAreBothReplacedAndBothRestored() throws Exception {
        String applied = applyAndRollBack(tables("ALTER TABLE " + task + " ADD CONSTRAINT " + p + "_one_fk"
                        + " FOREIGN KEY (project_id) REFERENCES " + project + " (id)",
                "ALTER TABLE " + task + " ADD CONSTRAINT " + p + "_two_fk FOREIGN KEY (project_id) REFERENCES "
                        + project + " (id)"), foreignKey(), project, task);

        assertThat(applied).doesNotContain("constraint|" + p + "_one_fk", "constraint|" + p + "_two_fk");
        assertThat(RollbackSnapshot.of(db, task)).contains("constraint|" + p + "_one_fk|FOREIGN KEY (project_id)",
                "constraint|" + p + "_two_fk|FOREIGN KEY (project_id)");
    }

    @Test
    void aPlainKeyOnOtherColumnsIsNotReplaced() throws Exception {
        String other = p + "_task_other_fk";
        String applied = applyAndRollBack(tables("ALTER TABLE " + task + " ADD COLUMN other_id bigint",
                "ALTER TABLE " + task + " ADD CONSTRAINT " + other + " FOREIGN KEY (other_id) REFERENCES " + project
                        + " (id)"), foreignKey(), project, task);

        assertThat(applied).contains("constraint|" + other + "|", "_project_id_tenant_fkey|");
    }

    @Test
    void grantByTableNamesIsRevokedAndAnUnrelatedGrantStays() throws Exception {
        String other = p + "_other";
        String setup = tables("CREATE TABLE " + other + " (id int)", "GRANT SELECT ON " + other + " TO "
                + db.appRole());
        String applied = applyAndRollBack(setup, "grantTenantAccess: {roleName: " + db.appRole() + ", tableNames: '"
                + project + ", " + task + "'}", project, task, other);

        assertThat(applied.lines()).filteredOn(line -> line.endsWith("|true")).containsExactly(
                "privilege|SELECT|true", "privilege|INSERT|true", "privilege|UPDATE|true", "privilege|DELETE|true",
                "privilege|SELECT|true", "privilege|INSERT|true", "privilege|UPDATE|true", "privilege|DELETE|true",
                "sequence|" + task + "_id_seq|true",
                "privilege|SELECT|true");
        assertThat(RollbackSnapshot.of(db, project, task)).doesNotContain("|true");
        assertThat(Catalogs.value(db, "SELECT has_table_privilege(?, ?::regclass, 'SELECT')", db.appRole(), other))
                .isEqualTo("t");
    }

    @Test
    void grantBySchemaIsRevokedOnEveryTableAndSequenceOfTheSchema() throws Exception {
        String schema = p + "_s";
        String other = p + "_other";
        String setup = "CREATE SCHEMA " + schema + ";\n"
                + "CREATE TABLE " + schema + ".a (id serial PRIMARY KEY, tenant_id uuid);\n"
                + "CREATE TABLE " + schema + ".b (id int);\n"
                + "CREATE TABLE " + other + " (id int);\n"
                + "GRANT INSERT ON " + other + " TO " + db.appRole();
        String applied = applyAndRollBack(setup, "grantTenantAccess: {roleName: " + db.appRole() + ", schemaName: "
                + schema + "}", schema + ".a", schema + ".b", other);

        assertThat(applied.lines()).filteredOn(line -> line.endsWith("|true")).containsExactly(
                "privilege|SELECT|true", "privilege|INSERT|true", "privilege|UPDATE|true", "privilege|DELETE|true",
                "sequence|" + schema + ".a_id_seq|true",
                "privilege|SELECT|true", "privilege|INSERT|true", "privilege|UPDATE|true", "privilege|DELETE|true",
                "privilege|INSERT|true");
        assertThat(RollbackSnapshot.of(db, schema + ".a", schema + ".b")).doesNotContain("|true");
        assertThat(Catalogs.value(db, "SELECT has_table_privilege(?, ?::regclass, 'INSERT')", db.appRole(), other))
                .isEqualTo("t");
    }

    @Test
    void grantRollbackKeepsThePrivilegesTheRoleHeldBefore() throws Exception {
        String setup = tables("GRANT SELECT, UPDATE ON " + project + " TO " + db.appRole(),
                "GRANT USAGE ON SEQUENCE " + task + "_id_seq TO " + db.appRole());
        String applied = applyAndRollBack(setup, "grantTenantAccess: {roleName: " + db.appRole() + ", tableNames: '"
                + project + ", " + task + "'}", project, task);

        assertThat(applied.lines()).filteredOn(line -> line.startsWith("privilege|") && line.endsWith("|false"))
                .containsOnly("privilege|TRUNCATE|false", "privilege|REFERENCES|false", "privilege|TRIGGER|false");
        assertThat(RollbackSnapshot.of(db, project, task).lines()).filteredOn(line -> line.endsWith("|true"))
                .containsExactly("privilege|SELECT|true", "privilege|UPDATE|true", "sequence|" + task + "_id_seq|true");
        assertThat(Catalogs.value(db, "SELECT to_regclass('rls_tenancy_grants') IS NULL")).isEqualTo("t");
    }

    /**
     * Two changesets grant on overlapping tables: rolling back the second keeps what the first granted, rolling back
     * the first as well leaves nothing, and the record, empty, is gone. (Every test of this class rolls its grants
     * back, so no other changeset has rows in it.)
     */
    @Test
    void rollingBackAnOverlappingGrantKeepsWhatTheEarlierOneGranted() throws Exception {
        String grant = "grantTenantAccess: {roleName: " + db.appRole() + ", tableNames: '%s'}";
        String file = migrator.write(p + ".yaml", Changelogs.withSetup(tables(), grant.formatted(project),
                grant.formatted(project + ", " + task)));
        migrator.update(file);
        assertThat(Catalogs.rows(db, "SELECT changeset || ' ' || object_name || ' ' || privilege"
                + " FROM rls_tenancy_grants ORDER BY 1")).containsExactly(
                        file + "::change1::test \"public\".\"" + project + "\" DELETE",
                        file + "::change1::test \"public\".\"" + project + "\" INSERT",
                        file + "::change1::test \"public\".\"" + project + "\" SELECT",
                        file + "::change1::test \"public\".\"" + project + "\" UPDATE",
                        file + "::change2::test \"public\".\"" + task + "\" DELETE",
                        file + "::change2::test \"public\".\"" + task + "\" INSERT",
                        file + "::change2::test \"public\".\"" + task + "\" SELECT",
                        file + "::change2::test \"public\".\"" + task + "\" UPDATE",
                        file + "::change2::test \"public\".\"" + task + "_id_seq\" USAGE");

        migrator.rollback(file, 1);
        assertThat(RollbackSnapshot.of(db, project).lines()).filteredOn(line -> line.endsWith("|true"))
                .containsExactly("privilege|SELECT|true", "privilege|INSERT|true", "privilege|UPDATE|true",
                        "privilege|DELETE|true");
        assertThat(RollbackSnapshot.of(db, task)).doesNotContain("|true");

        migrator.rollback(file, 1);
        assertThat(RollbackSnapshot.of(db, project)).doesNotContain("|true");
        assertThat(Catalogs.value(db, "SELECT to_regclass('rls_tenancy_grants') IS NULL")).isEqualTo("t");
    }

    /**
     * An XML changelog whose changesets Liquibase files under {@code logicalPath}: changeset {@code setup} running
     * {@code setupSql}, then one changeset per change, each an element in the rls namespace.
     */
    private static String xmlChangelog(String logicalPath, String setupSql, String... changes) {
        StringBuilder text = new StringBuilder("""
                <databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
                    xmlns:rls="http://www.liquibase.org/xml/ns/dbchangelog-ext"
                    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                    xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog \
                http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd"
                    logicalFilePath="%s">
                  <changeSet id="setup" author="test"><sql><![CDATA[
                """.formatted(logicalPath)).append(setupSql).append("]]></sql></changeSet>\n");
        for (int i = 0; i < changes.length; i++) {
            text.append("  <changeSet id=\"change").append(i + 1).append("\" author=\"test\"><rls:")
                    .append(changes[i]).append("/></changeSet>\n");
        }
        return text.append("</databaseChangeLog>\n").toString();
    }

    /**
     * Runs {@code change} from a changelog filed under {@code updatePath}, then rolls it back from the same changelog
     * filed under {@code rollbackPath}, another spelling of that path, which Liquibase takes to be the same file: its
     * history loses the changeset, and {@code tables} are back as they were. ({@code %s} in the paths stands for the
     * changelog's own name.)
     */
    private void rollBackUnderAnotherSpelling(String updatePath, String rollbackPath, String change,
            String... tables) throws Exception {
        String file = migrator.write(p + ".xml", xmlChangelog(updatePath.formatted(p), tables()));
        migrator.update(file);
        String before = RollbackSnapshot.of(db, tables);
        migrator.write(file, xmlChangelog(updatePath.formatted(p), tables(), change));
        migrator.update(file);
        assertThat(RollbackSnapshot.of(db, tables)).isNotEqualTo(before);

        migrator.write(file, xmlChangelog(rollbackPath.formatted(p), tables(), change));
        migrator.rollback(file, 1);
        assertThat(Catalogs.value(db, "SELECT count(*) FROM databasechangelog WHERE filename = ?",
                updatePath.formatted(p))).isEqualTo("1");
        assertThat(RollbackSnapshot.of(db, tables)).isEqualTo(before);
    }

    /**
     * Liquibase records the path as the update spells it, and matches it by its normalised form (no {@code ./},
     * no {@code classpath:}, {@code ..} resolved); so does the grant record.
     */
    @ParameterizedTest
    @CsvSource({"./db/%s.xml, db/%s.xml", "classpath:db/%s.xml, db/%s.xml", "db/../db/%s.xml, ./db/%s.xml",
            "db/%s.xml, classpath:db/%s.xml"})
    void grantRollbackUnderAnotherSpellingOfThePathRevokesTheGrant(String updatePath, String rollbackPath)
            throws Exception {
        rollBackUnderAnotherSpelling(updatePath, rollbackPath, "grantTenantAccess roleName=\"" + db.appRole()
                + "\" tableNames=\"" + project + ", " + task + "\"", project, task);
        assertThat(Catalogs.value(db, "SELECT to_regclass('rls_tenancy_grants') IS NULL")).isEqualTo("t");
    }

    @ParameterizedTest
    @CsvSource({"./db/%s.xml, db/%s.xml", "classpath:db/%s.xml, db/%s.xml"})
    void isolationRollbackUnderAnotherSpellingOfThePathRestoresTheTable(String updatePath, String rollbackPath)
            throws Exception {
        rollBackUnderAnotherSpelling(updatePath, rollbackPath, "enableTenantIsolation tableName=\"" + project + "\"",
                project);
    }

    @ParameterizedTest
    @CsvSource({"./db/%s.xml, db/%s.xml"})
    void foreignKeyRollbackUnderAnotherSpellingOfThePathDropsTheKeys(String updatePath, String rollbackPath)
            throws Exception {
        rollBackUnderAnotherSpelling(updatePath, rollbackPath, "tenantForeignKey baseTableName=\"" + task + "\""
                + " baseColumnNames=\"project_id\" referencedTableName=\"" + project + "\""
                + " referencedColumnNames=\"id\"", project, task);
    }

    @Test
    void rollbackSqlPrintsTheUndoWithoutChangingTheDatabase() throws Exception {
        String file = migrator.write(p + ".yaml", Changelogs.withSetup(tables(), isolate(project)));
        migrator.update(file);
        String applied = RollbackSnapshot.of(db, project);
        String table = "\"public\".\"" + project + "\"";

        assertThat(migrator.rollbackSql(file, 1)).contains(
                "DROP POLICY \"tenant_isolation\" ON " + table,
                "DROP INDEX \"public\".\"" + project + "_tenant_id_idx\"",
                "ALTER TABLE " + table + " ALTER COLUMN \"tenant_id\" DROP DEFAULT",
                "ALTER TABLE " + table + " NO FORCE ROW LEVEL SECURITY",
                "ALTER TABLE " + table + " DISABLE ROW LEVEL SECURITY");
        assertThat(RollbackSnapshot.of(db, project)).isEqualTo(applied);
        assertThat(Catalogs.value(db, "SELECT count(*) FROM databasechangelog WHERE filename = ?", file))
                .isEqualTo("2");
    }

    @Test
    void reapplyingToAProtectedTableIsANoOpWhoseRollbackKeepsTheProtection() throws Exception {
        String file = migrator.write(p + ".yaml", Changelogs.withSetup(tables(), isolate(project)));
        migrator.update(file);
        String protectedOnce = RollbackSnapshot.of(db, project);
        migrator.write(file, Changelogs.withSetup(tables(), isolate(project), isolate(project)));
        migrator.update(file);

        assertThat(Catalogs.value(db, "SELECT count(*) FROM databasechangelog WHERE filename = ?", file))
                .isEqualTo("3");
        assertThat(RollbackSnapshot.of(db, project)).isEqualTo(protectedOnce);
        migrator.rollback(file, 1);
        assertThat(RollbackSnapshot.of(db, project)).isEqualTo(protectedOnce)
                .contains("table|" + project + "|true|true", "policy|tenant_isolation|", "(tenant_id)",
                        "default|tenant_id|(NULLIF(");
        assertThat(Catalogs.value(db, "SELECT count(*) FROM databasechangelog WHERE filename = ?", file))
                .isEqualTo("2");
    }

    /**
     * Runs {@code change} in changeset {@code 1::test} of two included files, the second a no-op; returns the
     * snapshot of {@code tables} after rolling back the second file's changeset.
     */
    private String reapplyFromAnotherFileAndRollBack(String change, String... tables) throws Exception {
        String sameIdentity = """
                databaseChangeLog:
                  - changeSet:
                      id: '1'
                      author: test
                      changes:
                        - %s
                """.formatted(change);
        migrator.write(p + "_first.yaml", sameIdentity);
        migrator.write(p + "_again.yaml", sameIdentity);
        String master = migrator.write(p + ".yaml", Changelogs.withSetup(tables()) + "  - include: {file: " + p
                + "_first.yaml}\n  - include: {file: " + p + "_again.yaml}\n");
        migrator.update(master);
        String applied = RollbackSnapshot.of(db, tables);
        migrator.rollback(master, 1);
        assertThat(Catalogs.rows(db, "SELECT filename FROM databasechangelog WHERE filename IN (?, ?, ?) ORDER BY 1",
                master, p + "_first.yaml", p + "_again.yaml")).containsExactly(master, p + "_first.yaml");
        assertThat(RollbackSnapshot.of(db, tables)).isEqualTo(applied);
        return applied;
    }

    @Test
    void rollingBackANoOpReapplicationWithTheSameIdInAnotherFileKeepsTheProtection() throws Exception {
        assertThat(reapplyFromAnotherFileAndRollBack(isolate(project), project))
                .contains("table|" + project + "|true|true", "policy|tenant_isolation|");
    }

    @Test
    void rollingBackANoOpForeignKeyWithTheSameIdInAnotherFileKeepsTheForeignKey() throws Exception {
        assertThat(reapplyFromAnotherFileAndRollBack(foreignKey(), project, task)).contains("FOREIGN KEY");
    }
}
