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

    /** The DDL for {@code table} with the defaults: column {@code tenant_id} of type uuid, {@code app.tenant_id}. */
    public static TenantPolicySql forTable(String table) {
        checkIdentifier("table", table);
        return new TenantPolicySql(null, table, DEFAULT_COLUMN, "uuid", RlsConfig.DEFAULT_SETTING_NAME,
                DEFAULT_POLICY_NAME, TenantMode.PLAIN);
    }

    public TenantPolicySql withSchema(String schema) {
        return new TenantPolicySql(schema == null ? null : checkIdentifier("schema", schema), table, column,
                castType, settingName, policyName, mode);
    }

    public TenantPolicySql withColumn(String column) {
        return new TenantPolicySql(schema, table, checkIdentifier("column", column), castType, settingName,
                policyName, mode);
    }

    /**
     * The tenant column's SQL type: uuid, text, varchar, bigint or integer (and their PostgreSQL aliases).
     *
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

    /** The setting name, column type and mode of {@code config}. */
    public TenantPolicySql withConfig(RlsConfig config) {
        return new TenantPolicySql(schema, table, column, config.tenantIdType().sqlType(), config.settingName(),
                policyName, config.mode());
    }

    /**
     * A copy for {@code mode}: {@link TenantMode#SIGNED} compares the tenant column with
     * {@code rls_tenancy.tenant(...)} ({@link TenantSigningSql}), which the database must have installed;
     * {@link TenantMode#CITUS} writes the comparison without a sub-select.
     */
    public TenantPolicySql withMode(TenantMode mode) {
        return new TenantPolicySql(schema, table, column, castType, settingName, policyName,
                Objects.requireNonNull(mode, "mode"));
    }

    public TenantPolicySql withPolicyName(String policyName) {
        return new TenantPolicySql(schema, table, column, castType, settingName,
                checkIdentifier("policy", policyName), mode);
    }

    /**
     * {@code NULLIF(current_setting('app.tenant_id', true), '')::uuid}: the current tenant, NULL when unset; in the
     * signed mode {@code rls_tenancy.tenant('app.tenant_id')::uuid}, NULL unless the setting holds a tenant bound to
     * this transaction.
     */
    public String currentTenantExpression() {
        return mode == TenantMode.SIGNED ? TenantSigningSql.currentTenantExpression(settingName, castType)
                : "NULLIF(current_setting('" + settingName + "', true), '')::" + castType;
    }

    /**
     * {@code "tenant_id" = (SELECT …)}: the predicate of both USING and WITH CHECK. In the citus mode without the
     * sub-select, which Citus refuses in a policy on a distributed table ("unexpected non-SELECT command in SubLink"):
     * {@code current_setting} is stable, so the comparison can still be an index condition.
     */
    public String policyPredicate() {
        return mode == TenantMode.CITUS ? quote(column) + " = " + currentTenantExpression()
                : quote(column) + " = (SELECT " + currentTenantExpression() + ")";
    }

    /** The table name, schema-qualified when a schema is set, quoted. */
    public String qualifiedTable() {
        return schema == null ? quote(table) : quote(schema) + "." + quote(table);
    }

    public String enableRowLevelSecurity() {
        return "ALTER TABLE " + qualifiedTable() + " ENABLE ROW LEVEL SECURITY";
    }

    public String forceRowLevelSecurity() {
        return "ALTER TABLE " + qualifiedTable() + " FORCE ROW LEVEL SECURITY";
    }

    public String createPolicy() {
        return "CREATE POLICY " + quote(policyName) + " ON " + qualifiedTable()
                + " USING (" + policyPredicate() + ") WITH CHECK (" + policyPredicate() + ")";
    }

    /** {@code <table>_<column>_idx}, cut to 63 characters: the name {@link #createIndex()} gives the index. */
    public String indexName() {
        String name = table + "_" + column + "_idx";
        return name.length() > MAX_IDENTIFIER_LENGTH ? name.substring(0, MAX_IDENTIFIER_LENGTH) : name;
    }

    /** An index led by the tenant column, named {@link #indexName()}. */
    public String createIndex() {
        return "CREATE INDEX IF NOT EXISTS " + quote(indexName()) + " ON " + qualifiedTable() + " (" + quote(column)
                + ")";
    }

    /** Fills the tenant column from the setting, so entities need no tenant field. */
    public String setColumnDefault() {
        return "ALTER TABLE " + qualifiedTable() + " ALTER COLUMN " + quote(column) + " SET DEFAULT "
                + currentTenantExpression();
    }

    /** Undoes {@link #enableRowLevelSecurity()}. */
    public String disableRowLevelSecurity() {
        return "ALTER TABLE " + qualifiedTable() + " DISABLE ROW LEVEL SECURITY";
    }

    /** Undoes {@link #forceRowLevelSecurity()}. */
    public String noForceRowLevelSecurity() {
        return "ALTER TABLE " + qualifiedTable() + " NO FORCE ROW LEVEL SECURITY";
    }

    /** Undoes {@link #createPolicy()}. */
    public String dropPolicy() {
        return "DROP POLICY " + quote(policyName) + " ON " + qualifiedTable();
    }

    /** Undoes {@link #createIndex()}. */
    public String dropIndex() {
        return "DROP INDEX " + (schema == null ? "" : quote(schema) + ".") + quote(indexName());
    }

    /** Removes the tenant column's default. */
    public String dropColumnDefault() {
        return "ALTER TABLE " + qualifiedTable() + " ALTER COLUMN " + quote(column) + " DROP DEFAULT";
    }

    /** All of it, in order: enable, force, policy, index, column default. */
    public List<String> statements() {
        return List.of(enableRowLevelSecurity(), forceRowLevelSecurity(), createPolicy(), createIndex(),
                setColumnDefault());
    }

    /**
     * {@code identifier} double-quoted, after checking it is a plain SQL identifier (letters, digits, {@code _},
     * {@code $}; at most 63 characters).
     *
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
