package org.rlstenancy.liquibase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.rlstenancy.core.testsupport.TestDatabase;

/**
 * {@code tenantForeignKey} replaces the plain foreign key on the same columns, whether it is in the database or an
 * earlier changeset of the changelog creates it: the composite key keeps its actions, {@code updateSql} and
 * {@code futureRollbackSql} print scripts that do the same when run, and the validate phase names what is replaced.
 */
class PlainKeyReplacementTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();
    private static final AtomicInteger counter = new AtomicInteger();
    private static final String ACME = "00000000-0000-0000-0000-00000000000a";

    @TempDir
    Path dir;

    private final String p = "pk" + counter.incrementAndGet();
    private final String project = p + "_project";
    private final String task = p + "_task";
    private final String plain = p + "_task_project_fk";

    private Migrator migrator() {
        return new Migrator(db, dir);
    }

    private String plainKey(String actions) {
        return "ALTER TABLE " + task + " ADD CONSTRAINT " + plain + " FOREIGN KEY (project_id) REFERENCES " + project
                + " (id) " + actions;
    }

    /** An {@code addForeignKeyConstraint} change creating the plain key with {@code attributes}. */
    private String addPlainKey(String attributes) {
        return "addForeignKeyConstraint: {baseTableName: " + task + ", baseColumnNames: project_id, constraintName: "
                + plain + ", referencedTableName: " + project + ", referencedColumnNames: id, " + attributes + "}";
    }

    private String foreignKey(String... attributes) {
        StringBuilder change = new StringBuilder("tenantForeignKey: {baseTableName: " + task
                + ", baseColumnNames: project_id, referencedTableName: " + project + ", referencedColumnNames: id");
        for (int i = 0; i < attributes.length; i += 2) {
            change.append(", ").append(attributes[i]).append(": ").append(attributes[i + 1]);
        }
        return change.append('}').toString();
    }

    /**
     * Runs the setup changeset (the tables, then {@code extraSql}) alone, then writes the changelog again with
     * {@code changes} after it, not run yet; returns its file name.
     */
    private String pending(List<String> extraSql, String... changes) throws Exception {
        Migrator migrator = migrator();
        String setup = Changelogs.projectAndTask(project, task, extraSql.toArray(String[]::new));
        String file = migrator.write(p + ".yaml", Changelogs.withSetup(setup));
        migrator.update(file);
        return migrator.write(file, Changelogs.withSetup(setup, changes));
    }

    /**
     * The {@code updateSql} and {@code futureRollbackSql} scripts of the pending changes of {@code file}; checks that
     * printing them changed nothing, that the update script, run as it is, leaves {@code keysAfterUpdate} on the task
     * table, and that the rollback script then puts everything back.
     */
    private Scripts printAndRun(String file, String... keysAfterUpdate) throws Exception {
        String before = RollbackSnapshot.of(db, project, task);
        Scripts scripts = new Scripts(migrator().updateSql(file), migrator().futureRollbackSql(file));
        assertThat(RollbackSnapshot.of(db, project, task)).isEqualTo(before);
        db.ownerExecute(scripts.update());
        assertThat(taskKeys()).containsExactly(keysAfterUpdate);
        db.ownerExecute(scripts.rollback());
        assertThat(RollbackSnapshot.of(db, project, task)).isEqualTo(before);
        return scripts;
    }

    private record Scripts(String update, String rollback) {
    }

    /** The foreign keys of the task table, as {@code name|definition}. */
    private List<String> taskKeys() throws Exception {
        return Catalogs.rows(db, "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                + " WHERE conrelid = ?::regclass AND contype = 'f' ORDER BY conname", task);
    }

    private String composite(String actions) {
        return task + "_project_id_tenant_fkey|FOREIGN KEY (tenant_id, project_id) REFERENCES " + project
                + "(tenant_id, id)" + actions;
    }

    private String plainDefinition(String actions) {
        return plain + "|FOREIGN KEY (project_id) REFERENCES " + project + "(id)" + actions;
    }

    @Test
    void updateSqlAndFutureRollbackSqlPrintTheReplacementAsScriptsThatRun() throws Exception {
        String file = pending(List.of(plainKey("ON DELETE CASCADE")), foreignKey());

        Scripts scripts = printAndRun(file, composite(" ON DELETE CASCADE"));
        String taskSql = "\"public\".\"" + task + "\"";
        String projectSql = "\"public\".\"" + project + "\"";
        assertThat(scripts.update()).contains("ALTER TABLE " + taskSql + " ADD CONSTRAINT \"" + task
                        + "_project_id_tenant_fkey\" FOREIGN KEY (\"tenant_id\", \"project_id\") REFERENCES " + projectSql
                        + " (\"tenant_id\", \"id\") ON DELETE CASCADE;",
                "ALTER TABLE " + taskSql + " DROP CONSTRAINT \"" + plain + "\";",
                "replacedKey1: " + plain + "\nreplacedKey1Definition: FOREIGN KEY (project_id) REFERENCES "
                        + projectSql + "(id) ON DELETE CASCADE'");
        assertThat(scripts.rollback()).contains("ALTER TABLE " + taskSql + " ADD CONSTRAINT \"" + plain + "\""
                + " FOREIGN KEY (project_id) REFERENCES " + projectSql + "(id) ON DELETE CASCADE;");
    }

    /** The plain key comes from an {@code addForeignKeyConstraint} that has not run when updateSql prints. */
    @Test
    void aPlainKeyThatAnEarlierChangesetAddsIsReplacedInThePrintedScripts() throws Exception {
        String file = pending(List.of(), addPlainKey("onDelete: CASCADE, deferrable: true"), foreignKey());

        Scripts scripts = printAndRun(file, composite(" ON DELETE CASCADE DEFERRABLE"));
        assertThat(scripts.update()).contains("DROP CONSTRAINT \"" + plain + "\";");
        assertThat(scripts.rollback()).contains("ADD CONSTRAINT \"" + plain + "\" FOREIGN KEY (\"project_id\")"
                + " REFERENCES \"public\".\"" + project + "\"(\"id\") ON DELETE CASCADE DEFERRABLE;");
        assertThat(scripts.rollback().indexOf("ADD CONSTRAINT \"" + plain + "\""))
                .isLessThan(scripts.rollback().lastIndexOf("DROP CONSTRAINT " + plain));
    }

    @Test
    void aPlainKeyThatAnEarlierChangesetAddsIsReplacedAndRestoredByUpdateAndRollback() throws Exception {
        String file = pending(List.of(), addPlainKey("onDelete: CASCADE"), foreignKey());
        Migrator migrator = migrator();

        migrator.update(file);
        assertThat(taskKeys()).containsExactly(composite(" ON DELETE CASCADE"));
        assertThat(migrator.rollbackSql(file, 1)).contains("ADD CONSTRAINT \"" + plain + "\" FOREIGN KEY (project_id)"
                + " REFERENCES \"public\".\"" + project + "\"(id) ON DELETE CASCADE;");
        migrator.rollback(file, 1);
        assertThat(taskKeys()).containsExactly(plainDefinition(" ON DELETE CASCADE"));
    }

    /** The plain key comes from the column constraints of a {@code createTable} that has not run yet. */
    @Test
    void aPlainKeyFromAnEarlierCreateTableIsReplacedInThePrintedScript() throws Exception {
        String child = p + "_child";
        String file = pending(List.of(), """
                createTable:
                              tableName: %s
                              columns:
                                - column: {name: id, type: bigint, constraints: {primaryKey: true}}
                                - column: {name: tenant_id, type: uuid, constraints: {nullable: false}}
                                - column: {name: project_id, type: bigint, constraints: {foreignKeyName: %s_fk,\
                 references: '%s(id)', deleteCascade: true}}""".formatted(child, child, project),
                "tenantForeignKey: {baseTableName: " + child + ", baseColumnNames: project_id, referencedTableName: "
                        + project + ", referencedColumnNames: id}");

        String update = migrator().updateSql(file);
        assertThat(update).contains("DROP CONSTRAINT \"" + child + "_fk\";");
        db.ownerExecute(update);
        assertThat(Catalogs.rows(db, "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                + " WHERE conrelid = ?::regclass AND contype = 'f'", child)).containsExactly(child
                + "_project_id_tenant_fkey|FOREIGN KEY (tenant_id, project_id) REFERENCES " + project
                + "(tenant_id, id) ON DELETE CASCADE");
    }

    @Test
    void theValidatePhaseNamesTheKeyItReplaces() throws Exception {
        String file = pending(List.of(plainKey("ON DELETE CASCADE")), foreignKey());

        assertThat(migrator().updateWarnings(file)).contains(file + "::change1::test: tenantForeignKey replaces"
                + " foreign key " + plain + " of table " + task + " (schema public) (FOREIGN KEY (project_id)"
                + " REFERENCES " + project + "(id) ON DELETE CASCADE) with " + task + "_project_id_tenant_fkey"
                + " (FOREIGN KEY (tenant_id, project_id) REFERENCES " + project + " (tenant_id, id) ON DELETE"
                + " CASCADE); rollback re-creates " + plain);
        assertThat(migrator().updateWarnings(file)).doesNotContain("tenantForeignKey replaces");
    }

    /**
     * ON DELETE SET NULL on the composite key would null the tenant column too: from PostgreSQL 15 on the new key
     * names the columns to null; PostgreSQL 14 cannot, so the change is refused in the validate phase.
     */
    @Test
    void onDeleteSetNullIsKeptForTheReferenceColumnsOnlyOrRefusedOnPostgres14() throws Exception {
        String file = pending(List.of(plainKey("ON DELETE SET NULL")), foreignKey());
        Migrator migrator = migrator();

        if (Integer.parseInt(Catalogs.value(db, "SELECT current_setting('server_version_num')::int / 10000")) < 15) {
            assertThat(catchThrowable(() -> migrator.update(file))).hasStackTraceContaining("ON DELETE SET NULL (that"
                    + " of foreign key " + plain + ") would also set the tenant column tenant_id, and PostgreSQL 14"
                    + " cannot limit it to project_id (15 and newer can): give onDelete");
            assertThat(taskKeys()).containsExactly(plainDefinition(" ON DELETE SET NULL"));
            return;
        }
        migrator.update(file);
        assertThat(taskKeys()).containsExactly(composite(" ON DELETE SET NULL (project_id)"));
        db.superuserExecute("INSERT INTO " + project + " VALUES (1, '" + ACME + "')",
                "INSERT INTO " + task + " (tenant_id, project_id) VALUES ('" + ACME + "', 1)",
                "DELETE FROM " + project);
        assertThat(Catalogs.value(db, "SELECT tenant_id || '|' || coalesce(project_id::text, 'null') FROM " + task))
                .isEqualTo(ACME + "|null");
        db.superuserExecute("DELETE FROM " + task);
        migrator.rollback(file, 1);
        assertThat(taskKeys()).containsExactly(plainDefinition(" ON DELETE SET NULL"));
    }

    @Test
    void onDeleteAndOnUpdateGivenByTheChangeWinOverThoseOfTheReplacedKey() throws Exception {
        String file = pending(List.of(plainKey("ON DELETE SET NULL")),
                foreignKey("onDelete", "cascade", "onUpdate", "restrict"));
        Migrator migrator = migrator();

        migrator.update(file);
        assertThat(taskKeys()).containsExactly(composite(" ON UPDATE RESTRICT ON DELETE CASCADE"));
        migrator.rollback(file, 1);
        assertThat(taskKeys()).containsExactly(plainDefinition(" ON DELETE SET NULL"));
    }
}
