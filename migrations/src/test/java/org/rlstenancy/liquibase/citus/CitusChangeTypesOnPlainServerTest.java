package org.rlstenancy.liquibase.citus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.rlstenancy.core.testsupport.TestDatabase;
import org.rlstenancy.liquibase.Migrator;

/**
 * The Citus change types on a server without the citus extension: an error naming it as the change runs, with
 * nothing of the changeset applied; and a changeset that a precondition skips there still validates, so one
 * changelog serves both.
 */
class CitusChangeTypesOnPlainServerTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path dir;

    @Test
    void distributingOnAPlainServerIsAnErrorAndAPreconditionSkipsItCleanly() throws Exception {
        db.ownerExecute("CREATE TABLE lookup (code text PRIMARY KEY)",
                "CREATE TABLE item (tenant_id uuid NOT NULL, id bigint NOT NULL, PRIMARY KEY (tenant_id, id))");
        Migrator migrator = new Migrator(db, dir);
        assertThatThrownBy(() -> migrator.update(migrator.write("plain.yaml", """
                databaseChangeLog:
                  - changeSet:
                      id: scale-out
                      author: test
                      changes:
                        - enableTenantIsolation: {tableName: item}
                        - distributeByTenant: {tableName: item}
                """))).hasStackTraceContaining("the database has no citus extension: distributeByTenant runs on a"
                + " Citus coordinator");
        assertThat(db.superuserLong("SELECT count(*) FROM pg_policy WHERE polrelid = 'item'::regclass")).isZero();

        migrator.update(migrator.write("guarded.yaml", """
                databaseChangeLog:
                  - changeSet:
                      id: scale-out
                      author: test
                      preConditions:
                        - onFail: MARK_RAN
                        - sqlCheck:
                            expectedResult: 1
                            sql: SELECT count(*) FROM pg_extension WHERE extname = 'citus'
                      changes:
                        - createReferenceTable: {tableName: lookup}
                        - distributeByTenant: {tableName: item}
                """));
        assertThat(db.superuserLong("SELECT count(*) FROM databasechangelog WHERE id = 'scale-out'"
                + " AND exectype = 'MARK_RAN'")).isEqualTo(1);
    }
}
