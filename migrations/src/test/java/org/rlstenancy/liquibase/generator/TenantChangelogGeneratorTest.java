package org.rlstenancy.liquibase.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.context.spi.CurrentTenantIdentifierResolver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rlstenancy.core.RlsConfig;
import org.rlstenancy.core.RlsDataSource;
import org.rlstenancy.core.TenantIdType;
import org.rlstenancy.core.TenantMode;
import org.rlstenancy.core.TenantSigningKey;
import org.rlstenancy.core.testsupport.TestDatabase;
import org.rlstenancy.liquibase.Migrator;
import org.rlstenancy.liquibase.TenantChangelogGenerator;
import org.w3c.dom.Document;

/**
 * The changelog generator on small models, one per mapping: the changesets it writes, and what they do once
 * Liquibase applies them (as the owner) to the schema Hibernate exports for the same model.
 */
class TenantChangelogGeneratorTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static final UUID ACME = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    static final UUID GLOBEX = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    static final String SETTING = "app.tenant_id";

    @TempDir
    Path dir;

    Migrator migrator;

    @BeforeEach
    void migrator() {
        migrator = new Migrator(db, dir);
    }

    @Test
    void singleTableHierarchyIsProtectedOnItsOneTableWithoutAddingAColumn() throws Exception {
        String yaml = generator(GenVehicle.class, GenCar.class, GenTruck.class).generate("yaml");
        assertThat(changeSetIds(yaml)).containsExactly("tenant-isolation-gen_vehicle", "grant-" + db.appRole());
        assertThat(yaml).doesNotContain("addColumn");

        export(GenVehicle.class, GenCar.class, GenTruck.class);
        apply("single-table.yaml", yaml);

        assertThat(protectedTables("gen_vehicle%")).containsExactly("gen_vehicle");
        assertThat(update(ACME, "INSERT INTO gen_vehicle (id, dtype, name, doors) VALUES (1, 'GenCar', 'car', 4)"))
                .isEqualTo(1);
        assertThat(count(ACME, "SELECT count(*) FROM gen_vehicle")).isEqualTo(1);
        assertThat(count(GLOBEX, "SELECT count(*) FROM gen_vehicle")).isZero();
    }

    @Test
    void tablePerClassHierarchyIsProtectedOnEachConcreteTable() throws Exception {
        String yaml = generator(GenAsset.class, GenMachine.class).generate("yaml");
        assertThat(changeSetIds(yaml)).containsExactlyInAnyOrder("tenant-isolation-gen_asset",
                "tenant-isolation-gen_machine", "grant-" + db.appRole());
        assertThat(yaml).doesNotContain("addColumn");

        export(GenAsset.class, GenMachine.class);
        apply("table-per-class.yaml", yaml);

        assertThat(protectedTables("gen_asset")).containsExactly("gen_asset");
        assertThat(protectedTables("gen_machine")).containsExactly("gen_machine");
        for (String table : List.of("gen_asset", "gen_machine")) {
            assertThat(update(ACME, "INSERT INTO " + table + " (id, label) VALUES (1, 'acme')")).isEqualTo(1);
            assertThat(count(ACME, "SELECT count(*) FROM " + table)).isEqualTo(1);
            assertThat(count(GLOBEX, "SELECT count(*) FROM " + table)).isZero();
        }
    }

    @Test
    void tablePerClassHierarchyWithAnAbstractRootIsProtectedOnEachConcreteTableOnly() throws Exception {
        String yaml = generator(GenAccount.class, GenSavingsAccount.class, GenCheckingAccount.class)
                .generate("yaml");
        assertThat(changeSetIds(yaml)).containsExactlyInAnyOrder("tenant-isolation-gen_savings_account",
                "tenant-isolation-gen_checking_account", "grant-" + db.appRole());
        assertThat(yaml).doesNotContain("addColumn");

        export(GenAccount.class, GenSavingsAccount.class, GenCheckingAccount.class);
        apply("table-per-class-abstract.yaml", yaml);

        assertThat(protectedTables("gen_%account")).containsExactly("gen_checking_account", "gen_savings_account");
        for (String table : List.of("gen_savings_account", "gen_checking_account")) {
            assertThat(update(ACME, "INSERT INTO " + table + " (id, owner) VALUES (1, 'acme')")).isEqualTo(1);
            assertThat(count(ACME, "SELECT count(*) FROM " + table)).isEqualTo(1);
            assertThat(count(GLOBEX, "SELECT count(*) FROM " + table)).isZero();
        }
    }

    @Test
    void joinedSubclassTableGetsTheTenantColumnFilledFromTheRootAndATenantForeignKey() throws Exception {
        String yaml = generator(GenDocument.class, GenReport.class).generate("yaml");
        assertThat(changeSetIds(yaml)).containsExactly("tenant-column-gen_report", "tenant-isolation-gen_document",
                "tenant-isolation-gen_report", "tenant-fk-gen_report-id", "grant-" + db.appRole());
        assertThat(yaml.replaceAll("\\s+", " ")).contains(
                "sql: UPDATE \"gen_report\" t SET \"tenant_id\" = s.\"tenant_id\" FROM \"gen_document\" s"
                        + " WHERE t.\"id\" = s.\"id\"",
                "addNotNullConstraint: columnDataType: uuid columnName: tenant_id tableName: gen_report",
                "name: tenant_id type: uuid", "referencedTableName: gen_document");

        export(GenDocument.class, GenReport.class);
        db.superuserExecute("INSERT INTO gen_document (id, tenant_id, title) VALUES (1, '" + ACME + "', 'acme'),"
                + " (2, '" + GLOBEX + "', 'globex'), (3, '" + GLOBEX + "', 'globex draft')",
                "INSERT INTO gen_report (id, pages) VALUES (1, 10), (2, 20)");
        apply("joined.yaml", yaml);

        assertThat(db.superuserLong("SELECT count(*) FROM gen_report r JOIN gen_document d USING (id)"
                + " WHERE r.tenant_id = d.tenant_id")).isEqualTo(2);
        assertThat(strings("SELECT is_nullable FROM information_schema.columns WHERE table_name = 'gen_report'"
                + " AND column_name = 'tenant_id'")).containsExactly("NO");
        assertThat(strings("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f'"
                + " AND conrelid = 'gen_report'::regclass"))
                .contains("FOREIGN KEY (tenant_id, id) REFERENCES gen_document(tenant_id, id)");
        assertThat(protectedTables("gen_%")).contains("gen_document", "gen_report");
        assertThat(count(ACME, "SELECT count(*) FROM gen_report")).isEqualTo(1);
        assertSqlState("23503", () -> update(ACME, "INSERT INTO gen_report (id, pages) VALUES (3, 30)"));
    }

    @Test
    void quotedMixedCaseNamesAreQuotedInEveryStatementIncludingTheBackfill() throws Exception {
        String yaml = generator(GenLedger.class, GenLedgerEntry.class).generate("yaml");
        assertThat(yaml.replaceAll("\\s+", " ")).contains("sql: UPDATE \"GenLedgerEntry\" t SET \"TenantId\" ="
                + " s.\"TenantId\" FROM \"GenLedger\" s WHERE t.\"EntryId\" = s.\"LedgerId\"");

        export(GenLedger.class, GenLedgerEntry.class);
        db.superuserExecute("INSERT INTO \"GenLedger\" VALUES (1, '" + ACME + "'), (2, '" + GLOBEX + "'), (3, '" + GLOBEX
                        + "')",
                "INSERT INTO \"GenLedgerEntry\" (\"EntryId\", amount) VALUES (1, 10), (2, 20)");
        apply("quoted.yaml", yaml);

        assertThat(strings("SELECT \"EntryId\" || ':' || \"TenantId\" FROM \"GenLedgerEntry\" ORDER BY 1"))
                .containsExactly("1:" + ACME, "2:" + GLOBEX);
        assertThat(protectedTables("Gen%")).containsExactly("GenLedger", "GenLedgerEntry");
        assertThat(count(ACME, "SELECT count(*) FROM \"GenLedgerEntry\"")).isEqualTo(1);
        assertSqlState("23503", () -> update(ACME, "INSERT INTO \"GenLedgerEntry\" (\"EntryId\", amount)"
                + " VALUES (3, 30)"));
    }

    @Test
    void columnNamedTenantIdMarksTenantDataAndOtherEntitiesAreOnlyGranted() throws Exception {
        String yaml = generator(GenNote.class, GenCurrency.class).generate("yaml");
        assertThat(changeSetIds(yaml)).containsExactly("tenant-isolation-gen_note", "grant-" + db.appRole());
        assertThat(grantedTables(yaml)).containsExactlyInAnyOrder("gen_note", "gen_currency");

        export(GenNote.class, GenCurrency.class);
        db.superuserExecute("INSERT INTO gen_currency (code, name) VALUES ('EUR', 'Euro')");
        apply("tenant-column.yaml", yaml);

        assertThat(protectedTables("gen_note")).containsExactly("gen_note");
        assertThat(db.superuserLong("SELECT count(*) FROM pg_class WHERE relname = 'gen_currency'"
                + " AND NOT relrowsecurity")).isEqualTo(1);
        assertThat(count(ACME, "SELECT count(*) FROM gen_currency")).isEqualTo(1);
        assertThat(count(null, "SELECT count(*) FROM gen_currency")).isEqualTo(1);
        assertThat(update(ACME, "INSERT INTO gen_note (id, text) VALUES (1, 'acme note')")).isEqualTo(1);
        assertThat(count(GLOBEX, "SELECT count(*) FROM gen_note")).isZero();
    }

    @Test
    void everyEntityAddsATenantColumnOfTheGivenTypeToEveryTable() throws Exception {
        assertThat(generator(GenWidget.class, GenGadget.class).generate("yaml"))
                .doesNotContain("enableTenantIsolation");

        String yaml = generator(GenWidget.class, GenGadget.class).everyEntity(true).tenantIdType(TenantIdType.LONG)
                .generate("yaml");
        assertThat(changeSetIds(yaml)).containsExactlyInAnyOrder("tenant-column-gen_widget",
                "tenant-column-gen_gadget", "tenant-isolation-gen_widget", "tenant-isolation-gen_gadget",
                "tenant-fk-gen_gadget-widget_id", "grant-" + db.appRole());
        assertThat(changeSetIds(yaml)).map(id -> id.replaceFirst("-(gen_|rls_).*$", "")).containsExactly(
                "tenant-column", "tenant-column", "tenant-isolation", "tenant-isolation", "tenant-fk", "grant");
        assertThat(yaml).contains("type: bigint").doesNotContain("type: uuid");

        export(GenWidget.class, GenGadget.class);
        apply("every-entity.yaml", yaml);

        assertThat(strings("SELECT table_name || ':' || data_type || ':' || is_nullable"
                + " FROM information_schema.columns WHERE table_name IN ('gen_widget', 'gen_gadget')"
                + " AND column_name = 'tenant_id' ORDER BY 1"))
                .containsExactly("gen_gadget:bigint:NO", "gen_widget:bigint:NO");
        assertThat(protectedTables("gen_%dget")).containsExactly("gen_gadget", "gen_widget");
        assertThat(update(7L, "INSERT INTO gen_widget (id, name) VALUES (1, 'seven')")).isEqualTo(1);
        assertThat(update(7L, "INSERT INTO gen_gadget (id, widget_id) VALUES (1, 1)")).isEqualTo(1);
        assertThat(db.superuserLong("SELECT count(*) FROM gen_gadget WHERE tenant_id = 7")).isEqualTo(1);
        assertThat(count(8L, "SELECT count(*) FROM gen_widget")).isZero();
        assertSqlState("23503", () -> update(8L, "INSERT INTO gen_gadget (id, widget_id) VALUES (2, 1)"));
    }

    @Test
    void oneToManyGetsATenantTableOnlyForItsJoinTable() throws Exception {
        String yaml = generator(GenOrder.class, GenOrderLine.class, GenAttachment.class).generate("yaml");
        List<String> ids = changeSetIds(yaml);
        assertThat(ids).filteredOn(id -> id.startsWith("tenant-column-"))
                .containsExactly("tenant-column-gen_order_attachment");
        assertThat(ids).filteredOn(id -> id.startsWith("tenant-isolation-")).containsExactlyInAnyOrder(
                "tenant-isolation-gen_order", "tenant-isolation-gen_order_line", "tenant-isolation-gen_attachment",
                "tenant-isolation-gen_order_attachment");

        export(GenOrder.class, GenOrderLine.class, GenAttachment.class);
        db.superuserExecute("INSERT INTO gen_order (id, tenant_id) VALUES (1, '" + ACME + "')",
                "INSERT INTO gen_order_line (id, tenant_id, product, order_id) VALUES (1, '" + ACME + "', 'x', 1)",
                "INSERT INTO gen_attachment (id, tenant_id, filename) VALUES (1, '" + ACME + "', 'a.pdf')",
                "INSERT INTO gen_order_attachment (genorder_id, attachments_id) VALUES (1, 1)");
        apply("one-to-many.yaml", yaml);

        assertThat(protectedTables("gen_order%")).containsExactly("gen_order", "gen_order_attachment",
                "gen_order_line");
        assertThat(protectedTables("gen_attachment")).containsExactly("gen_attachment");
        assertThat(db.superuserLong("SELECT count(*) FROM gen_order_attachment WHERE tenant_id = '" + ACME + "'"))
                .isEqualTo(1);
        assertThat(count(ACME, "SELECT count(*) FROM gen_order_attachment")).isEqualTo(1);
        assertThat(count(GLOBEX, "SELECT count(*) FROM gen_order_attachment")).isZero();
    }

    @Test
    void settingNameAndTenantColumnFlowIntoTheChanges() throws Exception {
        assertThat(generator(GenTicket.class).generate("yaml")).doesNotContain("enableTenantIsolation");

        String yaml = generator(GenTicket.class).tenantColumn("org_id").settingName("app.current_tenant")
                .generate("yaml");
        assertThat(changeSetIds(yaml)).containsExactly("tenant-column-gen_ticket_tag", "tenant-isolation-gen_ticket",
                "tenant-isolation-gen_ticket_tag", "tenant-fk-gen_ticket_tag-ticket_id", "grant-" + db.appRole());
        assertThat(yaml).contains("settingName: app.current_tenant", "columnName: org_id")
                .doesNotContain("tenant_id");

        export(GenTicket.class);
        apply("setting.yaml", yaml);

        assertThat(strings("SELECT qual FROM pg_policies WHERE tablename = 'gen_ticket_tag'"))
                .singleElement().asString().contains("org_id", "current_setting('app.current_tenant'");
        assertThat(update("app.current_tenant", ACME, "INSERT INTO gen_ticket (id, subject) VALUES (1, 'help')"))
                .isEqualTo(1);
        assertThat(db.superuserLong("SELECT count(*) FROM gen_ticket WHERE org_id = '" + ACME + "'")).isEqualTo(1);
        assertThat(count("app.current_tenant", ACME, "SELECT count(*) FROM gen_ticket")).isEqualTo(1);
        assertThat(count(ACME, "SELECT count(*) FROM gen_ticket")).isZero();
    }

    /**
     * Schema export creates the plain foreign key of a many-to-one between tenant entities; once the generated
     * changelog has run, only the key with the tenant column is left, and a later schema update, which takes that
     * key for the association's, does not add the plain one back.
     */
    @Test
    void manyToOneBetweenTenantEntitiesEndsWithOnlyTheCompositeForeignKey() throws Exception {
        String yaml = generator(GenBoard.class, GenCard.class).generate("yaml");
        assertThat(changeSetIds(yaml)).contains("tenant-fk-gen_card-board_id");

        export(GenBoard.class, GenCard.class);
        String keys = "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f'"
                + " AND conrelid = 'gen_card'::regclass ORDER BY 1";
        assertThat(strings(keys)).containsExactly("FOREIGN KEY (board_id) REFERENCES gen_board(id)");
        apply("many-to-one.yaml", yaml);

        assertThat(strings(keys)).containsExactly("FOREIGN KEY (tenant_id, board_id) REFERENCES gen_board(tenant_id, id)");
        schemaUpdate(GenBoard.class, GenCard.class);
        assertThat(strings(keys)).containsExactly("FOREIGN KEY (tenant_id, board_id) REFERENCES gen_board(tenant_id, id)");
        db.superuserExecute("INSERT INTO gen_board (id, tenant_id) VALUES (1, '" + GLOBEX + "')");
        assertSqlState("23503", () -> update(ACME, "INSERT INTO gen_card (id, board_id) VALUES (1, 1)"));
    }

    @Test
    void aSignedChangelogInstallsTheSignedModeAndItsKeyBeforeSignedPolicies() throws Exception {
        String yaml = generator(GenSigned.class).mode(TenantMode.SIGNED).signingKeyId("k7").generate("yaml");
        assertThat(changeSetIds(yaml)).containsExactly("tenant-signing", "tenant-isolation-gen_signed",
                "grant-" + db.appRole());
        assertThat(yaml).contains("enableTenantSigning", "roleName: " + db.appRole(), "keyId: k7",
                "secretProperty: " + TenantChangelogGenerator.SECRET_PROPERTY, "mode: signed");

        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        export(GenSigned.class);
        migrator.parameter(TenantChangelogGenerator.SECRET_PROPERTY, Base64.getEncoder().encodeToString(secret));
        apply("signed.yaml", yaml);

        RlsConfig config = RlsConfig.defaults().withSigningKey(TenantSigningKey.of("k7", secret));
        try (Connection connection = new RlsDataSource(db.appPool(1), config).getConnection(ACME);
                Statement statement = connection.createStatement()) {
            assertThat(statement.executeUpdate("INSERT INTO gen_signed (id, body) VALUES (1, 'signed')")).isEqualTo(1);
        }
        assertThat(db.superuserLong("SELECT count(*) FROM gen_signed WHERE tenant_id = '" + ACME + "'")).isEqualTo(1);
        assertThat(count(ACME, "SELECT count(*) FROM gen_signed")).as("a setting SQL makes names no tenant").isZero();
    }

    @Test
    void xmlChangelogParsesAndApplies() throws Exception {
        String xml = generator(GenShelf.class).generate("xml");
        Document document = DocumentBuilderFactory.newDefaultNSInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        assertThat(document.getDocumentElement().getLocalName()).isEqualTo("databaseChangeLog");
        assertThat(document.getElementsByTagNameNS("*", "changeSet").getLength()).isEqualTo(5);
        assertThat(document.getElementsByTagNameNS("*", "enableTenantIsolation").getLength()).isEqualTo(2);
        assertThat(document.getElementsByTagNameNS("*", "tenantForeignKey").getLength()).isEqualTo(1);
        assertThat(document.getElementsByTagNameNS("*", "grantTenantAccess").getLength()).isEqualTo(1);

        export(GenShelf.class);
        db.superuserExecute("INSERT INTO gen_shelf (id, tenant_id) VALUES (1, '" + ACME + "')",
                "INSERT INTO gen_shelf_label (shelf_id, label) VALUES (1, 'top')");
        apply("shelf.xml", xml);

        assertThat(protectedTables("gen_shelf%")).containsExactly("gen_shelf", "gen_shelf_label");
        assertThat(count(ACME, "SELECT count(*) FROM gen_shelf_label")).isEqualTo(1);
        assertThat(count(GLOBEX, "SELECT count(*) FROM gen_shelf_label")).isZero();
    }

    @Test
    void writePicksTheFormatFromTheFileExtension() throws Exception {
        TenantChangelogGenerator generator = generator(GenNote.class, GenCurrency.class);
        Path yaml = dir.resolve("nested/changelog.YML");
        Path xml = dir.resolve("changelog.xml");
        generator.write(yaml);
        generator.write(xml);
        assertThat(Files.readString(yaml)).startsWith("databaseChangeLog:").contains("enableTenantIsolation");
        assertThat(Files.readString(xml)).startsWith("<?xml").contains("<databaseChangeLog", "enableTenantIsolation");

        Path json = dir.resolve("changelog.json");
        assertThatThrownBy(() -> generator.write(json)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("changelog.json").hasMessageContaining(".yaml or .xml");
        assertThat(json).doesNotExist();
    }

    @Test
    void persistenceUnitIsReadWithoutConnecting() {
        String yaml = TenantChangelogGenerator.forPersistenceUnit("generator-test").applicationRole("app_user")
                .generate("yaml");
        assertThat(changeSetIds(yaml)).containsExactlyInAnyOrder("tenant-isolation-gen_note",
                "tenant-isolation-gen_counter", "grant-app_user");
        assertThat(grantedTables(yaml)).containsExactlyInAnyOrder("gen_note", "gen_currency", "gen_counter");
    }

    @Test
    void unknownPersistenceUnitIsNamed() {
        assertThatThrownBy(() -> TenantChangelogGenerator.forPersistenceUnit("no-such-unit").generate("yaml"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'no-such-unit'");
    }

    static Stream<Arguments> badInput() {
        return Stream.of(
                Arguments.of((ThrowingCallable) () -> TenantChangelogGenerator.forEntities(List.of()),
                        "at least one entity class"),
                Arguments.of((ThrowingCallable) () -> generator(GenNote.class).tenantColumn("bad name"),
                        "'bad name'"),
                Arguments.of((ThrowingCallable) () -> generator(GenNote.class).applicationRole("x;y"), "'x;y'"),
                Arguments.of((ThrowingCallable) () -> generator(GenNote.class).settingName("Bad"),
                        "setting name 'Bad'"),
                Arguments.of((ThrowingCallable) () -> generator(GenNote.class).author(" "), "author"),
                Arguments.of((ThrowingCallable) () -> generator(GenNote.class).generate("json"),
                        "format 'json'"),
                Arguments.of((ThrowingCallable) () -> TenantChangelogGenerator.forEntities(List.of(GenNote.class))
                        .mode(TenantMode.SIGNED).generate("yaml"), "The signed mode needs the application role"),
                Arguments.of((ThrowingCallable) () -> generator(GenNote.class).signingKeyId("k 1"),
                        "Invalid signing key id 'k 1'"));
    }

    @ParameterizedTest
    @MethodSource("badInput")
    void badInputIsRejectedNamingTheProblem(ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void sequencesOfTheModelAreGrantedToTheApplicationRole() throws Exception {
        String yaml = generator(GenCounter.class, GenTally.class).generate("yaml");

        export(GenCounter.class, GenTally.class);
        List<String> sequences = strings("SELECT relname FROM pg_class WHERE relkind = 'S'"
                + " AND relname ~ '^gen_?(counter|tally)_seq$' ORDER BY relname");
        assertThat(sequences).hasSize(2);
        assertThat(matches(yaml.toLowerCase(Locale.ROOT), Pattern.compile("(?m)^\\s*sequencenames: (.+)$")))
                .singleElement().asString().contains(sequences);
        String usage = "SELECT has_sequence_privilege('" + db.appRole() + "', oid, 'USAGE')::text FROM pg_class"
                + " WHERE relname IN ('" + String.join("', '", sequences) + "')";
        assertThat(strings(usage)).containsExactly("false", "false");
        apply("sequences.yaml", yaml);

        assertThat(strings(usage)).containsExactly("true", "true");
        for (String sequence : sequences) {
            String table = sequence.contains("counter") ? "gen_counter" : "gen_tally";
            assertThat(update(ACME, "INSERT INTO " + table + " (id) VALUES (nextval('" + sequence + "'))"))
                    .isEqualTo(1);
        }
    }

    private static TenantChangelogGenerator generator(Class<?>... entities) {
        return TenantChangelogGenerator.forEntities(List.of(entities)).applicationRole(db.appRole());
    }

    private void apply(String name, String changelog) throws Exception {
        migrator.update(migrator.write(name, changelog));
    }

    /** Creates the model's tables and sequences as Hibernate maps them, as the owner. */
    private static void export(Class<?>... entities) {
        schemaTool("create", entities);
    }

    /** Runs Hibernate's schema update ({@code hibernate.hbm2ddl.auto=update}) for the model, as the owner. */
    private static void schemaUpdate(Class<?>... entities) {
        schemaTool("update", entities);
    }

    private static void schemaTool(String action, Class<?>... entities) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("jakarta.persistence.jdbc.url", db.jdbcUrl());
        settings.put("jakarta.persistence.jdbc.user", db.ownerRole());
        settings.put("jakarta.persistence.jdbc.password", db.ownerPassword());
        settings.put("hibernate.hbm2ddl.auto", action);
        settings.put("hibernate.tenant_identifier_resolver", new NoTenant());
        StandardServiceRegistry registry = new StandardServiceRegistryBuilder().applySettings(settings).build();
        try {
            MetadataSources sources = new MetadataSources(registry);
            for (Class<?> entity : entities) {
                sources.addAnnotatedClass(entity);
            }
            sources.buildMetadata().buildSessionFactory().close();
        } finally {
            StandardServiceRegistryBuilder.destroy(registry);
        }
    }

    /** Schema export opens no session, so it never asks for a tenant. */
    static final class NoTenant implements CurrentTenantIdentifierResolver<Object> {
        @Override
        public Object resolveCurrentTenantIdentifier() {
            throw new IllegalStateException("no session expected");
        }

        @Override
        public boolean validateExistingCurrentSessions() {
            return false;
        }
    }

    private static List<String> changeSetIds(String yaml) {
        return matches(yaml, Pattern.compile("(?m)^\\s*id: (\\S+)$"));
    }

    private static List<String> grantedTables(String yaml) {
        return matches(yaml, Pattern.compile("(?m)^\\s*tableNames: (.+)$")).stream()
                .flatMap(names -> Stream.of(names.split(",\\s*"))).toList();
    }

    private static List<String> matches(String text, Pattern pattern) {
        List<String> found = new ArrayList<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    /** Tables named like {@code pattern} with row-level security enabled and forced. */
    private static List<String> protectedTables(String pattern) throws SQLException {
        return strings("SELECT relname FROM pg_class WHERE relkind = 'r' AND relrowsecurity AND relforcerowsecurity"
                + " AND relname LIKE '" + pattern + "' ORDER BY relname");
    }

    private static List<String> strings(String sql) throws SQLException {
        try (Connection connection = db.superuserConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }

    private interface Work<T> {
        T run(Statement statement) throws SQLException;
    }

    /** Runs {@code work} as the application role in one transaction with {@code setting} set to {@code tenant}. */
    private static <T> T asApp(String setting, Object tenant, Work<T> work) throws SQLException {
        try (Connection connection = db.appConnection()) {
            connection.setAutoCommit(false);
            if (tenant != null) {
                try (PreparedStatement set = connection.prepareStatement("SELECT set_config(?, ?, true)")) {
                    set.setString(1, setting);
                    set.setString(2, tenant.toString());
                    set.execute();
                }
            }
            try (Statement statement = connection.createStatement()) {
                T result = work.run(statement);
                connection.commit();
                return result;
            }
        }
    }

    private static long single(Statement statement, String sql) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long count(Object tenant, String sql) throws SQLException {
        return count(SETTING, tenant, sql);
    }

    private static long count(String setting, Object tenant, String sql) throws SQLException {
        return asApp(setting, tenant, s -> single(s, sql));
    }

    private static int update(Object tenant, String sql) throws SQLException {
        return update(SETTING, tenant, sql);
    }

    private static int update(String setting, Object tenant, String sql) throws SQLException {
        return asApp(setting, tenant, s -> s.executeUpdate(sql));
    }

    private interface Sql {
        void run() throws SQLException;
    }

    private static void assertSqlState(String state, Sql sql) {
        assertThatThrownBy(sql::run).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo(state));
    }
}
