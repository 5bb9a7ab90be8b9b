package org.rlstenancy.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TenantPolicySqlTest {
    private static final String UUID_TENANT = "NULLIF(current_setting('app.tenant_id', true), '')::uuid";

    @Test
    void forTableProducesTheFiveCanonicalStatementsInOrder() {
        assertThat(TenantPolicySql.forTable("tasks").statements()).containsExactly(
                "ALTER TABLE \"tasks\" ENABLE ROW LEVEL SECURITY",
                "ALTER TABLE \"tasks\" FORCE ROW LEVEL SECURITY",
                "CREATE POLICY \"tenant_isolation\" ON \"tasks\""
                        + " USING (\"tenant_id\" = (SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid))"
                        + " WITH CHECK (\"tenant_id\" = (SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid))",
                "CREATE INDEX IF NOT EXISTS \"tasks_tenant_id_idx\" ON \"tasks\" (\"tenant_id\")",
                "ALTER TABLE \"tasks\" ALTER COLUMN \"tenant_id\" SET DEFAULT"
                        + " NULLIF(current_setting('app.tenant_id', true), '')::uuid");
    }

    @Test
    void individualPartsMatchTheDefaults() {
        TenantPolicySql sql = TenantPolicySql.forTable("tasks");

        assertThat(sql.currentTenantExpression()).isEqualTo(UUID_TENANT);
        assertThat(sql.policyPredicate()).isEqualTo("\"tenant_id\" = (SELECT " + UUID_TENANT + ")");
        assertThat(sql.qualifiedTable()).isEqualTo("\"tasks\"");
    }

    @Test
    void withSchemaQualifiesTheTableInEveryStatementButNotTheIndexName() {
        assertThat(TenantPolicySql.forTable("tasks").withSchema("crm").statements()).containsExactly(
                "ALTER TABLE \"crm\".\"tasks\" ENABLE ROW LEVEL SECURITY",
                "ALTER TABLE \"crm\".\"tasks\" FORCE ROW LEVEL SECURITY",
                "CREATE POLICY \"tenant_isolation\" ON \"crm\".\"tasks\""
                        + " USING (\"tenant_id\" = (SELECT " + UUID_TENANT + "))"
                        + " WITH CHECK (\"tenant_id\" = (SELECT " + UUID_TENANT + "))",
                "CREATE INDEX IF NOT EXISTS \"tasks_tenant_id_idx\" ON \"crm\".\"tasks\" (\"tenant_id\")",
                "ALTER TABLE \"crm\".\"tasks\" ALTER COLUMN \"tenant_id\" SET DEFAULT " + UUID_TENANT);
    }

    @Test
    void withSchemaNullRemovesTheQualification() {
        assertThat(TenantPolicySql.forTable("tasks").withSchema("crm").withSchema(null).qualifiedTable())
                .isEqualTo("\"tasks\"");
    }

    @Test
    void withColumnAndPolicyNameAreUsedEverywhere() {
        TenantPolicySql sql = TenantPolicySql.forTable("tasks").withColumn("org_id").withPolicyName("org_rls");

        assertThat(sql.createPolicy()).isEqualTo("CREATE POLICY \"org_rls\" ON \"tasks\""
                + " USING (\"org_id\" = (SELECT " + UUID_TENANT + "))"
                + " WITH CHECK (\"org_id\" = (SELECT " + UUID_TENANT + "))");
        assertThat(sql.createIndex()).isEqualTo("CREATE INDEX IF NOT EXISTS \"tasks_org_id_idx\" ON \"tasks\" (\"org_id\")");
        assertThat(sql.setColumnDefault())
                .isEqualTo("ALTER TABLE \"tasks\" ALTER COLUMN \"org_id\" SET DEFAULT " + UUID_TENANT);
    }

    @ParameterizedTest
    @CsvSource({
        "uuid, uuid",
        "text, text",
        "varchar, text",
        "character varying, text",
        "VARCHAR, text",
        "bigint, bigint",
        "int8, bigint",
        "integer, integer",
        "int, integer",
        "int4, integer",
    })
    void withColumnTypeCastsTheSettingToTheMatchingType(String columnType, String cast) {
        TenantPolicySql sql = TenantPolicySql.forTable("tasks").withColumnType(columnType);

        String expression = "NULLIF(current_setting('app.tenant_id', true), '')::" + cast;
        assertThat(sql.currentTenantExpression()).isEqualTo(expression);
        assertThat(sql.createPolicy()).endsWith("WITH CHECK (\"tenant_id\" = (SELECT " + expression + "))");
        assertThat(sql.setColumnDefault()).endsWith("SET DEFAULT " + expression);
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "uuid[]", "numeric", "text; drop table x", ""})
    void withColumnTypeRejectsUnsupportedTypesNamingThem(String columnType) {
        assertThatThrownBy(() -> TenantPolicySql.forTable("tasks").withColumnType(columnType))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + columnType + "'");
    }

    @Test
    void withColumnTypeRejectsNull() {
        assertThatThrownBy(() -> TenantPolicySql.forTable("tasks").withColumnType(null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withConfigUsesTheSettingNameAndTheTenantIdSqlType() {
        RlsConfig config = RlsConfig.defaults().withSettingName("acme.tenant").withTenantIdType(TenantIdType.LONG);

        TenantPolicySql sql = TenantPolicySql.forTable("tasks").withConfig(config);

        String expression = "NULLIF(current_setting('acme.tenant', true), '')::bigint";
        assertThat(sql.statements()).containsExactly(
                "ALTER TABLE \"tasks\" ENABLE ROW LEVEL SECURITY",
                "ALTER TABLE \"tasks\" FORCE ROW LEVEL SECURITY",
                "CREATE POLICY \"tenant_isolation\" ON \"tasks\""
                        + " USING (\"tenant_id\" = (SELECT " + expression + "))"
                        + " WITH CHECK (\"tenant_id\" = (SELECT " + expression + "))",
                "CREATE INDEX IF NOT EXISTS \"tasks_tenant_id_idx\" ON \"tasks\" (\"tenant_id\")",
                "ALTER TABLE \"tasks\" ALTER COLUMN \"tenant_id\" SET DEFAULT " + expression);
    }

    @Test
    void withConfigTextTypeCastsToText() {
        TenantPolicySql sql = TenantPolicySql.forTable("tasks")
                .withConfig(RlsConfig.defaults().withTenantIdType(TenantIdType.TEXT));

        assertThat(sql.currentTenantExpression()).isEqualTo("NULLIF(current_setting('app.tenant_id', true), '')::text");
    }

    @Test
    void theBuilderIsImmutable() {
        TenantPolicySql base = TenantPolicySql.forTable("tasks");
        base.withSchema("crm");
        base.withColumn("org_id");
        base.withColumnType("bigint");
        base.withPolicyName("other");
        base.withConfig(RlsConfig.defaults().withSettingName("acme.tenant"));

        assertThat(base.statements()).isEqualTo(TenantPolicySql.forTable("tasks").statements());
    }

    @Test
    void indexNameIsTruncatedToTheIdentifierLimit() {
        String table = "t".repeat(63);

        String index = TenantPolicySql.forTable(table).createIndex();

        String expectedName = (table + "_tenant_id_idx").substring(0, 63);
        assertThat(index).isEqualTo("CREATE INDEX IF NOT EXISTS \"" + expectedName + "\" ON \"" + table
                + "\" (\"tenant_id\")");
    }

    @Test
    void identifiersAreAcceptedUpToSixtyThreeCharactersAndWithDollarAndUnderscore() {
        String longest = "a".repeat(63);

        assertThat(TenantPolicySql.forTable(longest).qualifiedTable()).isEqualTo("\"" + longest + "\"");
        assertThat(TenantPolicySql.forTable("_Tasks$2").qualifiedTable()).isEqualTo("\"_Tasks$2\"");
    }

    static Stream<String> unsafeIdentifiers() {
        return Stream.of("tasks; drop table x", "a\"b", "", "a".repeat(64), "1abc", "a b", "a-b", "a.b",
                "$abc", "tâches", "tasks\n");
    }

    static Stream<Arguments> unsafeIdentifiersByKind() {
        Stream.Builder<Arguments> builder = Stream.builder();
        unsafeIdentifiers().forEach(identifier -> {
            builder.add(Arguments.of("table", identifier,
                    (Function<String, Object>) TenantPolicySql::forTable));
            builder.add(Arguments.of("schema", identifier,
                    (Function<String, Object>) name -> TenantPolicySql.forTable("tasks").withSchema(name)));
            builder.add(Arguments.of("column", identifier,
                    (Function<String, Object>) name -> TenantPolicySql.forTable("tasks").withColumn(name)));
            builder.add(Arguments.of("policy", identifier,
                    (Function<String, Object>) name -> TenantPolicySql.forTable("tasks").withPolicyName(name)));
            builder.add(Arguments.of("identifier", identifier,
                    (Function<String, Object>) TenantPolicySql::quote));
        });
        return builder.build();
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("unsafeIdentifiersByKind")
    void unsafeIdentifiersAreRejectedNamingTheOffendingValue(String kind, String identifier,
            Function<String, Object> use) {
        assertThatThrownBy(() -> use.apply(identifier))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unsafe " + kind + " name '" + identifier + "'");
    }

    @Test
    void nullIdentifiersAreRejected() {
        assertThatThrownBy(() -> TenantPolicySql.forTable(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> TenantPolicySql.forTable("tasks").withColumn(null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> TenantPolicySql.forTable("tasks").withPolicyName(null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void quoteDoubleQuotesASafeIdentifier() {
        assertThat(TenantPolicySql.quote("Tasks")).isEqualTo("\"Tasks\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tenant", "App.Tenant", "app.Tenant", "a.b'c", "app.tenant id", ".tenant", "app.",
        "app..tenant", "1app.tenant", ""})
    void rlsConfigWithSettingNameRejectsInvalidNamesNamingThem(String name) {
        assertThatThrownBy(() -> RlsConfig.defaults().withSettingName(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + name + "'");
    }

    @Test
    void rlsConfigWithSettingNameRejectsNullAndOverLongNames() {
        assertThatThrownBy(() -> RlsConfig.defaults().withSettingName(null))
                .isInstanceOf(IllegalArgumentException.class);
        String overLong = "app." + "t".repeat(60);
        assertThatThrownBy(() -> RlsConfig.defaults().withSettingName(overLong))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(overLong);
    }

    @ParameterizedTest
    @ValueSource(strings = {"my_app.tenant_id", "app.tenant_id", "acme.tenant", "a.b.c", "_x.y2"})
    void rlsConfigWithSettingNameAcceptsLowerCaseDottedNames(String name) {
        RlsConfig config = RlsConfig.defaults().withSettingName(name);

        assertThat(config.settingName()).isEqualTo(name);
        assertThat(config.tenantIdType()).isEqualTo(TenantIdType.UUID);
    }

    @Test
    void rlsConfigDefaultsUseAppTenantIdAndUuid() {
        RlsConfig defaults = RlsConfig.defaults();

        assertThat(defaults.settingName()).isEqualTo("app.tenant_id");
        assertThat(defaults.tenantIdType()).isEqualTo(TenantIdType.UUID);
        assertThat(defaults).isEqualTo(RlsConfig.defaults().withSettingName("app.tenant_id"));
        assertThat(defaults).isNotEqualTo(RlsConfig.defaults().withTenantIdType(TenantIdType.TEXT));
    }
}
