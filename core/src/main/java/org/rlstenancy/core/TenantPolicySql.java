package org.rlstenancy.core;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The canonical DDL that puts a table under tenant isolation, the one source of it for migrations, the verifier
 * and tests:
 *
 * <pre>
 * ALTER TABLE t ENABLE ROW LEVEL SECURITY;
 * ALTER TABLE t FORCE ROW LEVEL SECURITY;
 * CREATE POLICY tenant_isolation ON t
 *   USING      (tenant_id = (SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid))
 *   WITH CHECK (tenant_id = (SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid));
 * CREATE INDEX IF NOT EXISTS t_tenant_id_idx ON t (tenant_id);
 * ALTER TABLE t ALTER COLUMN tenant_id SET DEFAULT NULLIF(current_setting('app.tenant_id', true), '')::uuid;
 * </pre>
 *
 * An unset tenant means zero rows: {@code current_setting(…, true)} is NULL when never set and {@code ''} once a
 * transaction-local value has ended, which {@code NULLIF} turns into NULL. The sub-select makes the setting one
 * init plan per query, still usable as an index condition. Identifiers are validated and double-quoted, so they
 * are taken as written (case-sensitive). Immutable.
 */
public final class TenantPolicySql {
    /** The tenant column unless configured otherwise. */
    public static final String DEFAULT_COLUMN = "tenant_id";
    /** The policy name unless configured otherwise. */
    public static final String DEFAULT_POLICY_NAME = "tenant_isolation";

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");
    private static final int MAX_IDENTIFIER_LENGTH = 63;
    private static final Map<String, String> CASTS = Map.ofEntries(
            Map.entry("uuid", "uuid"),
            Map.entry("text", "text"), Map.entry("varchar", "text"), Map.entry("character varying", "text"),
            Map.entry("bigint", "bigint"), Map.entry("int8", "bigint"),
            Map.entry("integer", "integer"), Map.entry("int", "integer"), Map.entry("int4", "integer"));

    private final String schema;
    private final String table;
    private final String column;
    private final String castType;
    private final String settingName;
    private final String policyName;
    private final TenantMode mode;

    private TenantPolicySql(String schema, String table, String column, String castType, String settingName,
            String policyName, TenantMode mode) {
        this.schema = schema;
        this.table = table;
        this.column = column;
        this.castType = castType;
        this.settingName = settingName;
        this.policyName = policyName;
        this.mode = mode;
    }

    /**
     * The DDL for {@code table} with the defaults: column {@code tenant_id} of type uuid, {@code app.tenant_id}.
     *
     * @param table the table's name, unquoted and taken as written
     * @return the DDL, in no schema (the search path decides) and in the plain mode
     * @throws IllegalArgumentException if {@code table} is not a plain SQL identifier
     */
    public static TenantPolicySql forTable(String table) {
        checkIdentifier("table", table);
        return new TenantPolicySql(null, table, DEFAULT_COLUMN, "uuid", RlsConfig.DEFAULT_SETTING_NAME,
                DEFAULT_POLICY_NAME, TenantMode.PLAIN);
    }

    /**
     * A copy for the table in {@code schema}.
     *
     * @param schema the schema's name, unquoted; null for none, leaving it to the search path
     * @return a copy whose statements name the table schema-qualified
     * @throws IllegalArgumentException if {@code schema} is not a plain SQL identifier
     */
    public TenantPolicySql withSchema(String schema) {
        return new TenantPolicySql(schema == null ? null : checkIdentifier("schema", schema), table, column,
                castType, settingName, policyName, mode);
    }

    /**
     * A copy whose tenant column is {@code column}.
     *
     * @param column the tenant column's name, unquoted, {@value #DEFAULT_COLUMN} by default
     * @return a copy comparing, indexing and filling that column
     * @throws IllegalArgumentException if {@code column} is not a plain SQL identifier
     */
    public TenantPolicySql withColumn(String column) {
        return new TenantPolicySql(schema, table, checkIdentifier("column", column), castType, settingName,
                policyName, mode);
    }

    /**
     * The tenant column's SQL type: uuid, text, varchar, bigint or integer (and their PostgreSQL aliases).
     *
     * @param sqlType the type, case-insensitive, such as {@code bigint} or {@code character varying}
     * @return a copy that casts the setting to that type ({@code text} for varchar)
     * @throws IllegalArgumentException for any other type
     */
    public TenantPolicySql withColumnType(String sqlType) {
        String cast = sqlType == null ? null : CASTS.get(sqlType.trim().toLowerCase(Locale.ROOT));
        if (cast == null) {
            throw new IllegalArgumentException("Unsupported tenant column type '" + sqlType
                    + "': use uuid, text, varchar, bigint or integer");
        }
        return new TenantPolicySql(schema, table, column, cast, settingName, policyName, mode);
    }

    /**
     * The setting name, column type and mode of {@code config}.
     *
     * @param config the configuration the application applies tenants with
     * @return a copy with its setting name, its tenant id type's SQL type and its mode
     */
    public TenantPolicySql withConfig(RlsConfig config) {
        return new TenantPolicySql(schema, table, column, config.tenantIdType().sqlType(), config.settingName(),
                policyName, config.mode());
    }

    /**
     * A copy for {@code mode}: {@link TenantMode#SIGNED} compares the tenant column with
     * {@code rls_tenancy.tenant(...)} ({@link TenantSigningSql}), which the database must have installed;
     * {@link TenantMode#CITUS} writes the comparison without a sub-select.
     *
     * @param mode the mode the application runs in
     * @return a copy for that mode
     */
    public TenantPolicySql withMode(TenantMode mode) {
        return new TenantPolicySql(schema, table, column, castType, settingName, policyName,
                Objects.requireNonNull(mode, "mode"));
    }

    /**
     * A copy whose policy is named {@code policyName}.
     *
     * @param policyName the policy's name, unquoted, {@value #DEFAULT_POLICY_NAME} by default
     * @return a copy that creates and drops the policy of that name
     * @throws IllegalArgumentException if {@code policyName} is not a plain SQL identifier
     */
    public TenantPolicySql withPolicyName(String policyName) {
        return new TenantPolicySql(schema, table, column, castType, settingName,
                checkIdentifier("policy", policyName), mode);
    }

    /**
     * {@code NULLIF(current_setting('app.tenant_id', true), '')::uuid}: the current tenant, NULL when unset; in the
     * signed mode {@code rls_tenancy.tenant('app.tenant_id')::uuid}, NULL unless the setting holds a tenant bound to
     * this transaction.
     *
     * @return the SQL expression, for policies and the column default
     */
    public String currentTenantExpression() {
        return mode == TenantMode.SIGNED ? TenantSigningSql.currentTenantExpression(settingName, castType)
                : "NULLIF(current_setting('" + settingName + "', true), '')::" + castType;
    }

    /**
     * {@code "tenant_id" = (SELECT …)}: the predicate of both USING and WITH CHECK. In the citus mode without the
     * sub-select, which Citus refuses in a policy on a distributed table ("unexpected non-SELECT command in SubLink"):
     * {@code current_setting} is stable, so the comparison can still be an index condition.
     *
     * @return the SQL predicate
     */
    public String policyPredicate() {
        return mode == TenantMode.CITUS ? quote(column) + " = " + currentTenantExpression()
                : quote(column) + " = (SELECT " + currentTenantExpression() + ")";
    }

    /** {@return the table name, schema-qualified when a schema is set, quoted} */
    public String qualifiedTable() {
        return schema == null ? quote(table) : quote(schema) + "." + quote(table);
    }

    /** {@return {@code ALTER TABLE … ENABLE ROW LEVEL SECURITY}: the policies apply to every role but the owner} */
    public String enableRowLevelSecurity() {
        return "ALTER TABLE " + qualifiedTable() + " ENABLE ROW LEVEL SECURITY";
    }

    /** {@return {@code ALTER TABLE … FORCE ROW LEVEL SECURITY}: the policies apply to the table's owner too} */
    public String forceRowLevelSecurity() {
        return "ALTER TABLE " + qualifiedTable() + " FORCE ROW LEVEL SECURITY";
    }

    /** {@return {@code CREATE POLICY …} with {@link #policyPredicate()} in both USING and WITH CHECK} */
    public String createPolicy() {
        return "CREATE POLICY " + quote(policyName) + " ON " + qualifiedTable()
                + " USING (" + policyPredicate() + ") WITH CHECK (" + policyPredicate() + ")";
    }

    /** {@return {@code <table>_<column>_idx}, cut to 63 characters: the name {@link #createIndex()} gives the index} */
    public String indexName() {
        String name = table + "_" + column + "_idx";
        return name.length() > MAX_IDENTIFIER_LENGTH ? name.substring(0, MAX_IDENTIFIER_LENGTH) : name;
    }

    /** {@return {@code CREATE INDEX IF NOT EXISTS}: an index led by the tenant column, named {@link #indexName()}} */
    public String createIndex() {
        return "CREATE INDEX IF NOT EXISTS " + quote(indexName()) + " ON " + qualifiedTable() + " (" + quote(column)
                + ")";
    }

    /**
     * Fills the tenant column from the setting, so entities need no tenant field.
     *
     * @return {@code ALTER TABLE … ALTER COLUMN … SET DEFAULT} {@link #currentTenantExpression()}
     */
    public String setColumnDefault() {
        return "ALTER TABLE " + qualifiedTable() + " ALTER COLUMN " + quote(column) + " SET DEFAULT "
                + currentTenantExpression();
    }

    /** {@return {@code ALTER TABLE … DISABLE ROW LEVEL SECURITY}, which undoes {@link #enableRowLevelSecurity()}} */
    public String disableRowLevelSecurity() {
        return "ALTER TABLE " + qualifiedTable() + " DISABLE ROW LEVEL SECURITY";
    }

    /** {@return {@code ALTER TABLE … NO FORCE ROW LEVEL SECURITY}, which undoes {@link #forceRowLevelSecurity()}} */
    public String noForceRowLevelSecurity() {
        return "ALTER TABLE " + qualifiedTable() + " NO FORCE ROW LEVEL SECURITY";
    }

    /** {@return {@code DROP POLICY …}, which undoes {@link #createPolicy()}} */
    public String dropPolicy() {
        return "DROP POLICY " + quote(policyName) + " ON " + qualifiedTable();
    }

    /** {@return {@code DROP INDEX …}, which undoes {@link #createIndex()}} */
    public String dropIndex() {
        return "DROP INDEX " + (schema == null ? "" : quote(schema) + ".") + quote(indexName());
    }

    /** {@return {@code ALTER TABLE … ALTER COLUMN … DROP DEFAULT}, which undoes {@link #setColumnDefault()}} */
    public String dropColumnDefault() {
        return "ALTER TABLE " + qualifiedTable() + " ALTER COLUMN " + quote(column) + " DROP DEFAULT";
    }

    /** {@return all of it, in order: enable, force, policy, index, column default} */
    public List<String> statements() {
        return List.of(enableRowLevelSecurity(), forceRowLevelSecurity(), createPolicy(), createIndex(),
                setColumnDefault());
    }

    /**
     * {@code identifier} double-quoted, after checking it is a plain SQL identifier (letters, digits, {@code _},
     * {@code $}; at most 63 characters).
     *
     * @param identifier the name, as written
     * @return the name between double quotes
     * @throws IllegalArgumentException naming the identifier otherwise
     */
    public static String quote(String identifier) {
        return "\"" + checkIdentifier("identifier", identifier) + "\"";
    }

    private static String checkIdentifier(String kind, String identifier) {
        Objects.requireNonNull(identifier, kind);
        if (identifier.length() > MAX_IDENTIFIER_LENGTH || !IDENTIFIER.matcher(identifier).matches()) {
            throw new IllegalArgumentException("Unsafe " + kind + " name '" + identifier + "': use letters, digits,"
                    + " _ and $ only, starting with a letter or _, at most " + MAX_IDENTIFIER_LENGTH + " characters");
        }
        return identifier;
    }
}
