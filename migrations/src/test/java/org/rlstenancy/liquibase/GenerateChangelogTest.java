package org.rlstenancy.liquibase;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command line: exit codes, output and messages. Reads models only; no database. */
class GenerateChangelogTest {
    static final String ENTITIES = "org.rlstenancy.liquibase.guide.Customer,org.rlstenancy.liquibase.guide.Country";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return GenerateChangelog.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void writesYamlToStandardOutput() {
        assertThat(run("--entities", ENTITIES, "--app-role", "app_user")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("databaseChangeLog:")
                .contains("enableTenantIsolation", "tableName: customer_tag", "tenantForeignKey",
                        "roleName: app_user", "tableNames: country, customer, customer_tag")
                .doesNotContain("tableName: country\n");
    }

    @Test
    void writesXmlToAFile() throws Exception {
        Path file = dir.resolve("changelog.xml");
        assertThat(run("--entities", ENTITIES, "--output", file.toString())).isZero();
        assertThat(Files.readString(file)).contains("<databaseChangeLog", "enableTenantIsolation")
                .doesNotContain("grantTenantAccess");
    }

    @Test
    void readsAPersistenceUnitWithoutConnecting() {
        assertThat(run("--persistence-unit", "generator-test", "--app-role", "app_user")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("tableName: gen_note", "tableName: gen_counter",
                "roleName: app_user").doesNotContain("tableName: gen_currency");
    }

    @Test
    void optionsReachTheGenerator() {
        assertThat(run("--entities", "org.rlstenancy.liquibase.generator.GenWidget", "--every-entity",
                "--tenant-id-type", "long", "--tenant-column", "org_id", "--setting-name", "app.current_tenant",
                "--author", "someone", "--format", "xml")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("<?xml").contains("name=\"org_id\"",
                "type=\"bigint\"", "settingName=\"app.current_tenant\"", "author=\"someone\"");
    }

    @Test
    void theSignedModeWritesTheSigningChangesFirst() {
        assertThat(run("--entities", ENTITIES, "--app-role", "app_user", "--mode", "signed", "--signing-key-id",
                "k2")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("enableTenantSigning", "keyId: k2",
                "secretProperty: RLS_TENANCY_SIGNING_KEY", "mode: signed");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|give either --persistence-unit or --entities",
            "--entities a.B --persistence-unit u|give either --persistence-unit or --entities",
            "--entities|--entities needs a value",
            "--entities org.rlstenancy.liquibase.guide.Customer --app-role|--app-role needs a value",
            "--persistence-unit no-such-unit|No persistence unit named 'no-such-unit'",
            "--bogus|unknown argument '--bogus'",
            "--entities no.such.Entity|entity class no.such.Entity is not on the class path",
            "--entities org.rlstenancy.liquibase.guide.Customer --tenant-id-type float|unknown tenant id type 'float'",
            "--entities org.rlstenancy.liquibase.guide.Customer --format json|Unknown changelog format 'json'",
            "--entities org.rlstenancy.liquibase.guide.Customer --app-role x;y|Unsafe identifier name 'x;y'",
            "--entities org.rlstenancy.liquibase.guide.Customer --mode sighed|Unknown tenant mode 'sighed'",
            "--entities org.rlstenancy.liquibase.guide.Customer --mode signed|The signed mode needs the application"})
    void badUsageExitsWithTwoAndSaysWhy(String args, String message) {
        String[] argv = args.isEmpty() ? new String[0] : args.split(" ");
        assertThat(run(argv)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(message);
    }
}
