package org.rlstenancy.liquibase;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.rlstenancy.core.testsupport.TestDatabase;

/**
 * Rolling back {@code grantTenantAccess} revokes what its changeset recorded, whatever became of the role and the
 * tables since the grant, and is never refused as a grant to that role now would be.
 */
class GrantRollbackTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();
    private static final String SUFFIX = String.format(Locale.ROOT, "%08x", new SecureRandom().nextInt());
    private static final AtomicInteger counter = new AtomicInteger();

    @TempDir
    Path dir;

    private final List<String> roles = new ArrayList<>();
    private String p;
    private String role;
    private String project;
    private String task;
    private Migrator migrator;

    @BeforeEach
    void names() throws Exception {
        p = "gr" + counter.incrementAndGet();
        role = role(p);
        project = p + "_project";
        task = p + "_task";
        migrator = new Migrator(db, dir);
        db.superuserExecute("CREATE ROLE " + role + " NOSUPERUSER NOBYPASSRLS NOLOGIN");
    }

    /** A role name unique in the cluster, dropped after the test. */
    private String role(String name) {
        String unique = name + "_" + SUFFIX;
        roles.add(unique);
        return unique;
    }

    @AfterEach
    void dropRoles() throws Exception {
        for (String name : roles) {
            db.superuserExecute("DO $$ BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = '" + name + "') THEN"
                    + " EXECUTE 'DROP OWNED BY " + name + "'; EXECUTE 'DROP ROLE " + name + "'; END IF; END $$");
        }
    }

    /** Changeset {@code setup} creating the two tables and running {@code setupSql}, then {@code changes}. */
    private String changelog(String setupSql, String... changes) {
        return Changelogs.withSetup("CREATE TABLE " + project + " (id bigint PRIMARY KEY, tenant_id uuid NOT NULL);\n"
                + "CREATE TABLE " + task + " (id bigserial PRIMARY KEY, tenant_id uuid NOT NULL);\n" + setupSql,
                changes);
    }

    private String grant(String tables) {
        return "grantTenantAccess: {roleName: " + role + ", tableNames: '" + tables + "'}";
    }

    /**
     * Grants on both tables in changeset {@code change1}, runs {@code meanwhile} as the superuser, rolls
     * {@code change1} back, checks Liquibase's history and the grant record forgot it; returns the warnings logged.
     */
    private String grantThenRollBack(String setupSql, String... meanwhile) throws Exception {
        String file = migrator.write(p + ".yaml", changelog(setupSql, grant(project + ", " + task)));
        migrator.update(file);
        assertThat(privileges(role)).contains(project + "|SELECT", task + "|DELETE", task + "_id_seq|USAGE");
        db.superuserExecute(meanwhile);
        String warnings = migrator.rollbackWarnings(file, 1);
        assertThat(Catalogs.value(db, "SELECT count(*) FROM databasechangelog WHERE filename = ?", file))
                .isEqualTo("1");
        assertThat(recorded(file)).isEmpty();
        return warnings;
    }

    /** The changesets of {@code file} that the grant record holds rows of. */
    private static List<String> recorded(String file) throws Exception {
        if ("t".equals(Catalogs.value(db, "SELECT to_regclass('rls_tenancy_grants') IS NULL"))) {
            return List.of();
        }
        return Catalogs.rows(db, "SELECT DISTINCT changeset FROM rls_tenancy_grants WHERE starts_with(changeset, ?)"
                + " ORDER BY 1", file + "::");
    }

    /** {@code object|privilege} for every privilege {@code grantee} holds itself on this test's tables and sequence. */
    private List<String> privileges(String grantee) throws Exception {
        return Catalogs.rows(db, """
                SELECT c.relname || '|' || a.privilege_type FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a
                WHERE c.relname LIKE ? AND a.grantee = (SELECT oid FROM pg_roles WHERE rolname = ?)
                ORDER BY c.relname, a.privilege_type""", p + "\\_%", grantee);
    }

    @Test
    void aRoleGivenBypassRlsSinceLosesExactlyWhatTheChangesetGranted() throws Exception {
        grantThenRollBack("GRANT SELECT ON " + project + " TO " + role + ";", "ALTER ROLE " + role + " BYPASSRLS");

        assertThat(privileges(role)).containsExactly(project + "|SELECT");
    }

    @Test
    void aDroppedRoleHasNothingRevokedAndTheRecordIsForgotten() throws Exception {
        String warnings = grantThenRollBack("", "DROP OWNED BY " + role, "DROP ROLE " + role);

        assertThat(warnings).contains("role " + role + " no longer exists, so nothing is revoked");
    }

    @Test
    void aRenamedRoleKeepsItsPrivilegesAndTheLogSaysSo() throws Exception {
        String renamed = role(p + "_renamed");
        String warnings = grantThenRollBack("", "ALTER ROLE " + role + " RENAME TO " + renamed);

        assertThat(warnings).containsOnlyOnce("role " + role + " no longer exists")
                .containsPattern("if it was renamed, it keeps its privileges on [^\n]*table \"public\".\"" + project
                        + "\"");
        assertThat(privileges(renamed)).contains(project + "|SELECT", task + "_id_seq|USAGE");
    }

    @Test
    void aDroppedTableIsSkippedAndTheRestRevoked() throws Exception {
        String warnings = grantThenRollBack("", "DROP TABLE " + project);

        assertThat(privileges(role)).isEmpty();
        assertThat(warnings).contains("nothing revoked on table \"public\".\"" + project + "\", which no longer"
                + " exists");
    }

    @Test
    void aTableTheRoleNowOwnsKeepsTheOwnersPrivileges() throws Exception {
        String warnings = grantThenRollBack("", "ALTER TABLE " + project + " OWNER TO " + role);

        assertThat(privileges(role)).contains(project + "|DELETE", project + "|INSERT", project + "|SELECT",
                project + "|UPDATE").allMatch(privilege -> privilege.startsWith(project + "|"));
        assertThat(warnings).contains("which role " + role + " now owns");
    }

    /** Runs {@code script}, SQL that Liquibase printed, as the owner, as one would with psql. */
    private void runScript(String script) throws Exception {
        db.ownerExecute(script);
    }

    /** Two changesets granting on overlapping tables, after the setup has run; returns the changelog. */
    private String twoPendingGrants() throws Exception {
        String file = migrator.write(p + ".yaml", changelog(""));
        migrator.update(file);
        return migrator.write(file, changelog("", grant(project), grant(project + ", " + task)));
    }

    private void assertBothGrantsRolledBack(String file) throws Exception {
        assertThat(privileges(role)).isEmpty();
        assertThat(recorded(file)).isEmpty();
        assertThat(Catalogs.value(db, "SELECT count(*) FROM databasechangelog WHERE filename = ?", file))
                .isEqualTo("1");
        assertThat(Catalogs.value(db, "SELECT to_regclass('rls_tenancy_grants') IS NULL"))
                .as("the record, emptied, is dropped (every test of this class rolls its grants back)")
                .isEqualTo("t");
    }

    @Test
    void futureRollbackSqlOfTwoGrantsRunsAsAScriptAfterTheUpdate() throws Exception {
        String file = twoPendingGrants();
        String script = migrator.futureRollbackSql(file);
        migrator.update(file);
        assertThat(recorded(file)).containsExactly(file + "::change1::test", file + "::change2::test");

        runScript(script);
        assertBothGrantsRolledBack(file);
    }

    @Test
    void rollbackSqlOfTwoGrantsRunsAsAScriptAndDropsTheEmptiedRecord() throws Exception {
        String file = twoPendingGrants();
        migrator.update(file);
        String script = migrator.rollbackSql(file, 2);
        assertThat(privileges(role)).isNotEmpty();

        runScript(script);
        assertBothGrantsRolledBack(file);
    }

    @Test
    void rollbackSqlOfTheLaterGrantKeepsTheEarlierOnesRecord() throws Exception {
        String file = twoPendingGrants();
        migrator.update(file);

        runScript(migrator.rollbackSql(file, 1));
        assertThat(privileges(role)).containsExactly(project + "|DELETE", project + "|INSERT", project + "|SELECT",
                project + "|UPDATE");
        assertThat(recorded(file)).containsExactly(file + "::change1::test");
        migrator.rollback(file, 1);
        assertBothGrantsRolledBack(file);
    }
}
