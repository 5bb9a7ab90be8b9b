package org.rlstenancy.liquibase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rlstenancy.liquibase.Changelogs.Change;
import static org.rlstenancy.liquibase.Changelogs.ChangeSet;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.rlstenancy.core.IsolationVerifier;
import org.rlstenancy.core.RlsConfig;
import org.rlstenancy.core.testsupport.TestDatabase;
import org.rlstenancy.liquibase.Changelogs.Format;

/**
 * The three change types run by real Liquibase from XML, YAML and JSON changelogs: the catalog afterwards, what
 * the application role can then do, and that running again changes nothing.
 */
class ChangeTypeTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();
    static final String ACME = "00000000-0000-0000-0000-00000000000a";
    static final String GLOBEX = "00000000-0000-0000-0000-00000000000b";
    private static final AtomicInteger counter = new AtomicInteger();

    @TempDir
    Path dir;

    /** Creates {@code <p>_project} and {@code <p>_task} as the owner, with no isolation; returns p. */
    static String createTables(String tenantType) throws SQLException {
        String p = "t" + counter.incrementAndGet();
        db.ownerExecute("CREATE TABLE " + p + "_project (id bigint PRIMARY KEY, tenant_id " + tenantType
                        + " NOT NULL, name text)",
                "CREATE TABLE " + p + "_task (id bigserial PRIMARY KEY, tenant_id " + tenantType + " NOT NULL,"
                        + " project_id bigint, title text)");
        return p;
    }

    static ChangeSet isolateAll(String id, String p) {
        return ChangeSet.of(id,
                Change.of("enableTenantIsolation", "tableName", p + "_project"),
                Change.of("enableTenantIsolation", "tableName", p + "_task"),
                Change.of("tenantForeignKey", "baseTableName", p + "_task", "baseColumnNames", "project_id",
                        "referencedTableName", p + "_project", "referencedColumnNames", "id"),
                Change.of("grantTenantAccess", "roleName", db.appRole(), "tableNames", p + "_project, " + p + "_task"));
    }

    String apply(Format format, String base, ChangeSet... changeSets) throws Exception {
        Migrator migrator = new Migrator(db, dir);
        String file = migrator.write(Changelogs.fileName(base, format), Changelogs.text(format, changeSets));
        migrator.update(file);
        return file;
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void everyChangeTypeLeavesTheCatalogAsDesigned(Format format) throws Exception {
        String p = createTables("uuid");
        apply(format, p, isolateAll("1", p));

        for (String table : List.of(p + "_project", p + "_task")) {
            assertThat(Catalogs.value(db, "SELECT relrowsecurity || '/' || relforcerowsecurity FROM pg_class"
                    + " WHERE relname = ?", table)).isEqualTo("true/true");
            assertThat(Catalogs.rows(db, "SELECT policyname, permissive, cmd, qual, with_check FROM pg_policies"
                    + " WHERE tablename = ?", table)).singleElement().satisfies(policy -> assertThat(policy)
                    .isEqualTo("tenant_isolation|PERMISSIVE|ALL|"
                            + "(tenant_id = ( SELECT (NULLIF(current_setting('app.tenant_id'::text, true), ''::text))::uuid AS \"nullif\"))|"
                            + "(tenant_id = ( SELECT (NULLIF(current_setting('app.tenant_id'::text, true), ''::text))::uuid AS \"nullif\"))"));
            assertThat(Catalogs.rows(db, "SELECT indexdef FROM pg_indexes WHERE tablename = ?", table))
                    .anyMatch(def -> def.endsWith("USING btree (tenant_id)"));
            assertThat(Catalogs.value(db, "SELECT column_default FROM information_schema.columns"
                    + " WHERE table_name = ? AND column_name = 'tenant_id'", table))
                    .isEqualTo("(NULLIF(current_setting('app.tenant_id'::text, true), ''::text))::uuid");
            assertThat(Catalogs.rows(db, "SELECT p, has_table_privilege(?, ?, p) FROM unnest(ARRAY['SELECT',"
                    + " 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) p", db.appRole(), table))
                    .containsExactly("SELECT|t", "INSERT|t", "UPDATE|t", "DELETE|t", "TRUNCATE|f", "REFERENCES|f",
                            "TRIGGER|f");
        }
        assertThat(Catalogs.value(db, "SELECT has_sequence_privilege(?, ?, 'USAGE')", db.appRole(),
                p + "_task_id_seq")).isEqualTo("t");
        assertThat(Catalogs.rows(db, "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                + " WHERE conrelid = ?::regclass AND contype = 'f'", p + "_task")).containsExactly(
                p + "_task_project_id_tenant_fkey|FOREIGN KEY (tenant_id, project_id) REFERENCES " + p
                        + "_project(tenant_id, id)");
        assertThat(Catalogs.rows(db, "SELECT pg_get_constraintdef(oid) FROM pg_constraint"
                + " WHERE conrelid = ?::regclass AND contype = 'u'", p + "_project"))
                .containsExactly("UNIQUE (tenant_id, id)");
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void theApplicationRoleThenSeesAndWritesOnlyItsTenant(Format format) throws Exception {
        String p = createTables("uuid");
        apply(format, p, isolateAll("1", p));
        db.superuserExecute("INSERT INTO " + p + "_project VALUES (1, '" + ACME + "', 'a'), (2, '" + GLOBEX + "', 'g')",
                "INSERT INTO " + p + "_task (tenant_id, project_id) VALUES ('" + ACME + "', 1), ('" + GLOBEX + "', 2)");

        assertThat(query(ACME, "SELECT string_agg(name, ',') FROM " + p + "_project")).isEqualTo("a");
        assertThat(query(GLOBEX, "SELECT count(*) FROM " + p + "_task")).isEqualTo("1");
        assertThat(query(null, "SELECT count(*) FROM " + p + "_project")).isEqualTo("0");
        assertSqlState("42501", () -> query(ACME, "INSERT INTO " + p + "_project VALUES (3, '" + GLOBEX
                + "', 'x') RETURNING id"));
        assertSqlState("42501", () -> query(ACME, "UPDATE " + p + "_project SET tenant_id = '" + GLOBEX
                + "' RETURNING id"));
        assertSqlState("42501", () -> query(null, "INSERT INTO " + p + "_project (id, name) VALUES (4, 'none')"
                + " RETURNING id"));
        assertSqlState("23503", () -> query(ACME, "INSERT INTO " + p + "_task (project_id) VALUES (2) RETURNING id"));
        assertThat(query(ACME, "INSERT INTO " + p + "_project (id, name) VALUES (5, 'defaulted') RETURNING tenant_id"))
                .isEqualTo(ACME);
        assertThat(query(ACME, "UPDATE " + p + "_project SET name = 'x' WHERE id = 2 RETURNING id")).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"uuid; ''::text))::uuid; 00000000-0000-0000-0000-00000000000a",
            "text; ''::text); acme", "varchar(40); ''::text); acme", "bigint; ''::text))::bigint; 41",
            "integer; ''::text))::integer; 42"})
    void thePolicyCastFollowsTheColumnType(String columnType, String cast, String tenant) throws Exception {
        String p = createTables(columnType);
        apply(Format.YAML, p, ChangeSet.of("1", Change.of("enableTenantIsolation", "tableName", p + "_project"),
                Change.of("grantTenantAccess", "roleName", db.appRole(), "tableNames", p + "_project")));
        assertThat(Catalogs.value(db, "SELECT qual FROM pg_policies WHERE tablename = ?", p + "_project"))
                .contains("current_setting('app.tenant_id'::text, true)").endsWith(cast + " AS \"nullif\"))");
        assertThat(query(tenant, "INSERT INTO " + p + "_project (id, name) VALUES (1, 'n') RETURNING tenant_id"))
                .isEqualTo(tenant);
        db.superuserExecute("INSERT INTO " + p + "_project (id, tenant_id) SELECT 2, tenant_id FROM " + p
                + "_project WHERE id = 1", "UPDATE " + p + "_project SET tenant_id = '" + ("uuid".equals(columnType)
                ? GLOBEX : "99") + "' WHERE id = 2");
        assertThat(query(tenant, "SELECT count(*) FROM " + p + "_project")).isEqualTo("1");
    }

    @Test
    void runningTheSameChangelogTwiceChangesNothing() throws Exception {
        String p = createTables("uuid");
        String file = apply(Format.YAML, p, isolateAll("1", p));
        List<String> once = Changelogs.fingerprint(db);
        String rows = Catalogs.value(db, "SELECT count(*) FROM databasechangelog");
        new Migrator(db, dir).update(file);
        assertThat(Changelogs.fingerprint(db)).isEqualTo(once);
        assertThat(Catalogs.value(db, "SELECT count(*) FROM databasechangelog")).isEqualTo(rows);
    }

    @Test
    void applyingTheSameChangesUnderNewChangesetIdsChangesNothing() throws Exception {
        String p = createTables("uuid");
        apply(Format.YAML, p, isolateAll("1", p));
        List<String> once = Changelogs.fingerprint(db);
        apply(Format.JSON, p + "-again", isolateAll("2", p));
        assertThat(Changelogs.fingerprint(db)).isEqualTo(once);
    }

    @Test
    void updateSqlShowsTheExactSqlAndChangesNothing() throws Exception {
        String p = createTables("uuid");
        Migrator migrator = new Migrator(db, dir);
        String file = migrator.write(p + ".yaml", Changelogs.text(Format.YAML, isolateAll("1", p)));
        List<String> before = Changelogs.fingerprint(db);
        String sql = migrator.updateSql(file);
        String project = "\"public\".\"" + p + "_project\"";
        String predicate = "\"tenant_id\" = (SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid)";
        assertThat(sql).contains(
                "ALTER TABLE " + project + " ENABLE ROW LEVEL SECURITY;",
                "ALTER TABLE " + project + " FORCE ROW LEVEL SECURITY;",
                "CREATE POLICY \"tenant_isolation\" ON " + project + " USING (" + predicate + ") WITH CHECK ("
                        + predicate + ");",
                "CREATE INDEX IF NOT EXISTS \"" + p + "_project_tenant_id_idx\" ON " + project + " (\"tenant_id\");",
                "ALTER TABLE " + project + " ALTER COLUMN \"tenant_id\" SET DEFAULT NULLIF(current_setting("
                        + "'app.tenant_id', true), '')::uuid;",
                "ALTER TABLE " + project + " ADD CONSTRAINT \"" + p + "_project_tenant_id_id_key\" UNIQUE (\"tenant_id\", \"id\");",
                "FOREIGN KEY (\"tenant_id\", \"project_id\") REFERENCES " + project + " (\"tenant_id\", \"id\");",
                "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE " + project + ", \"public\".\"" + p + "_task\" TO \""
                        + db.appRole() + "\";",
                "GRANT USAGE ON SEQUENCE \"public\".\"" + p + "_task_id_seq\" TO \"" + db.appRole() + "\";");
        assertThat(Changelogs.fingerprint(db)).isEqualTo(before);
    }

    @Test
    void aSchemaBuiltByTheChangeTypesGivesTheVerifierNoFinding() throws Exception {
        String p = "v" + counter.incrementAndGet();
        Migrator migrator = new Migrator(db, dir);
        String file = migrator.write(p + ".yaml", """
                databaseChangeLog:
                  - changeSet:
                      id: create
                      author: test
                      changes:
                        - createTable:
                            tableName: P_project
                            columns:
                              - column: {name: id, type: bigint, autoIncrement: true, constraints: {primaryKey: true}}
                              - column: {name: tenant_id, type: uuid, constraints: {nullable: false}}
                        - createTable:
                            tableName: P_task
                            columns:
                              - column: {name: id, type: bigint, autoIncrement: true, constraints: {primaryKey: true}}
                              - column: {name: tenant_id, type: uuid, constraints: {nullable: false}}
                              - column: {name: project_id, type: bigint}
                  - changeSet:
                      id: protect
                      author: test
                      changes:
                        - enableTenantIsolation: {tableName: P_project}
                        - enableTenantIsolation: {tableName: P_task}
                        - tenantForeignKey: {baseTableName: P_task, baseColumnNames: project_id,
                            referencedTableName: P_project, referencedColumnNames: id}
                        - grantTenantAccess: {roleName: ROLE, tableNames: 'P_project, P_task'}
                """.replace("P_", p + "_").replace("ROLE", db.appRole()));
        migrator.update(file);
        try (Connection connection = db.appConnection()) {
            assertThat(IsolationVerifier.of(RlsConfig.defaults(), "tenant_id")
                    .verify(connection, List.of(p + "_project", p + "_task"))).isEmpty();
        }
    }

    @Test
    void aSchemaWideGrantLeavesTheGrantRecordToTheOwner() throws Exception {
        String p = createTables("uuid");
        apply(Format.YAML, p,
                ChangeSet.of("1", Change.of("grantTenantAccess", "roleName", db.appRole(), "tableNames", p + "_project")),
                ChangeSet.of("2", Change.of("grantTenantAccess", "roleName", db.appRole(), "schemaName", "public")));
        assertThat(Catalogs.value(db, "SELECT has_table_privilege(?, ?, 'SELECT')", db.appRole(), p + "_task"))
                .isEqualTo("t");
        assertThat(Catalogs.value(db, "SELECT has_table_privilege(?, 'rls_tenancy_grants', 'SELECT')", db.appRole()))
                .isEqualTo("f");
    }

    /**
     * Tables, a sequence and defaults that only earlier changesets of the same changelog create: the printed script,
     * run as it is, grants USAGE on every sequence they use, so the application role can insert into each.
     */
    @Test
    void updateSqlGrantsTheSequencesOfTablesTheChangelogCreates() throws Exception {
        String p = "s" + counter.incrementAndGet();
        String longTable = p + "_" + "x".repeat(45);
        Migrator migrator = new Migrator(db, dir);
        String file = migrator.write(p + ".yaml", """
                databaseChangeLog:
                  - changeSet:
                      id: create
                      author: test
                      changes:
                        - createSequence: {sequenceName: P_shared_seq}
                        - createTable:
                            tableName: P_project
                            columns:
                              - column: {name: id, type: bigint, autoIncrement: true, constraints: {primaryKey: true}}
                              - column: {name: tenant_id, type: uuid, constraints: {nullable: false}}
                              - column: {name: position, type: bigint, defaultValueSequenceNext: P_shared_seq}
                        - createTable:
                            tableName: P_task
                            columns:
                              - column: {name: id, type: bigserial, constraints: {primaryKey: true}}
                              - column: {name: tenant_id, type: uuid, constraints: {nullable: false}}
                              - column: {name: rank, type: int}
                        - addAutoIncrement: {tableName: P_task, columnName: rank, columnDataType: int}
                        - createTable:
                            tableName: LONG
                            columns:
                              - column: {name: identifier_of_a_row, type: bigint, autoIncrement: true}
                              - column: {name: tenant_id, type: uuid, constraints: {nullable: false}}
                  - changeSet:
                      id: protect
                      author: test
                      changes:
                        - enableTenantIsolation: {tableName: P_project}
                        - enableTenantIsolation: {tableName: P_task}
                        - enableTenantIsolation: {tableName: LONG}
                        - grantTenantAccess: {roleName: ROLE, tableNames: 'P_project, P_task, LONG'}
                """.replace("P_", p + "_").replace("LONG", longTable).replace("ROLE", db.appRole()));

        String sql = migrator.updateSql(file);
        db.ownerExecute(sql);

        List<String> used = Catalogs.rows(db, """
                SELECT DISTINCT s.relname FROM pg_depend d JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
                WHERE d.refobjid IN (?::regclass, ?::regclass, ?::regclass) AND d.deptype IN ('a', 'i')
                UNION SELECT ?::text ORDER BY 1""", p + "_project", p + "_task", longTable, p + "_shared_seq");
        assertThat(used).hasSize(5);
        for (String sequence : used) {
            assertThat(sql).containsPattern("GRANT USAGE ON SEQUENCE [^;]*\"" + sequence + "\"");
            assertThat(Catalogs.value(db, "SELECT has_sequence_privilege(?, ?, 'USAGE')", db.appRole(), sequence))
                    .as(sequence).isEqualTo("t");
        }
        assertThat(query(ACME, "INSERT INTO " + p + "_project DEFAULT VALUES RETURNING position")).isEqualTo("1");
        assertThat(query(ACME, "INSERT INTO " + p + "_task DEFAULT VALUES RETURNING rank")).isEqualTo("1");
        assertThat(query(ACME, "INSERT INTO " + longTable + " DEFAULT VALUES RETURNING identifier_of_a_row"))
                .isEqualTo("1");
    }

    interface Sql {
        void run() throws Exception;
    }

    static void assertSqlState(String state, Sql sql) {
        assertThatThrownBy(sql::run).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo(state));
    }

    /** Runs {@code sql} as the application role in one transaction with {@code tenant} set (or none); its value. */
    static String query(String tenant, String sql) throws SQLException {
        try (Connection connection = db.appConnection()) {
            connection.setAutoCommit(false);
            if (tenant != null) {
                try (PreparedStatement set = connection.prepareStatement("SELECT set_config('app.tenant_id', ?, true)")) {
                    set.setString(1, tenant);
                    set.execute();
                }
            }
            String value = null;
            try (PreparedStatement statement = connection.prepareStatement(sql);
                    ResultSet rs = statement.executeQuery()) {
                if (rs.next()) {
                    value = rs.getString(1);
                }
            }
            connection.commit();
            return value;
        }
    }
}
