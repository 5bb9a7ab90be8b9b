package org.rlstenancy.liquibase;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.rlstenancy.core.testsupport.TestDatabase;

class SmokeTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path dir;

    @Test
    void yaml() throws Exception {
        Migrator m = new Migrator(db, dir);
        String log = m.write("changelog.yaml", """
                databaseChangeLog:
                  - changeSet:
                      id: 1
                      author: test
                      changes:
                        - createTable:
                            tableName: project
                            columns:
                              - column: {name: id, type: bigint, constraints: {primaryKey: true}}
                              - column: {name: tenant_id, type: uuid, constraints: {nullable: false}}
                              - column: {name: name, type: text}
                        - createTable:
                            tableName: task
                            columns:
                              - column: {name: id, type: bigint, constraints: {primaryKey: true}}
                              - column: {name: tenant_id, type: uuid, constraints: {nullable: false}}
                              - column: {name: project_id, type: bigint}
                  - changeSet:
                      id: 2
                      author: test
                      changes:
                        - enableTenantIsolation: {tableName: project}
                        - enableTenantIsolation: {tableName: task}
                        - tenantForeignKey: {baseTableName: task, baseColumnNames: project_id, referencedTableName: project, referencedColumnNames: id}
                        - grantTenantAccess: {roleName: %s, tableNames: "project, task"}
                """.formatted(db.appRole()));
        System.out.println(m.updateSql(log));
        m.update(log);
        System.out.println(m.rollbackSql(log, 1));
        m.rollback(log, 1);
        m.update(log);
        m.update(log);
    }
}
