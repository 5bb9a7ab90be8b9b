package org.rlstenancy.liquibase;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import liquibase.change.ChangeMetaData;
import liquibase.change.DatabaseChange;
import liquibase.change.DatabaseChangeProperty;
import liquibase.database.Database;
import liquibase.exception.DatabaseException;
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
 * <p>A plain foreign key on the same columns to the same referenced columns is replaced: its violations would name
 * it, and tell a tenant which ids exist in other tenants. The new key takes over its {@code ON UPDATE} and
 * {@code ON DELETE} actions (unless {@code onUpdate} or {@code onDelete} say otherwise) and its deferrability.
 *
 * <p>The foreign key's comment records whether the unique key was added and the full definition of each key
 * replaced, and rollback removes exactly what was added and re-creates what was replaced.
 */
@DatabaseChange(name = TenantForeignKeyChange.NAME, priority = ChangeMetaData.PRIORITY_DEFAULT,
        appliesTo = "table", description = "Creates a foreign key that includes the tenant column on both sides,"
                + " adding the unique key the referenced table needs, so a row cannot reference another tenant's row.")
public class TenantForeignKeyChange extends TenantChangeBase {
    static final String NAME = "tenantForeignKey";
    private static final int MAX_IDENTIFIER_LENGTH = 63;
    private static final String NONE = "none";
    private static final String REPLACED = "replacedKey";
    private static final Set<String> ACTIONS = Set.of("NO ACTION", "RESTRICT", "CASCADE", "SET NULL", "SET DEFAULT");
    /** The first PostgreSQL major release that takes a column list in {@code ON DELETE SET NULL (...)}. */
    private static final int DELETE_COLUMN_LIST_SINCE = 15;

    private String schemaName;
    private String baseTableName;
    private String baseColumnNames;
    private String referencedTableName;
    private String referencedColumnNames;
    private String columnName;
    private String constraintName;
    private String onUpdate;
    private String onDelete;

    /** {@return the {@code schemaName} attribute: the schema of both tables; null for the search path} */
    @DatabaseChangeProperty(description = "Schema of both tables; the search path when not given")
    public String getSchemaName() {
        return schemaName;
    }

    /**
     * Sets the {@code schemaName} attribute, as the changelog gives it.
     *
     * @param schemaName the schema of both tables; null for the search path
     */
    public void setSchemaName(String schemaName) {
        this.schemaName = schemaName;
    }

    /** {@return the {@code baseTableName} attribute: the table holding the reference} */
    @DatabaseChangeProperty(description = "Table holding the reference", requiredForDatabase = "all")
    public String getBaseTableName() {
        return baseTableName;
    }

    /**
     * Sets the {@code baseTableName} attribute, as the changelog gives it.
     *
     * @param baseTableName the table holding the reference
     */
    public void setBaseTableName(String baseTableName) {
        this.baseTableName = baseTableName;
    }

    /**
     * {@return the {@code baseColumnNames} attribute: the referencing columns, comma-separated, without the tenant
     * column}
     */
    @DatabaseChangeProperty(description = "Comma-separated referencing columns, without the tenant column",
            requiredForDatabase = "all")
    public String getBaseColumnNames() {
        return baseColumnNames;
    }

    /**
     * Sets the {@code baseColumnNames} attribute, as the changelog gives it.
     *
     * @param baseColumnNames the referencing columns, comma-separated, without the tenant column
     */
    public void setBaseColumnNames(String baseColumnNames) {
        this.baseColumnNames = baseColumnNames;
    }

    /** {@return the {@code referencedTableName} attribute: the table referenced} */
    @DatabaseChangeProperty(description = "Table referenced", requiredForDatabase = "all")
    public String getReferencedTableName() {
        return referencedTableName;
    }

    /**
     * Sets the {@code referencedTableName} attribute, as the changelog gives it.
     *
     * @param referencedTableName the table referenced
     */
    public void setReferencedTableName(String referencedTableName) {
        this.referencedTableName = referencedTableName;
    }

    /**
     * {@return the {@code referencedColumnNames} attribute: the referenced columns, comma-separated, without the tenant
     * column}
     */
    @DatabaseChangeProperty(description = "Comma-separated referenced columns, without the tenant column",
            requiredForDatabase = "all")
    public String getReferencedColumnNames() {
        return referencedColumnNames;
    }

    /**
     * Sets the {@code referencedColumnNames} attribute, as the changelog gives it.
     *
     * @param referencedColumnNames the referenced columns, comma-separated, without the tenant column
     */
    public void setReferencedColumnNames(String referencedColumnNames) {
        this.referencedColumnNames = referencedColumnNames;
    }

    /** {@return the {@code columnName} attribute: the tenant column of both tables, {@code tenant_id} when null} */
    @DatabaseChangeProperty(description = "Tenant column of both tables (default tenant_id)")
    public String getColumnName() {
        return columnName;
    }

    /**
     * Sets the {@code columnName} attribute, as the changelog gives it.
     *
     * @param columnName the tenant column of both tables, {@code tenant_id} when null
     */
    public void setColumnName(String columnName) {
        this.columnName = columnName;
    }

    /**
     * {@return the {@code constraintName} attribute: the foreign key's name; null for {@code <base
     * table>_<columns>_tenant_fkey}}
     */
    @DatabaseChangeProperty(description = "Name of the foreign key (default <base table>_<columns>_tenant_fkey)")
    public String getConstraintName() {
        return constraintName;
    }

    /**
     * Sets the {@code constraintName} attribute, as the changelog gives it.
     *
     * @param constraintName the foreign key's name; null for {@code <base table>_<columns>_tenant_fkey}
     */
    public void setConstraintName(String constraintName) {
        this.constraintName = constraintName;
    }

    /**
     * {@return the {@code onUpdate} attribute: the {@code ON UPDATE} action, {@code CASCADE}, {@code RESTRICT} or
     * {@code NO ACTION}; null for that of the foreign key replaced, else {@code NO ACTION}}
     */
    @DatabaseChangeProperty(description = "ON UPDATE action: CASCADE, RESTRICT or NO ACTION (default: that of the"
            + " foreign key replaced, else NO ACTION)")
    public String getOnUpdate() {
        return onUpdate;
    }

    /**
     * Sets the {@code onUpdate} attribute, as the changelog gives it.
     *
     * @param onUpdate the {@code ON UPDATE} action, {@code CASCADE}, {@code RESTRICT} or {@code NO ACTION}; null for
     *     that of the foreign key replaced, else {@code NO ACTION}
     */
    public void setOnUpdate(String onUpdate) {
        this.onUpdate = onUpdate;
    }

    /**
     * {@return the {@code onDelete} attribute: the {@code ON DELETE} action, {@code CASCADE}, {@code SET NULL}, {@code
     * SET DEFAULT}, {@code RESTRICT} or {@code NO ACTION}; null for that of the foreign key replaced, else {@code NO
     * ACTION}}
     */
    @DatabaseChangeProperty(description = "ON DELETE action: CASCADE, SET NULL, SET DEFAULT, RESTRICT or NO ACTION"
            + " (default: that of the foreign key replaced, else NO ACTION)")
    public String getOnDelete() {
        return onDelete;
    }

    /**
     * Sets the {@code onDelete} attribute, as the changelog gives it.
     *
     * @param onDelete the {@code ON DELETE} action, {@code CASCADE}, {@code SET NULL}, {@code SET DEFAULT}, {@code
     *     RESTRICT} or {@code NO ACTION}; null for that of the foreign key replaced, else {@code NO ACTION}
     */
    public void setOnDelete(String onDelete) {
        this.onDelete = onDelete;
    }

    /**
     * {@return the foreign key's name: {@code constraintName}, or the default made from the table and columns, cut
     * to 63 characters}
     */
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
                + list(target.referencedColumns) + ")" + target.key.clauses());
        for (TableState.ForeignKey replaced : target.replaced) {
            statements.add("ALTER TABLE " + target.baseSql() + " DROP CONSTRAINT " + quoteAny(replaced.name()));
        }
        statements.add("COMMENT ON CONSTRAINT " + TenantPolicySql.quote(target.constraint) + " ON " + target.baseSql()
                + " IS " + Marker.literal(Marker.write(NAME, getChangeSet(), before)));
        return Statements.of(statements);
    }

    /**
     * Drops the foreign key and the unique key if this changeset added them, and re-creates the foreign keys it
     * replaced, as recorded on the foreign key; before the change has run (future rollback SQL), undoes what it
     * would do now.
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
        for (int i = 1; before.containsKey(REPLACED + i); i++) {
            String name = quoteAny(before.get(REPLACED + i));
            statements.add("ALTER TABLE " + target.baseSql() + " ADD CONSTRAINT " + name + " "
                    + before.get(REPLACED + i + "Definition"));
            String comment = before.get(REPLACED + i + "Comment");
            if (comment != null) {
                statements.add("COMMENT ON CONSTRAINT " + name + " ON " + target.baseSql() + " IS "
                        + Marker.literal(comment));
            }
        }
        return Statements.of(statements);
    }

    /** Names in the validate phase each plain foreign key that the change will replace, and with what. */
    @Override
    protected List<String> validationWarnings(Database database) {
        Target target = resolve(database, new ArrayList<>(), false);
        if (target == null || target.base.constraint(target.constraint) != null) {
            return List.of();
        }
        List<String> warnings = new ArrayList<>();
        for (TableState.ForeignKey replaced : target.replaced) {
            warnings.add(NAME + " replaces foreign key " + replaced.name() + " of table "
                    + SchemaView.describe(target.base) + " (" + replaced.definition() + ") with " + target.constraint
                    + " (FOREIGN KEY (" + String.join(", ", target.baseColumns) + ") REFERENCES "
                    + target.referencedTable.name() + " (" + String.join(", ", target.referencedColumns) + ")"
                    + target.key.clauses() + "); rollback re-creates " + replaced.name());
        }
        return warnings;
    }

    @Override
    public String getConfirmationMessage() {
        return "Tenant foreign key created from " + baseTableName + " to " + referencedTableName;
    }

    private Map<String, String> priorState(Target target) {
        Map<String, String> before = new LinkedHashMap<>();
        boolean hasKey = target.referencedTable.hasUniqueKey(new LinkedHashSet<>(target.referencedColumns));
        before.put("uniqueKey", hasKey ? NONE : target.uniqueKey());
        int i = 0;
        for (TableState.ForeignKey replaced : target.replaced) {
            i++;
            before.put(REPLACED + i, replaced.name());
            before.put(REPLACED + i + "Definition", referencing(replaced.definition(), target.referencedSql()));
            if (replaced.comment() != null) {
                before.put(REPLACED + i + "Comment", replaced.comment());
            }
        }
        return before;
    }

    /**
     * {@code definition} ({@code FOREIGN KEY (...) REFERENCES t(...) ...}) with the referenced table named
     * {@code qualifiedTable}, so that re-creating it does not depend on the search path.
     */
    private static String referencing(String definition, String qualifiedTable) {
        String references = " REFERENCES ";
        int start = definition.indexOf(references) + references.length();
        return definition.substring(0, start) + qualifiedTable + definition.substring(definition.indexOf('(', start));
    }

    /**
     * The new key's actions and deferrability, after {@code ON UPDATE ... ON DELETE ...}: given by the change, or
     * those of the keys it replaces. {@code deleteSetColumns} is the column list of {@code ON DELETE SET NULL} or
     * {@code SET DEFAULT}, which on the new key must leave out the tenant column.
     */
    private record Key(String onUpdate, String onDelete, List<String> deleteSetColumns, boolean deferrable,
            boolean initiallyDeferred) {
        static final Key PLAIN = new Key("NO ACTION", "NO ACTION", List.of(), false, false);

        String clauses() {
            StringBuilder sql = new StringBuilder();
            if (!onUpdate.equals("NO ACTION")) {
                sql.append(" ON UPDATE ").append(onUpdate);
            }
            if (!onDelete.equals("NO ACTION")) {
                sql.append(" ON DELETE ").append(onDelete);
                if (!deleteSetColumns.isEmpty()) {
                    sql.append(" (").append(list(deleteSetColumns)).append(')');
                }
            }
            if (deferrable) {
                sql.append(" DEFERRABLE").append(initiallyDeferred ? " INITIALLY DEFERRED" : "");
            }
            return sql.toString();
        }
    }

    /** Both tables, and the columns of each side with the tenant column first. */
    private record Target(TableState base, TableState referencedTable, List<String> baseColumns,
            List<String> referencedColumns, String constraint, List<TableState.ForeignKey> replaced, Key key) {
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
                    // Once the key exists, the change does nothing more, so there is nothing to replace or judge.
                    boolean exists = base.constraint(constraint) != null;
                    List<TableState.ForeignKey> replaced = exists ? List.of()
                            : SchemaView.replacedKeys(base, baseColumns.subList(1, baseColumns.size()),
                                    referenced.schema(), referenced.name(),
                                    referencedColumns.subList(1, referencedColumns.size()));
                    Key key = exists ? Key.PLAIN : key(database, baseColumns, replaced, problems);
                    target = new Target(base, referenced, baseColumns, referencedColumns, constraint, replaced, key);
                    checkTarget(target, view, problems);
                }
            }
        }
        if (strict && (target == null || !problems.isEmpty())) {
            throw Statements.failure(this, NAME, String.join("; ", problems));
        }
        return target;
    }

    /**
     * The new key's actions and deferrability: {@code onUpdate} and {@code onDelete} when given, else those of the
     * replaced keys, which must agree. SET NULL and SET DEFAULT set every column of the key, the tenant column too;
     * {@code ON DELETE} can name the columns from PostgreSQL 15 on, {@code ON UPDATE} cannot.
     */
    private Key key(Database database, List<String> baseColumns, List<TableState.ForeignKey> replaced,
            List<String> problems) {
        Set<Key> inherited = new LinkedHashSet<>();
        for (TableState.ForeignKey key : replaced) {
            inherited.add(new Key(key.onUpdate(), key.onDelete(), key.deleteSetColumns(), key.deferrable(),
                    key.initiallyDeferred()));
        }
        if (inherited.size() > 1) {
            problems.add("the foreign keys " + replaced.stream().map(TableState.ForeignKey::name)
                    .collect(Collectors.joining(", ")) + " that this change would replace differ in their actions"
                    + " or deferrability: drop all but one of them first");
            return Key.PLAIN;
        }
        Key from = inherited.isEmpty() ? Key.PLAIN : inherited.iterator().next();
        String source = replaced.isEmpty() ? "" : " (that of foreign key " + replaced.get(0).name() + ")";
        String tenant = baseColumns.get(0);
        List<String> columns = baseColumns.subList(1, baseColumns.size());
        String update = from.onUpdate();
        String updateSource = source;
        if (onUpdate != null) {
            update = SchemaView.action(onUpdate);
            updateSource = "";
            if (!ACTIONS.contains(update)) {
                problems.add("onUpdate '" + onUpdate + "' is not CASCADE, RESTRICT or NO ACTION");
            }
        }
        if (update.startsWith("SET ")) {
            problems.add("ON UPDATE " + update + updateSource + " would also set the tenant column " + tenant
                    + ", and PostgreSQL takes no column list for ON UPDATE: give onUpdate (CASCADE, RESTRICT or"
                    + " NO ACTION)");
        }
        String delete = from.onDelete();
        String deleteSource = source;
        List<String> setColumns = from.deleteSetColumns();
        if (onDelete != null) {
            delete = SchemaView.action(onDelete);
            deleteSource = "";
            setColumns = List.of();
            if (!ACTIONS.contains(delete)) {
                problems.add("onDelete '" + onDelete + "' is not CASCADE, SET NULL, SET DEFAULT, RESTRICT or NO ACTION");
            }
        }
        if (delete.startsWith("SET ")) {
            if (setColumns.isEmpty()) {
                setColumns = columns;
            }
            int major = majorVersion(database);
            if (major > 0 && major < DELETE_COLUMN_LIST_SINCE) {
                problems.add("ON DELETE " + delete + deleteSource + " would also set the tenant column " + tenant
                        + ", and PostgreSQL " + major + " cannot limit it to " + String.join(", ", columns)
                        + " (15 and newer can): give onDelete (CASCADE, RESTRICT or NO ACTION), or upgrade");
            }
        } else {
            setColumns = List.of();
        }
        return new Key(update, delete, setColumns, from.deferrable(), from.initiallyDeferred());
    }

    /** The server's major version; 0 when it cannot be told. */
    private static int majorVersion(Database database) {
        try {
            return database.getDatabaseMajorVersion();
        } catch (DatabaseException | RuntimeException e) {
            return 0;
        }
    }

    /** A name as a quoted identifier, whatever characters it holds (names read from the catalog). */
    private static String quoteAny(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
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
