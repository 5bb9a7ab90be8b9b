package org.rlstenancy.liquibase;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import liquibase.change.ChangeMetaData;
import liquibase.change.DatabaseChange;
import liquibase.change.DatabaseChangeProperty;
import liquibase.database.Database;
import liquibase.statement.SqlStatement;
import org.rlstenancy.core.TenantPolicySql;
import org.rlstenancy.liquibase.internal.Marker;
import org.rlstenancy.liquibase.internal.SchemaView;
import org.rlstenancy.liquibase.internal.Statements;
import org.rlstenancy.liquibase.internal.TenantChangeBase;
import org.rlstenancy.liquibase.internal.TableState;

/**
 * {@code tenantForeignKey}: a foreign key that includes the tenant column on both sides, {@code (tenant_id,
 * project_id) REFERENCES project (tenant_id, id)}, so that the database itself refuses a row pointing at another
 * tenant's row. Foreign-key checks ignore row-level security; this is what makes them tenant-aware. When the
 * referenced table has no unique key on exactly those columns, one is added first.
 *
 * <p>The foreign key's comment records whether the unique key was added, and rollback removes exactly what was
 * added.
 */
@DatabaseChange(name = TenantForeignKeyChange.NAME, priority = ChangeMetaData.PRIORITY_DEFAULT,
        appliesTo = "table", description = "Creates a foreign key that includes the tenant column on both sides,"
                + " adding the unique key the referenced table needs, so a row cannot reference another tenant's row.")
public class TenantForeignKeyChange extends TenantChangeBase {
    static final String NAME = "tenantForeignKey";
    private static final int MAX_IDENTIFIER_LENGTH = 63;
    private static final String NONE = "none";

    private String schemaName;
    private String baseTableName;
    private String baseColumnNames;
    private String referencedTableName;
    private String referencedColumnNames;
    private String columnName;
    private String constraintName;

    @DatabaseChangeProperty(description = "Schema of both tables; the search path when not given")
    public String getSchemaName() {
        return schemaName;
    }

    public void setSchemaName(String schemaName) {
        this.schemaName = schemaName;
    }

    @DatabaseChangeProperty(description = "Table holding the reference", requiredForDatabase = "all")
    public String getBaseTableName() {
        return baseTableName;
    }

    public void setBaseTableName(String baseTableName) {
        this.baseTableName = baseTableName;
    }

    @DatabaseChangeProperty(description = "Comma-separated referencing columns, without the tenant column",
            requiredForDatabase = "all")
    public String getBaseColumnNames() {
        return baseColumnNames;
    }

    public void setBaseColumnNames(String baseColumnNames) {
        this.baseColumnNames = baseColumnNames;
    }

    @DatabaseChangeProperty(description = "Table referenced", requiredForDatabase = "all")
    public String getReferencedTableName() {
        return referencedTableName;
    }

    public void setReferencedTableName(String referencedTableName) {
        this.referencedTableName = referencedTableName;
    }

    @DatabaseChangeProperty(description = "Comma-separated referenced columns, without the tenant column",
            requiredForDatabase = "all")
    public String getReferencedColumnNames() {
        return referencedColumnNames;
    }

    public void setReferencedColumnNames(String referencedColumnNames) {
        this.referencedColumnNames = referencedColumnNames;
    }

    @DatabaseChangeProperty(description = "Tenant column of both tables (default tenant_id)")
    public String getColumnName() {
        return columnName;
    }

    public void setColumnName(String columnName) {
        this.columnName = columnName;
    }

    @DatabaseChangeProperty(description = "Name of the foreign key (default <base table>_<columns>_tenant_fkey)")
    public String getConstraintName() {
        return constraintName;
    }

    public void setConstraintName(String constraintName) {
        this.constraintName = constraintName;
    }

    /** The foreign key's name: {@code constraintName}, or the default made from the table and columns. */
    public String resolvedConstraintName() {
        return constraintName != null ? constraintName
                : truncate(baseTableName + "_" + String.join("_", SchemaView.split(baseColumnNames)) + "_tenant_fkey");
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
        Target target = resolve(database, new ArrayList<>(), true);
        TableState.Constraint existing = target.base.constraint(target.constraint);
        if (existing != null) {
            return new SqlStatement[0];
        }
        Map<String, String> before = priorState(target);
        List<String> statements = new ArrayList<>();
        String unique = before.get("uniqueKey");
        if (!NONE.equals(unique)) {
            statements.add("ALTER TABLE " + target.referencedSql() + " ADD CONSTRAINT " + TenantPolicySql.quote(unique)
                    + " UNIQUE (" + list(target.referencedColumns) + ")");
        }
        statements.add("ALTER TABLE " + target.baseSql() + " ADD CONSTRAINT " + TenantPolicySql.quote(target.constraint)
                + " FOREIGN KEY (" + list(target.baseColumns) + ") REFERENCES " + target.referencedSql() + " ("
                + list(target.referencedColumns) + ")");
        statements.add("COMMENT ON CONSTRAINT " + TenantPolicySql.quote(target.constraint) + " ON " + target.baseSql()
                + " IS " + Marker.literal(Marker.write(NAME, getChangeSet(), before)));
        return Statements.of(statements);
    }

    /**
     * Drops the foreign key and the unique key if this changeset added them, as recorded on the foreign key; before
     * the change has run (future rollback SQL), undoes what it would do now.
     */
    @Override
    public SqlStatement[] generateRollbackStatements(Database database) {
        Target target = resolve(database, new ArrayList<>(), true);
        TableState.Constraint existing = target.base.constraint(target.constraint);
        Map<String, String> before = existing == null ? priorState(target)
                : Marker.read(existing.comment(), NAME, getChangeSet()).orElse(null);
        if (before == null) {
            return new SqlStatement[0];
        }
        List<String> statements = new ArrayList<>();
        statements.add("ALTER TABLE " + target.baseSql() + " DROP CONSTRAINT " + TenantPolicySql.quote(target.constraint));
        String unique = before.get("uniqueKey");
        if (unique != null && !NONE.equals(unique)) {
            statements.add("ALTER TABLE " + target.referencedSql() + " DROP CONSTRAINT " + TenantPolicySql.quote(unique));
        }
        return Statements.of(statements);
    }

    @Override
    public String getConfirmationMessage() {
        return "Tenant foreign key created from " + baseTableName + " to " + referencedTableName;
    }

    private Map<String, String> priorState(Target target) {
        Map<String, String> before = new LinkedHashMap<>();
        boolean hasKey = target.referencedTable.hasUniqueKey(new LinkedHashSet<>(target.referencedColumns));
        before.put("uniqueKey", hasKey ? NONE : target.uniqueKey());
        return before;
    }

    /** Both tables, and the columns of each side with the tenant column first. */
    private record Target(TableState base, TableState referencedTable, List<String> baseColumns,
            List<String> referencedColumns, String constraint) {
        String baseSql() {
            return qualified(base);
        }

        String referencedSql() {
            return qualified(referencedTable);
        }

        String uniqueKey() {
            return truncate(referencedTable.name() + "_" + String.join("_", referencedColumns) + "_key");
        }

        private static String qualified(TableState table) {
            return (table.schema() == null ? "" : TenantPolicySql.quote(table.schema()) + ".")
                    + TenantPolicySql.quote(table.name());
        }
    }

    private Target resolve(Database database, List<String> problems, boolean strict) {
        String tenant = Objects.requireNonNullElse(columnName, TenantPolicySql.DEFAULT_COLUMN);
        List<String> baseNames = SchemaView.split(baseColumnNames);
        List<String> referencedNames = SchemaView.split(referencedColumnNames);
        String constraint = resolvedConstraintName();
        requireAttribute("baseTableName", baseTableName, problems);
        requireAttribute("baseColumnNames", baseColumnNames, problems);
        requireAttribute("referencedTableName", referencedTableName, problems);
        requireAttribute("referencedColumnNames", referencedColumnNames, problems);
        if (problems.isEmpty()) {
            try {
                for (String name : List.of(baseTableName, referencedTableName, tenant, constraint)) {
                    TenantPolicySql.quote(name);
                }
                if (schemaName != null) {
                    TenantPolicySql.quote(schemaName);
                }
                baseNames.forEach(TenantPolicySql::quote);
                referencedNames.forEach(TenantPolicySql::quote);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (problems.isEmpty() && baseNames.size() != referencedNames.size()) {
            problems.add("baseColumnNames has " + baseNames.size() + " columns but referencedColumnNames has "
                    + referencedNames.size());
        }
        if (problems.isEmpty() && (baseNames.contains(tenant) || referencedNames.contains(tenant))) {
            problems.add("leave the tenant column " + tenant + " out of baseColumnNames and referencedColumnNames:"
                    + " it is added to both sides");
        }
        Target target = null;
        if (problems.isEmpty()) {
            SchemaView view = SchemaView.before(this, database);
            TableState base = view.find(schemaName, baseTableName, problems, strict);
            TableState referenced = view.find(schemaName, referencedTableName, problems, strict);
            if (base != null && referenced != null) {
                List<String> baseColumns = columns(view, base, tenant, baseNames, problems, strict);
                List<String> referencedColumns = columns(view, referenced, tenant, referencedNames, problems, strict);
                if (baseColumns != null && referencedColumns != null) {
                    target = new Target(base, referenced, baseColumns, referencedColumns, constraint);
                    checkTarget(target, view, problems);
                }
            }
        }
        if (strict && (target == null || !problems.isEmpty())) {
            throw Statements.failure(this, NAME, String.join("; ", problems));
        }
        return target;
    }

    private static void requireAttribute(String name, String value, List<String> problems) {
        if (value == null || value.isBlank()) {
            problems.add(name + " is required");
        }
    }

    /** The columns as the catalog spells them, tenant column first; null when one is missing. */
    private static List<String> columns(SchemaView view, TableState table, String tenant, List<String> names,
            List<String> problems, boolean strict) {
        List<String> columns = new ArrayList<>();
        boolean complete = true;
        for (String name : prepend(tenant, names)) {
            TableState.Column column = view.findColumn(table, name, problems, strict);
            if (column == null) {
                complete = false;
            } else {
                columns.add(column.name());
            }
        }
        return complete ? columns : null;
    }

    private static void checkTarget(Target target, SchemaView view, List<String> problems) {
        String baseType = target.base.column(target.baseColumns.get(0)).type();
        String referencedType = target.referencedTable.column(target.referencedColumns.get(0)).type();
        if (baseType != null && referencedType != null && !baseType.equals(referencedType)) {
            problems.add("tenant column " + target.baseColumns.get(0) + " is " + baseType + " in table "
                    + SchemaView.describe(target.base) + " but " + referencedType + " in table "
                    + SchemaView.describe(target.referencedTable));
        }
        TableState.Constraint existing = target.base.constraint(target.constraint);
        if (existing != null && !Marker.writtenBy(existing.comment(), NAME)) {
            problems.add("constraint " + target.constraint + " already exists on table "
                    + SchemaView.describe(target.base) + " and was not created by " + NAME
                    + ": drop it, or choose another constraintName");
        }
        boolean needsKey = !target.referencedTable.hasUniqueKey(new LinkedHashSet<>(target.referencedColumns));
        if (existing == null && needsKey && target.referencedTable.inCatalog()
                && view.catalog().relationExists(target.referencedTable.schema(), target.uniqueKey())) {
            problems.add("the unique key " + target.uniqueKey() + " that table "
                    + SchemaView.describe(target.referencedTable) + " needs cannot be created: the name is taken");
        }
    }

    private static List<String> prepend(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    private static String list(List<String> columns) {
        return columns.stream().map(TenantPolicySql::quote).collect(Collectors.joining(", "));
    }

    private static String truncate(String name) {
        return name.length() > MAX_IDENTIFIER_LENGTH ? name.substring(0, MAX_IDENTIFIER_LENGTH) : name;
    }
}
