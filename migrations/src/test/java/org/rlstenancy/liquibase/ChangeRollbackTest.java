package org.rlstenancy.liquibase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rlstenancy.liquibase.Changelogs.Change;
import static org.rlstenancy.liquibase.Changelogs.ChangeSet;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.rlstenancy.core.testsupport.TestDatabase;
import org.rlstenancy.liquibase.Changelogs.Format;

/** Rolling back each change type returns the catalog to exactly its prior state. */
class ChangeRollbackTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();
    private static final AtomicInteger counter = new AtomicInteger();

    @TempDir
    Path dir;

    private String p;

    private String createTables() throws SQLException {
        p = "r" + counter.incrementAndGet();
        db.ownerExecute("CREATE TABLE " + p + "_project (id bigint PRIMARY KEY, tenant_id uuid NOT NULL, name text)",
                "CREATE TABLE " + p + "_task (id bigserial PRIMARY KEY, tenant_id uuid NOT NULL, project_id bigint)");
        return p;
    }

    /** Applies {@code change} in its own changeset, checks it changed something, rolls it back. */
    private void applyAndRollBack(Change... changes) throws Exception {
        List<String> before = Changelogs.fingerprint(db);
        Migrator migrator = new Migrator(db, dir);
        String file = migrator.write(p + ".xml", Changelogs.text(Format.XML, ChangeSet.of("1", changes)));
        migrator.update(file);
        assertThat(Changelogs.fingerprint(db)).isNotEqualTo(before);
        migrator.rollback(file, 1);
        assertThat(Changelogs.fingerprint(db)).isEqualTo(before);
    }

    @Test
    void enableTenantIsolationOnAFreshTable() throws Exception {
        createTables();
        applyAndRollBack(Change.of("enableTenantIsolation", "tableName", p + "_project"));
    }

    @Test
    void enableTenantIsolationKeepsWhatWasThereBefore() throws Exception {
        createTables();
        db.ownerExecute("ALTER TABLE " + p + "_project ENABLE ROW LEVEL SECURITY",
                "CREATE INDEX " + p + "_mine ON " + p + "_project (tenant_id, name)",
                "ALTER TABLE " + p + "_project ALTER COLUMN tenant_id SET DEFAULT"
                        + " '00000000-0000-0000-0000-0000000000ff'::uuid");
        applyAndRollBack(Change.of("enableTenantIsolation", "tableName", p + "_project"));
        assertThat(Catalogs.value(db, "SELECT relrowsecurity || '/' || relforcerowsecurity FROM pg_class"
                + " WHERE relname = ?", p + "_project")).isEqualTo("true/false");
        assertThat(Catalogs.value(db, "SELECT column_default FROM information_schema.columns"
                + " WHERE table_name = ? AND column_name = 'tenant_id'", p + "_project"))
                .isEqualTo("'00000000-0000-0000-0000-0000000000ff'::uuid");
    }

    @Test
    void enableTenantIsolationWithoutIndexAndDefault() throws Exception {
        createTables();
        applyAndRollBack(Change.of("enableTenantIsolation", "tableName", p + "_project", "createIndex", "false",
                "setColumnDefault", "false"));
    }

    @Test
    void tenantForeignKeyAlsoDropsTheUniqueKeyItAdded() throws Exception {
        createTables();
        applyAndRollBack(Change.of("tenantForeignKey", "baseTableName", p + "_task", "baseColumnNames",
                "project_id", "referencedTableName", p + "_project", "referencedColumnNames", "id"));
    }

    @Test
    void tenantForeignKeyKeepsAUniqueKeyThatWasThere() throws Exception {
        createTables();
        db.ownerExecute("ALTER TABLE " + p + "_project ADD CONSTRAINT " + p + "_own_key UNIQUE (id, tenant_id)");
        applyAndRollBack(Change.of("tenantForeignKey", "baseTableName", p + "_task", "baseColumnNames",
                "project_id", "referencedTableName", p + "_project", "referencedColumnNames", "id"));
        assertThat(Catalogs.value(db, "SELECT count(*) FROM pg_constraint WHERE conname = ?", p + "_own_key"))
                .isEqualTo("1");
    }

    @Test
    void grantTenantAccessByTablesRevokesOnlyWhatItGranted() throws Exception {
        createTables();
        db.ownerExecute("CREATE TABLE " + p + "_other (id int)", "GRANT SELECT ON " + p + "_other TO "
                + db.appRole());
        applyAndRollBack(Change.of("grantTenantAccess", "roleName", db.appRole(), "tableNames",
                p + "_project, " + p + "_task"));
        assertThat(Catalogs.value(db, "SELECT has_table_privilege(?, ?, 'SELECT')", db.appRole(), p + "_other"))
                .isEqualTo("t");
    }

    @Test
    void grantTenantAccessBySchema() throws Exception {
        createTables();
        db.ownerExecute("CREATE SCHEMA " + p + "_s", "CREATE TABLE " + p + "_s.a (id serial, tenant_id uuid)",
                "CREATE TABLE " + p + "_s.b (id int)");
        String privileges = "SELECT string_agg(c.relname || ':' || has_table_privilege(?, c.oid, 'SELECT,INSERT,"
                + "UPDATE,DELETE') || ':' || (c.relkind <> 'S' OR has_sequence_privilege(?, c.oid, 'USAGE')), ',' "
                + "ORDER BY c.relname) FROM pg_class c WHERE c.relnamespace = ?::regnamespace AND c.relkind IN ('r', 'S')";
        String before = Catalogs.value(db, privileges, db.appRole(), db.appRole(), p + "_s");
        Migrator migrator = new Migrator(db, dir);
        String file = migrator.write(p + ".json", Changelogs.text(Format.JSON, ChangeSet.of("1",
                Change.of("grantTenantAccess", "roleName", db.appRole(), "schemaName", p + "_s"))));
        migrator.update(file);
        assertThat(Catalogs.value(db, privileges, db.appRole(), db.appRole(), p + "_s"))
                .isEqualTo("a:true:true,a_id_seq:false:true,b:true:true");
        migrator.rollback(file, 1);
        assertThat(Catalogs.value(db, privileges, db.appRole(), db.appRole(), p + "_s")).isEqualTo(before)
                .isEqualTo("a:false:true,a_id_seq:false:false,b:false:true");
    }

    @Test
    void rollbackSqlPrintsTheRollbackWithoutRunningIt() throws Exception {
        createTables();
        Migrator migrator = new Migrator(db, dir);
        String file = migrator.write(p + ".yaml", Changelogs.text(Format.YAML, ChangeSet.of("1",
                Change.of("enableTenantIsolation", "tableName", p + "_project"))));
        migrator.update(file);
        List<String> applied = Changelogs.fingerprint(db);
        String project = "\"public\".\"" + p + "_project\"";
        assertThat(migrator.rollbackSql(file, 1)).contains("DROP POLICY \"tenant_isolation\" ON " + project + ";",
                "DROP INDEX \"public\".\"" + p + "_project_tenant_id_idx\";",
                "ALTER TABLE " + project + " ALTER COLUMN \"tenant_id\" DROP DEFAULT;",
                "ALTER TABLE " + project + " NO FORCE ROW LEVEL SECURITY;",
                "ALTER TABLE " + project + " DISABLE ROW LEVEL SECURITY;");
        assertThat(Changelogs.fingerprint(db)).isEqualTo(applied);
    }

    @Test
    void rollingBackANoOpReapplicationLeavesTheFirstInPlace() throws Exception {
        createTables();
        Migrator migrator = new Migrator(db, dir);
        Change isolate = Change.of("enableTenantIsolation", "tableName", p + "_project");
        String file = migrator.write(p + ".yaml", Changelogs.text(Format.YAML, ChangeSet.of("1", isolate),
                ChangeSet.of("2", isolate)));
        migrator.update(file);
        List<String> applied = Changelogs.fingerprint(db);
        migrator.rollback(file, 1);
        assertThat(Changelogs.fingerprint(db)).isEqualTo(applied);
        assertThat(Catalogs.value(db, "SELECT count(*) FROM pg_policies WHERE tablename = ?", p + "_project"))
                .isEqualTo("1");
    }
}
