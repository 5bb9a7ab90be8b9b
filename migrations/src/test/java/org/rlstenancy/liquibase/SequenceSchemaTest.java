package org.rlstenancy.liquibase;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rlstenancy.core.testsupport.TestDatabase;

/**
 * {@code grantTenantAccess} grants USAGE on exactly the sequences a table's column defaults call, when a sequence
 * lives in another schema than the table: table {@code app.item} calls {@code nextval('shared.some_seq')},
 * {@code shared.item} calls {@code nextval('app.other_seq')}, and {@code app.item} also calls a sequence of the
 * default schema, through {@code defaultValueSequenceNext} and an unqualified {@code nextval}. Both when the
 * tables exist as the grant runs ({@code update}), and under {@code updateSql}, where only the earlier changeset
 * of the changelog creates them.
 */
class SequenceSchemaTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();
    private static final AtomicInteger counter = new AtomicInteger();

    @TempDir
    Path dir;

    @BeforeAll
    static void schemas() throws Exception {
        db.ownerExecute("CREATE SCHEMA app", "CREATE SCHEMA shared",
                "GRANT USAGE ON SCHEMA app, shared TO " + db.appRole());
    }

    private static String changelog(String p, String grantSchema) {
        return """
                databaseChangeLog:
                  - changeSet:
                      id: create
                      author: test
                      changes:
                        - createSequence: {schemaName: shared, sequenceName: P_some_seq}
                        - createSequence: {schemaName: app, sequenceName: P_other_seq}
                        - createSequence: {sequenceName: P_plain_seq}
                        - createTable:
                            schemaName: app
                            tableName: P_item
                            columns:
                              - column: {name: id, type: bigint, defaultValueComputed: "nextval('shared.P_some_seq')"}
                              - column: {name: tenant_id, type: uuid}
                              - column: {name: position, type: bigint, defaultValueSequenceNext: P_plain_seq}
                              - column: {name: rank, type: bigint, defaultValueComputed: "nextval('P_plain_seq')"}
                        - createTable:
                            schemaName: shared
                            tableName: P_item
                            columns:
                              - column: {name: id, type: bigint, defaultValueComputed: "nextval('app.P_other_seq')"}
                              - column: {name: tenant_id, type: uuid}
                  - changeSet:
                      id: grant
                      author: test
                      changes:
                        - grantTenantAccess: {roleName: ROLE, schemaName: GRANT, tableNames: P_item}
                """.replace("P_", p + "_").replace("ROLE", db.appRole()).replace("GRANT", grantSchema);
    }

    @ParameterizedTest(name = "{0}, grant on {1}.item")
    @CsvSource({
        "update,    app,    shared.%s_some_seq public.%s_plain_seq, app.%s_other_seq",
        "updateSql, app,    shared.%s_some_seq public.%s_plain_seq, app.%s_other_seq",
        "update,    shared, app.%s_other_seq,                       shared.%s_some_seq public.%s_plain_seq",
        "updateSql, shared, app.%s_other_seq,                       shared.%s_some_seq public.%s_plain_seq"})
    void usageGoesToTheSequenceTheDefaultCallsInItsOwnSchema(String mode, String grantSchema, String granted,
            String notGranted) throws Exception {
        String p = "q" + counter.incrementAndGet();
        Migrator migrator = new Migrator(db, dir);
        String file = migrator.write(p + ".yaml", changelog(p, grantSchema));
        if (mode.equals("update")) {
            migrator.update(file);
        } else {
            String sql = migrator.updateSql(file);
            for (String sequence : granted.split(" ")) {
                assertThat(sql).containsPattern("GRANT USAGE ON SEQUENCE [^;]*" + Pattern.quote(
                        quoted(sequence.formatted(p))));
            }
            db.ownerExecute(sql);
        }

        for (String sequence : granted.split(" ")) {
            assertThat(usage(sequence.formatted(p))).as(sequence.formatted(p)).isEqualTo("t");
        }
        for (String sequence : notGranted.split(" ")) {
            assertThat(usage(sequence.formatted(p))).as(sequence.formatted(p)).isEqualTo("f");
        }
        try (Connection connection = db.appConnection();
                ResultSet rs = connection.createStatement().executeQuery("INSERT INTO " + grantSchema + "." + p
                        + "_item (tenant_id) VALUES (gen_random_uuid()) RETURNING id")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(1);
        }
    }

    private static String quoted(String sequence) {
        int dot = sequence.indexOf('.');
        return "\"" + sequence.substring(0, dot) + "\".\"" + sequence.substring(dot + 1) + "\"";
    }

    private static String usage(String sequence) throws Exception {
        return Catalogs.value(db, "SELECT has_sequence_privilege(?, ?, 'USAGE')", db.appRole(), sequence);
    }
}
