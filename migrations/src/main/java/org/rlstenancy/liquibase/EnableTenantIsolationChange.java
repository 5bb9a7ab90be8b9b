package org.rlstenancy.liquibase;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import liquibase.change.ChangeMetaData;
import liquibase.change.DatabaseChange;
import liquibase.change.DatabaseChangeProperty;
import liquibase.database.Database;
import liquibase.statement.SqlStatement;
import org.rlstenancy.core.RlsConfig;
import org.rlstenancy.core.TenantMode;
import org.rlstenancy.core.TenantPolicySql;
import org.rlstenancy.liquibase.internal.Marker;
import org.rlstenancy.liquibase.internal.SchemaView;
import org.rlstenancy.liquibase.internal.SigningKeys;
import org.rlstenancy.liquibase.internal.Statements;
import org.rlstenancy.liquibase.internal.TenantChangeBase;
import org.rlstenancy.liquibase.internal.TableState;

/**
 * {@code enableTenantIsolation}: puts one table under tenant isolation with the canonical SQL of
 * {@link TenantPolicySql}, cast to the tenant column's actual type. It enables and forces row-level security,
 * creates one policy with USING and WITH CHECK, creates an index led by the tenant column unless one exists, and
 * makes the column default to the current tenant. Each step is skipped when already in place. On a database with the
 * {@code citus} extension (or with {@code mode: citus}) the policy is written without a sub-select, the form Citus
 * accepts on distributed tables. With {@code mode:
 * signed}, the policy and the default compare with {@code rls_tenancy.tenant(...)}, which {@code enableTenantSigning}
 * installs and which must come first.
 *
 * <p>The policy's comment records what the table was like before, and rollback restores exactly that. A policy of
 * the same name that this change type did not create is an error, not something to overwrite.
 */
@DatabaseChange(name = EnableTenantIsolationChange.NAME, priority = ChangeMetaData.PRIORITY_DEFAULT,
        appliesTo = "table", description = "Puts a table under tenant isolation: row-level security enabled and"
                + " forced, one policy comparing the tenant column with the tenant setting, an index led by the"
                + " tenant column, and the column defaulting to the current tenant.")
public class EnableTenantIsolationChange extends TenantChangeBase {
    static final String NAME = "enableTenantIsolation";
    private static final String ON = "on";
    private static final String OFF = "off";
    private static final String NONE = "none";
    private static final String UNCHANGED = "unchanged";

    private String schemaName;
    private String tableName;
    private String columnName;
    private String settingName;
    private String policyName;
    private Boolean createIndex;
    private Boolean setColumnDefault;
    private String mode;

    /** {@return the {@code schemaName} attribute: the table's schema; null for the search path} */
    @DatabaseChangeProperty(description = "Schema of the table; the search path when not given")
    public String getSchemaName() {
        return schemaName;
    }

    /**
     * Sets the {@code schemaName} attribute, as the changelog gives it.
     *
     * @param schemaName the table's schema; null for the search path
     */
    public void setSchemaName(String schemaName) {
        this.schemaName = schemaName;
    }

    /** {@return the {@code tableName} attribute: the table to put under tenant isolation} */
    @DatabaseChangeProperty(description = "Table to protect", requiredForDatabase = "all")
    public String getTableName() {
        return tableName;
    }

    /**
     * Sets the {@code tableName} attribute, as the changelog gives it.
     *
     * @param tableName the table to put under tenant isolation
     */
    public void setTableName(String tableName) {
        this.tableName = tableName;
    }

    /**
     * {@return the {@code columnName} attribute: the tenant column, {@code tenant_id} when null; of type uuid, text,
     * varchar, bigint or integer}
     */
    @DatabaseChangeProperty(description = "Tenant column (default tenant_id); uuid, text, varchar, bigint or integer")
    public String getColumnName() {
        return columnName;
    }

    /**
     * Sets the {@code columnName} attribute, as the changelog gives it.
     *
     * @param columnName the tenant column, {@code tenant_id} when null; of type uuid, text, varchar, bigint or integer
     */
    public void setColumnName(String columnName) {
        this.columnName = columnName;
    }

    /**
     * {@return the {@code settingName} attribute: the setting that holds the current tenant, {@code app.tenant_id} when
     * null}
     */
    @DatabaseChangeProperty(description = "Setting that holds the current tenant (default app.tenant_id)")
    public String getSettingName() {
        return settingName;
    }

    /**
     * Sets the {@code settingName} attribute, as the changelog gives it.
     *
     * @param settingName the setting that holds the current tenant, {@code app.tenant_id} when null
     */
    public void setSettingName(String settingName) {
        this.settingName = settingName;
    }

    /** {@return the {@code policyName} attribute: the policy's name, {@code tenant_isolation} when null} */
    @DatabaseChangeProperty(description = "Name of the policy (default tenant_isolation)")
    public String getPolicyName() {
        return policyName;
    }

    /**
     * Sets the {@code policyName} attribute, as the changelog gives it.
     *
     * @param policyName the policy's name, {@code tenant_isolation} when null
     */
    public void setPolicyName(String policyName) {
        this.policyName = policyName;
    }

    /**
     * {@return the {@code createIndex} attribute: whether to create an index led by the tenant column unless one
     * exists; true when null}
     */
    @DatabaseChangeProperty(description = "Create an index led by the tenant column unless one exists (default true)")
    public Boolean getCreateIndex() {
        return createIndex;
    }

    /**
     * Sets the {@code createIndex} attribute, as the changelog gives it.
     *
     * @param createIndex whether to create an index led by the tenant column unless one exists; true when null
     */
    public void setCreateIndex(Boolean createIndex) {
        this.createIndex = createIndex;
    }

    /**
     * {@return the {@code setColumnDefault} attribute: whether to make the tenant column default to the current tenant;
     * true when null}
     */
    @DatabaseChangeProperty(description = "Make the tenant column default to the current tenant (default true)")
    public Boolean getSetColumnDefault() {
        return setColumnDefault;
    }

    /**
     * Sets the {@code setColumnDefault} attribute, as the changelog gives it.
     *
     * @param setColumnDefault whether to make the tenant column default to the current tenant; true when null
     */
    public void setSetColumnDefault(Boolean setColumnDefault) {
        this.setColumnDefault = setColumnDefault;
    }

    /**
     * {@return the {@code mode} attribute: {@code plain}, {@code signed} (which needs {@code enableTenantSigning}
     * first) or {@code citus} (the policy form Citus accepts on distributed tables); when null, {@code citus} on a
     * database with the citus extension and {@code plain} elsewhere}
     */
    @DatabaseChangeProperty(description = "plain (default), signed or citus: signed trusts only the tenant the signed"
            + " mode verified (rls_tenancy.tenant), and needs enableTenantSigning first; citus writes the policy form"
            + " Citus accepts on distributed tables, the default on a database with the citus extension")
    public String getMode() {
        return mode;
    }

    /**
     * Sets the {@code mode} attribute, as the changelog gives it.
     *
     * @param mode {@code plain}, {@code signed} or {@code citus}; null for {@code citus} on a database with the citus
     *     extension and {@code plain} elsewhere
     */
    public void setMode(String mode) {
        this.mode = mode;
    }

    @Override
    protected String changeName() {
        return NAME;
    }

    @Override
    protected void collectProblems(Database database, List<String> problems) {
        resolve(database, problems, false);
    }

    @Override
    public SqlStatement[] generateStatements(Database database) {
        Target target = resolve(database, null, true);
        TenantPolicySql sql = target.sql;
        TableState table = target.table;
        String policy = policy();
        String existing = table.policyComment(policy);
        List<String> statements = new ArrayList<>();
        if (!table.rowSecurity()) {
            statements.add(sql.enableRowLevelSecurity());
        }
        if (!table.force()) {
            statements.add(sql.forceRowLevelSecurity());
        }
        if (table.hasPolicy(policy) && Marker.writtenBy(existing, NAME)) {
            return Statements.of(statements);
        }
        Map<String, String> before = priorState(target);
        statements.add(sql.createPolicy());
        statements.add("COMMENT ON POLICY " + TenantPolicySql.quote(policy) + " ON " + sql.qualifiedTable() + " IS "
                + Marker.literal(Marker.write(NAME, getChangeSet(), before)));
        if (!NONE.equals(before.get("index"))) {
            statements.add(sql.createIndex());
        }
        if (!UNCHANGED.equals(before.get("columnDefault"))) {
            statements.add(sql.setColumnDefault());
        }
        return Statements.of(statements);
    }

    /**
     * Undoes what this changeset did, as recorded on the policy; before the change has run (future rollback SQL),
     * undoes what it would do now.
     */
    @Override
    public SqlStatement[] generateRollbackStatements(Database database) {
        Target target = resolve(database, null, true);
        TableState table = target.table;
        Map<String, String> before;
        if (table.hasPolicy(policy())) {
            before = Marker.read(table.policyComment(policy()), NAME, getChangeSet()).orElse(null);
            if (before == null) {
                return new SqlStatement[0];
            }
        } else {
            before = priorState(target);
        }
        TenantPolicySql sql = target.sql;
        List<String> statements = new ArrayList<>();
        statements.add(sql.dropPolicy());
        if (!NONE.equals(before.get("index"))) {
            statements.add(sql.dropIndex());
        }
        String columnDefault = before.get("columnDefault");
        if (NONE.equals(columnDefault)) {
            statements.add(sql.dropColumnDefault());
        } else if (columnDefault != null && !UNCHANGED.equals(columnDefault)) {
            statements.add("ALTER TABLE " + sql.qualifiedTable() + " ALTER COLUMN " + TenantPolicySql.quote(column())
                    + " SET DEFAULT " + columnDefault.substring("expression ".length()));
        }
        if (OFF.equals(before.get("force"))) {
            statements.add(sql.noForceRowLevelSecurity());
        }
        if (OFF.equals(before.get("rowSecurity"))) {
            statements.add(sql.disableRowLevelSecurity());
        }
        return Statements.of(statements);
    }

    @Override
    public String getConfirmationMessage() {
        return "Tenant isolation enabled on " + (schemaName == null ? "" : schemaName + ".") + tableName;
    }

    private String column() {
        return Objects.requireNonNullElse(columnName, TenantPolicySql.DEFAULT_COLUMN);
    }

    private String policy() {
        return Objects.requireNonNullElse(policyName, TenantPolicySql.DEFAULT_POLICY_NAME);
    }

    private TenantMode tenantMode() {
        return mode == null ? TenantMode.PLAIN : TenantMode.fromSetting(mode);
    }

    /** The mode given, or without one, {@code citus} on a database with the citus extension and plain elsewhere. */
    private TenantMode tenantMode(SchemaView view) {
        return mode == null && view.catalog().hasExtension("citus") ? TenantMode.CITUS : tenantMode();
    }

    /** What the table is like now, in the terms rollback needs. */
    private Map<String, String> priorState(Target target) {
        TableState table = target.table;
        Map<String, String> before = new LinkedHashMap<>();
        before.put("rowSecurity", table.rowSecurity() ? ON : OFF);
        before.put("force", table.force() ? ON : OFF);
        boolean index = !Boolean.FALSE.equals(createIndex) && !table.hasIndexLedBy(target.column);
        before.put("index", index ? target.sql.indexName() : NONE);
        String columnDefault = table.column(target.column).defaultExpression();
        before.put("columnDefault", Boolean.FALSE.equals(setColumnDefault) ? UNCHANGED
                : columnDefault == null ? NONE : "expression " + columnDefault);
        return before;
    }

    private record Target(TableState table, String column, TenantPolicySql sql) {
    }

    /**
     * Checks the attributes and the table. Problems go to {@code problems}; with {@code strict}, a problem (or a
     * table that cannot be seen yet) throws instead, naming the changeset.
     */
    private Target resolve(Database database, List<String> problems, boolean strict) {
        List<String> found = problems == null ? new ArrayList<>() : problems;
        TenantPolicySql sql = null;
        try {
            sql = TenantPolicySql.forTable(Objects.requireNonNull(tableName, "tableName is required"))
                    .withConfig(RlsConfig.defaults().withSettingName(
                            Objects.requireNonNullElse(settingName, RlsConfig.DEFAULT_SETTING_NAME)))
                    .withMode(tenantMode()).withSchema(schemaName).withColumn(column()).withPolicyName(policy());
        } catch (IllegalArgumentException | NullPointerException e) {
            found.add(e.getMessage());
        }
        Target target = null;
        if (sql != null) {
            SchemaView view = SchemaView.before(this, database);
            if (tenantMode() == TenantMode.SIGNED) {
                SigningKeys.checkInstalled(view, found, strict);
            }
            TableState table = view.find(schemaName, tableName, found, strict);
            if (table != null) {
                target = target(table, view, found, strict);
            }
        }
        if (strict && (target == null || !found.isEmpty())) {
            throw Statements.failure(this, NAME, String.join("; ", found));
        }
        return target;
    }

    private Target target(TableState table, SchemaView view, List<String> found, boolean strict) {
        String where = SchemaView.describe(table);
        TableState.Column column = view.findColumn(table, column(), found, strict);
        if (column == null) {
            return null;
        }
        TenantPolicySql exact;
        try {
            exact = TenantPolicySql.forTable(table.name()).withSchema(table.schema()).withColumn(column.name())
                    .withConfig(RlsConfig.defaults().withSettingName(
                            Objects.requireNonNullElse(settingName, RlsConfig.DEFAULT_SETTING_NAME)))
                    .withMode(tenantMode(view)).withPolicyName(policy());
            if (column.type() == null) {
                if (strict) {
                    found.add("the type of column " + column.name() + " in table " + where + " is not known");
                }
                return null;
            }
            exact = exact.withColumnType(column.type());
        } catch (IllegalArgumentException e) {
            found.add("tenant column " + column.name() + " of table " + where + ": " + e.getMessage());
            return null;
        }
        String comment = table.policyComment(policy());
        if (table.hasPolicy(policy()) && !Marker.writtenBy(comment, NAME)) {
            found.add("policy " + policy() + " already exists on table " + where + " and was not created by " + NAME
                    + ": drop it, or choose another policyName");
        } else if (table.hasPolicy(policy()) && table.signedPolicy(policy()) != (tenantMode(view) == TenantMode.SIGNED)
                && (strict || !view.incomplete())) {
            String existing = table.signedPolicy(policy()) ? "signed" : "plain";
            found.add("policy " + policy() + " on table " + where + " was created by " + NAME + " in the " + existing
                    + " mode, which this change would keep: to switch it to "
                    + tenantMode(view).name().toLowerCase(Locale.ROOT) + ", roll back the changeset that created it, or"
                    + " drop the policy (DROP POLICY) in a changeset before this one");
        }
        boolean indexNeeded = !Boolean.FALSE.equals(createIndex) && !table.hasIndexLedBy(column.name())
                && !table.hasPolicy(policy());
        if (indexNeeded && table.inCatalog() && view.catalog().relationExists(table.schema(), exact.indexName())) {
            found.add("index name " + exact.indexName() + " is taken by another relation in schema "
                    + table.schema() + ": rename it, or set createIndex to false and create the index yourself");
        }
        return new Target(table, column.name(), exact);
    }
}
