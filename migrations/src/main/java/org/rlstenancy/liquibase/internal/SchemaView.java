package org.rlstenancy.liquibase.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import liquibase.change.Change;
import liquibase.change.ColumnConfig;
import liquibase.change.ConstraintsConfig;
import liquibase.change.core.AddAutoIncrementChange;
import liquibase.change.core.AddColumnChange;
import liquibase.change.core.AddDefaultValueChange;
import liquibase.change.core.AddForeignKeyConstraintChange;
import liquibase.change.core.AddPrimaryKeyChange;
import liquibase.change.core.AddUniqueConstraintChange;
import liquibase.change.core.CreateIndexChange;
import liquibase.change.core.CreateSequenceChange;
import liquibase.change.core.CreateTableChange;
import liquibase.change.core.DropForeignKeyConstraintChange;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.RanChangeSet;
import liquibase.database.Database;
import liquibase.exception.DatabaseException;
import liquibase.statement.DatabaseFunction;
import org.rlstenancy.core.TenantPolicySql;
import org.rlstenancy.core.TenantMode;
import org.rlstenancy.liquibase.AddTenantSigningKeyChange;
import org.rlstenancy.liquibase.EnableTenantIsolationChange;
import org.rlstenancy.liquibase.EnableTenantSigningChange;
import org.rlstenancy.liquibase.GrantTenantAccessChange;
import org.rlstenancy.liquibase.RemoveTenantSigningKeyChange;
import org.rlstenancy.liquibase.TenantForeignKeyChange;

/**
 * The schema as a change will find it when it runs: the catalog, with the earlier changes of the changelog that
 * have not run yet laid over it. Liquibase validates every changeset before running the first, so a table created
 * two changesets earlier is known only from its {@code createTable}. An earlier change that has not run and that this
 * view cannot model (raw SQL, for one) makes a missing table or column "unknown" rather than missing.
 */
public final class SchemaView {
    /** PostgreSQL's NAMEDATALEN - 1: the longest name it keeps. */
    private static final int MAX_NAME_LENGTH = 63;
    private static final Pattern NEXTVAL = Pattern.compile("(?i)nextval\\s*\\(\\s*'((?:[^']|'')+)'");
    /** A column constraint's {@code references}: {@code table(column)} or {@code schema.table(column, ...)}. */
    private static final Pattern REFERENCES = Pattern.compile("\\s*([^(]+)\\(([^)]*)\\)\\s*");

    /**
     * A sequence an earlier pending change creates or calls: by {@code createSequence} (no table), or for a table's
     * column (serial and identity columns, {@code autoIncrement}, a {@code nextval} default). The sequence's schema
     * and its table's are kept apart, since a default may call a sequence of another schema. Where a change names
     * no schema, each is the one Liquibase and PostgreSQL would use: the table's for the sequence of a serial
     * column, otherwise the default schema; null only when that is not known.
     */
    private record PendingSequence(String schema, String name, String tableSchema, String table) {
    }

    private final Catalog catalog;
    private final List<Change> pending;
    private final List<PendingSequence> pendingSequences;
    private final boolean opaquePending;
    private final String defaultSchema;

    private SchemaView(Catalog catalog, List<Change> pending, boolean opaquePending, String defaultSchema) {
        this.catalog = catalog;
        this.pending = pending;
        this.opaquePending = opaquePending;
        this.defaultSchema = defaultSchema;
        this.pendingSequences = new ArrayList<>();
        pending.forEach(this::collectSequences);
    }

    /**
     * The view for {@code change}: the catalog with every modelled change before it laid over it. Overlays only add
     * what is missing, so a change that has already run adds nothing; this also holds under {@code updateSql},
     * where Liquibase counts changesets as run that never ran. Only changes this view cannot model are checked
     * against the run history.
     */
    public static SchemaView before(Change change, Database database) {
        Catalog catalog = Catalog.of(database);
        ChangeSet own = change.getChangeSet();
        if (own == null || own.getChangeLog() == null) {
            return new SchemaView(catalog, List.of(), false, database.getDefaultSchemaName());
        }
        List<RanChangeSet> ran = ranChangeSets(database);
        List<Change> pending = new ArrayList<>();
        boolean opaque = false;
        outer:
        for (ChangeSet changeSet : own.getChangeLog().getRootChangeLog().getChangeSets()) {
            for (Change earlier : changeSet.getChanges()) {
                if (earlier == change) {
                    break outer;
                }
                if (modelled(earlier)) {
                    pending.add(earlier);
                } else if (changeSet == own || ran.stream().noneMatch(r -> r.isSameAs(changeSet))) {
                    opaque = true;
                }
            }
        }
        return new SchemaView(catalog, pending, opaque, database.getDefaultSchemaName());
    }

    public Catalog catalog() {
        return catalog;
    }

    /**
     * True when an earlier, not-yet-run change could create objects this view does not see (raw SQL and the
     * like), so that a missing object is not yet an error.
     */
    public boolean incomplete() {
        return opaquePending || !catalog.online();
    }

    /**
     * True when the signed mode's schema will be in place when the change runs: installed already, or installed by
     * an earlier {@code enableTenantSigning} (which, under {@code updateSql}, is printed and not run).
     */
    public boolean signingInstalled() {
        return catalog.signingSchema().map(Catalog.SigningSchema::complete).orElse(false)
                || pending.stream().anyMatch(EnableTenantSigningChange.class::isInstance);
    }

    /** The ids of the keys stored already and of those earlier {@code addTenantSigningKey} changes store. */
    public Set<String> signingKeyIds() {
        Set<String> keys = new LinkedHashSet<>(catalog.signingKeyIds());
        pending.stream().filter(AddTenantSigningKeyChange.class::isInstance)
                .forEach(change -> keys.add(((AddTenantSigningKeyChange) change).getKeyId()));
        return keys;
    }

    /** The table as it will be when the change runs, or null when it is not known to exist. */
    public TableState table(String schema, String name) {
        TableState table = catalog.table(schema, name).orElse(null);
        for (Change change : pending) {
            table = apply(change, schema, name, table);
        }
        return table;
    }

    /**
     * The table, or null after adding "does not exist" to {@code problems}. While the view is {@link #incomplete()}
     * and not {@code strict}, a missing table is not reported: an earlier change may yet create it.
     */
    public TableState find(String schema, String name, List<String> problems, boolean strict) {
        TableState table = table(schema, name);
        if (table == null && (strict || !incomplete())) {
            problems.add("table " + (schema == null ? "" : schema + ".") + name + " does not exist");
        }
        return table;
    }

    /** The column of {@code table}, or null after reporting it missing as {@link #find} does. */
    public TableState.Column findColumn(TableState table, String column, List<String> problems, boolean strict) {
        TableState.Column found = table.column(column);
        if (found == null && (strict || !incomplete())) {
            problems.add("column " + column + " does not exist in table " + describe(table));
        }
        return found;
    }

    /** {@code name}, or {@code name (schema s)} when the schema is known. */
    public static String describe(TableState table) {
        return table.name() + (table.schema() == null ? "" : " (schema " + table.schema() + ")");
    }

    /** The tables of {@code schema} (catalog and earlier pending createTable changes), in order. */
    public Set<String> tablesIn(String schema) {
        Set<String> tables = new LinkedHashSet<>(catalog.tablesIn(schema));
        for (Change change : pending) {
            if (change instanceof CreateTableChange create && sameSchema(create.getSchemaName(), schema)) {
                tables.add(create.getTableName());
            }
        }
        return tables;
    }

    /**
     * The sequences {@code table} will use, quoted and qualified: those the catalog links to it (owned by its columns
     * or called by their defaults) and those earlier pending changes create for its columns.
     */
    public Set<String> sequencesOf(TableState table) {
        Set<String> sequences = new LinkedHashSet<>();
        if (table.inCatalog()) {
            catalog.sequencesOf(table.schema(), table.name()).forEach(s -> sequences.add(qualified(s)));
        }
        for (PendingSequence sequence : pendingSequences) {
            if (sequence.table() != null && matches(sequence.tableSchema(), sequence.table(), table)) {
                sequences.add(qualified(sequence.schema(), sequence.name()));
            }
        }
        return sequences;
    }

    /** Every sequence of {@code schema}, quoted and qualified: the catalog's and those earlier pending changes create. */
    public Set<String> sequencesIn(String schema) {
        Set<String> sequences = new LinkedHashSet<>();
        catalog.sequencesIn(schema).forEach(name -> sequences.add(qualified(schema, name)));
        for (PendingSequence sequence : pendingSequences) {
            if (sameSchema(sequence.schema(), schema)) {
                sequences.add(qualified(schema, sequence.name()));
            }
        }
        return sequences;
    }

    /** The sequence {@code name}, quoted and qualified, from the catalog or an earlier pending change; else empty. */
    public Optional<String> sequence(String schema, String name) {
        Optional<String> found = catalog.sequence(schema, name).map(SchemaView::qualified);
        if (found.isPresent()) {
            return found;
        }
        return pendingSequences.stream()
                .filter(sequence -> sameName(sequence.name(), name) && sameSchema(sequence.schema(), schema))
                .findFirst()
                .map(sequence -> qualified(schema != null ? schema : sequence.schema(), sequence.name()));
    }

    /** {@code "schema"."name"}, or {@code "name"} without a schema. */
    public static String qualified(String schema, String name) {
        return schema == null ? TenantPolicySql.quote(name)
                : TenantPolicySql.quote(schema) + "." + TenantPolicySql.quote(name);
    }

    /** {@code schema.name} as the catalog gives it, quoted. */
    private static String qualified(String dotted) {
        int dot = dotted.indexOf('.');
        return qualified(dotted.substring(0, dot), dotted.substring(dot + 1));
    }

    private void collectSequences(Change change) {
        if (change instanceof CreateSequenceChange create) {
            pendingSequences.add(new PendingSequence(orDefault(create.getSchemaName(), defaultSchema),
                    create.getSequenceName(), null, null));
        } else if (change instanceof CreateTableChange create) {
            create.getColumns().forEach(column -> collectSequences(create.getSchemaName(), create.getTableName(),
                    column));
        } else if (change instanceof AddColumnChange add) {
            add.getColumns().forEach(column -> collectSequences(add.getSchemaName(), add.getTableName(), column));
        } else if (change instanceof AddAutoIncrementChange add) {
            String tableSchema = orDefault(add.getSchemaName(), defaultSchema);
            pendingSequences.add(new PendingSequence(tableSchema,
                    ownedSequenceName(add.getTableName(), add.getColumnName()), tableSchema, add.getTableName()));
        } else if (change instanceof AddDefaultValueChange add) {
            // Liquibase calls the sequence in the table's schema here, whatever schema the function names.
            String tableSchema = orDefault(add.getSchemaName(), defaultSchema);
            if (add.getDefaultValueSequenceNext() != null && add.getDefaultValueSequenceNext().getValue() != null) {
                pendingSequences.add(new PendingSequence(tableSchema, add.getDefaultValueSequenceNext().getValue(),
                        tableSchema, add.getTableName()));
            }
            collectNextval(tableSchema, add.getTableName(), add.getDefaultValueComputed());
        }
    }

    private void collectSequences(String schema, String table, ColumnConfig column) {
        String tableSchema = orDefault(schema, defaultSchema);
        String type = column.getType() == null ? "" : column.getType().trim().toLowerCase(Locale.ROOT);
        if (Boolean.TRUE.equals(column.isAutoIncrement()) || type.matches("(small|big)?serial[248]?")) {
            pendingSequences.add(new PendingSequence(tableSchema, ownedSequenceName(table, column.getName()),
                    tableSchema, table));
        }
        // In a column definition, Liquibase calls the sequence in the function's schema, else the default schema.
        DatabaseFunction sequenceNext = column.getDefaultValueSequenceNext();
        if (sequenceNext != null && sequenceNext.getValue() != null) {
            pendingSequences.add(new PendingSequence(orDefault(sequenceNext.getSchemaName(), defaultSchema),
                    sequenceNext.getValue(), tableSchema, table));
        }
        collectNextval(tableSchema, table, column.getDefaultValueComputed());
    }

    /**
     * The sequence a computed {@code nextval('...')} default calls: in the schema it names, else in the default
     * schema, the first of the search path, where PostgreSQL looks it up.
     */
    private void collectNextval(String tableSchema, String table, DatabaseFunction computed) {
        Matcher nextval = computed == null || computed.getValue() == null ? null : NEXTVAL.matcher(computed.getValue());
        if (nextval != null && nextval.find()) {
            List<String> parts = identifierParts(nextval.group(1).replace("''", "'"));
            if (parts.size() == 1 || parts.size() == 2) {
                pendingSequences.add(new PendingSequence(parts.size() == 2 ? parts.get(0) : defaultSchema,
                        parts.get(parts.size() - 1), tableSchema, table));
            }
        }
    }

    /**
     * The name PostgreSQL gives the sequence of a serial or identity column: {@code table_column_seq}, with the
     * longer of table and column shortened until the name fits in 63 bytes (its {@code makeObjectName}).
     */
    static String ownedSequenceName(String table, String column) {
        String label = "seq";
        int available = MAX_NAME_LENGTH - label.length() - 2;
        int tableLength = table.length();
        int columnLength = column.length();
        while (tableLength + columnLength > available) {
            if (tableLength > columnLength) {
                tableLength--;
            } else {
                columnLength--;
            }
        }
        return table.substring(0, tableLength) + "_" + column.substring(0, columnLength) + "_" + label;
    }

    /** The parts of a possibly qualified SQL name ({@code s."My Seq"}): quoted ones kept, the others folded. */
    static List<String> identifierParts(String name) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < name.length() && name.charAt(i + 1) == '"') {
                    part.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == '.' && !quoted) {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(quoted ? c : Character.toLowerCase(c));
            }
        }
        parts.add(part.toString());
        return parts;
    }

    private static boolean modelled(Change change) {
        return change instanceof CreateTableChange || change instanceof AddColumnChange
                || change instanceof CreateSequenceChange || change instanceof AddAutoIncrementChange
                || change instanceof AddDefaultValueChange || change instanceof AddForeignKeyConstraintChange
                || change instanceof DropForeignKeyConstraintChange
                || change instanceof CreateIndexChange || change instanceof AddPrimaryKeyChange
                || change instanceof AddUniqueConstraintChange || change instanceof EnableTenantIsolationChange
                || change instanceof TenantForeignKeyChange || change instanceof GrantTenantAccessChange
                || change instanceof EnableTenantSigningChange || change instanceof AddTenantSigningKeyChange
                || change instanceof RemoveTenantSigningKeyChange;
    }

    private TableState apply(Change change, String schema, String name, TableState table) {
        if (change instanceof CreateTableChange create) {
            if (table == null && matches(create.getSchemaName(), create.getTableName(), schema, name)) {
                TableState created = new TableState(schema, create.getTableName(), false);
                List<String> primaryKey = new ArrayList<>();
                for (ColumnConfig column : create.getColumns()) {
                    created.addColumn(column.getName(), sqlType(column.getType()));
                    addColumnForeignKey(created, column);
                    if (column.getConstraints() != null) {
                        if (Boolean.TRUE.equals(column.getConstraints().isPrimaryKey())) {
                            primaryKey.add(column.getName());
                        }
                        if (Boolean.TRUE.equals(column.getConstraints().isUnique())) {
                            addKey(created, List.of(column.getName()), true);
                        }
                    }
                }
                addKey(created, primaryKey, true);
                return created;
            }
            return table;
        }
        if (table == null) {
            return null;
        }
        if (change instanceof AddColumnChange add && matches(add.getSchemaName(), add.getTableName(), table)) {
            add.getColumns().forEach(column -> {
                table.addColumn(column.getName(), sqlType(column.getType()));
                addColumnForeignKey(table, column);
            });
        } else if (change instanceof AddForeignKeyConstraintChange key
                && matches(key.getBaseTableSchemaName(), key.getBaseTableName(), table)) {
            table.addForeignKey(pendingKey(key.getConstraintName(), split(key.getBaseColumnNames()),
                    key.getReferencedTableSchemaName(), key.getReferencedTableName(),
                    split(key.getReferencedColumnNames()), key.getOnUpdate(), key.getOnDelete(),
                    Boolean.TRUE.equals(key.getDeferrable()), Boolean.TRUE.equals(key.getInitiallyDeferred()),
                    !Boolean.FALSE.equals(key.getValidate())));
        } else if (change instanceof DropForeignKeyConstraintChange drop
                && matches(drop.getBaseTableSchemaName(), drop.getBaseTableName(), table)
                && drop.getConstraintName() != null) {
            table.dropConstraint(storedName(drop.getConstraintName()));
        } else if (change instanceof CreateIndexChange index
                && matches(index.getSchemaName(), index.getTableName(), table)) {
            addKey(table, index.getColumns().stream().map(ColumnConfig::getName).toList(),
                    Boolean.TRUE.equals(index.isUnique()));
        } else if (change instanceof AddPrimaryKeyChange key && matches(key.getSchemaName(), key.getTableName(), table)) {
            addKey(table, split(key.getColumnNames()), true);
        } else if (change instanceof AddUniqueConstraintChange key
                && matches(key.getSchemaName(), key.getTableName(), table)) {
            addKey(table, split(key.getColumnNames()), true);
        } else if (change instanceof EnableTenantIsolationChange isolation
                && matches(isolation.getSchemaName(), isolation.getTableName(), table)) {
            table.rowSecurity = true;
            table.force = true;
            String policy = orDefault(isolation.getPolicyName(), TenantPolicySql.DEFAULT_POLICY_NAME);
            if (!table.policies.containsKey(policy)) {
                table.policies.put(policy, Marker.write("enableTenantIsolation", isolation.getChangeSet(), Map.of()));
                if (signed(isolation.getMode())) {
                    table.signedPolicies.add(policy);
                }
            }
            if (!Boolean.FALSE.equals(isolation.getCreateIndex())) {
                table.indexLeaders.add(orDefault(isolation.getColumnName(), TenantPolicySql.DEFAULT_COLUMN));
            }
        } else if (change instanceof TenantForeignKeyChange key) {
            if (matches(key.getSchemaName(), key.getReferencedTableName(), table)) {
                List<String> columns = new ArrayList<>();
                columns.add(orDefault(key.getColumnName(), TenantPolicySql.DEFAULT_COLUMN));
                columns.addAll(split(key.getReferencedColumnNames()));
                addKey(table, columns, true);
            }
            if (matches(key.getSchemaName(), key.getBaseTableName(), table)
                    && table.constraint(key.resolvedConstraintName()) == null) {
                replacedKeys(table, split(key.getBaseColumnNames()), key.getSchemaName(),
                        key.getReferencedTableName(), split(key.getReferencedColumnNames()))
                        .forEach(replaced -> table.dropConstraint(replaced.name()));
                table.constraints.put(key.resolvedConstraintName(), new TableState.Constraint(
                        key.resolvedConstraintName(), 'f', List.of(),
                        Marker.write("tenantForeignKey", key.getChangeSet(), Map.of())));
            }
        }
        return table;
    }

    /**
     * The foreign keys of {@code base} on exactly {@code columns} that reference {@code referencedTable} on exactly
     * {@code referencedColumns}, column pair by column pair, in any order: the plain keys a tenant foreign key on
     * those columns replaces. Names compare as {@link #matches} compares them.
     */
    public static List<TableState.ForeignKey> replacedKeys(TableState base, List<String> columns,
            String referencedSchema, String referencedTable, List<String> referencedColumns) {
        Set<String> pairs = pairs(columns, referencedColumns);
        return base.foreignKeys().stream()
                .filter(key -> key.columns().size() == columns.size()
                        && sameName(key.referencedTable(), referencedTable)
                        && sameSchema(key.referencedSchema(), referencedSchema)
                        && pairs(key.columns(), key.referencedColumns()).equals(pairs))
                .toList();
    }

    private static Set<String> pairs(List<String> columns, List<String> referencedColumns) {
        Set<String> pairs = new LinkedHashSet<>();
        for (int i = 0; i < columns.size() && i < referencedColumns.size(); i++) {
            pairs.add(columns.get(i).toLowerCase(Locale.ROOT) + "\u0000"
                    + referencedColumns.get(i).toLowerCase(Locale.ROOT));
        }
        return pairs;
    }

    /** The foreign key a {@code createTable} or {@code addColumn} column's constraints declare, if any. */
    private static void addColumnForeignKey(TableState table, ColumnConfig column) {
        ConstraintsConfig constraints = column.getConstraints();
        if (constraints == null || constraints.getForeignKeyName() == null) {
            return;
        }
        String schema = constraints.getReferencedTableSchemaName();
        String referenced = constraints.getReferencedTableName();
        List<String> referencedColumns = split(constraints.getReferencedColumnNames());
        Matcher references = constraints.getReferences() == null ? null
                : REFERENCES.matcher(constraints.getReferences());
        if (references != null && references.matches()) {
            List<String> parts = identifierParts(references.group(1).trim());
            schema = parts.size() == 2 ? parts.get(0) : null;
            referenced = parts.get(parts.size() - 1);
            referencedColumns = split(references.group(2)).stream()
                    .map(c -> identifierParts(c).get(0)).toList();
        }
        if (referenced == null || referencedColumns.isEmpty()) {
            return;
        }
        table.addForeignKey(pendingKey(constraints.getForeignKeyName(), List.of(column.getName()), schema,
                referenced, referencedColumns, null, Boolean.TRUE.equals(constraints.isDeleteCascade()) ? "CASCADE"
                        : null, Boolean.TRUE.equals(constraints.isDeferrable()),
                Boolean.TRUE.equals(constraints.isInitiallyDeferred()), true));
    }

    /** A foreign key as an earlier change that has not run will create it, its definition as PostgreSQL shows it. */
    private static TableState.ForeignKey pendingKey(String name, List<String> columns, String referencedSchema,
            String referencedTable, List<String> referencedColumns, String onUpdate, String onDelete,
            boolean deferrable, boolean initiallyDeferred, boolean validated) {
        String update = action(onUpdate);
        String delete = action(onDelete);
        StringBuilder definition = new StringBuilder("FOREIGN KEY (").append(quotedList(columns))
                .append(") REFERENCES ").append(referencedSchema == null ? "" : quoteName(referencedSchema) + ".")
                .append(quoteName(referencedTable)).append('(').append(quotedList(referencedColumns)).append(')');
        if (!update.equals("NO ACTION")) {
            definition.append(" ON UPDATE ").append(update);
        }
        if (!delete.equals("NO ACTION")) {
            definition.append(" ON DELETE ").append(delete);
        }
        if (deferrable || initiallyDeferred) {
            definition.append(" DEFERRABLE").append(initiallyDeferred ? " INITIALLY DEFERRED" : "");
        }
        if (!validated) {
            definition.append(" NOT VALID");
        }
        return new TableState.ForeignKey(storedName(name), columns, referencedSchema, referencedTable,
                referencedColumns, update, delete, List.of(), deferrable || initiallyDeferred, initiallyDeferred,
                validated, definition.toString(), null);
    }

    /** A foreign-key action as SQL words, upper case and single-spaced; NO ACTION when not given. */
    public static String action(String action) {
        return action == null || action.isBlank() ? "NO ACTION"
                : action.trim().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
    }

    /**
     * The name PostgreSQL stores for a name Liquibase writes: Liquibase quotes a name of mixed case, so it keeps
     * its case; it leaves others unquoted, so PostgreSQL folds them to lower case.
     */
    private static String storedName(String name) {
        boolean upper = !name.equals(name.toLowerCase(Locale.ROOT));
        boolean lower = !name.equals(name.toUpperCase(Locale.ROOT));
        return upper && lower ? name : name.toLowerCase(Locale.ROOT);
    }

    private static String quotedList(List<String> names) {
        return String.join(", ", names.stream().map(SchemaView::quoteName).toList());
    }

    private static String quoteName(String name) {
        String stored = storedName(name);
        return "\"" + stored.replace("\"", "\"\"") + "\"";
    }

    /** True for the mode setting {@code signed}; a mode that is not valid is reported by the change itself. */
    private static boolean signed(String mode) {
        try {
            return mode != null && TenantMode.fromSetting(mode) == TenantMode.SIGNED;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }

    private static void addKey(TableState table, List<String> columns, boolean unique) {
        if (columns.isEmpty()) {
            return;
        }
        table.indexLeaders.add(columns.get(0));
        if (unique) {
            table.uniqueKeys.add(new LinkedHashSet<>(columns));
        }
    }

    /** Comma-separated names, trimmed; empty entries dropped. */
    public static List<String> split(String names) {
        if (names == null) {
            return List.of();
        }
        List<String> result = new ArrayList<>();
        for (String part : names.split(",")) {
            if (!part.isBlank()) {
                result.add(part.trim());
            }
        }
        return result;
    }

    private static boolean matches(String changeSchema, String changeTable, TableState table) {
        return changeTable != null && sameName(changeTable, table.name)
                && (changeSchema == null || table.schema == null || sameName(changeSchema, table.schema));
    }

    private static boolean matches(String changeSchema, String changeTable, String schema, String name) {
        return changeTable != null && sameName(changeTable, name) && sameSchema(changeSchema, schema);
    }

    private static boolean sameSchema(String a, String b) {
        return a == null || b == null || sameName(a, b);
    }

    private static boolean sameName(String a, String b) {
        return a.equals(b) || a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
    }

    /**
     * A Liquibase column type ({@code UUID}, {@code varchar(64)}, {@code java.sql.Types.BIGINT}, {@code int}) as the
     * PostgreSQL base type name that {@code format_type} would give.
     */
    static String sqlType(String liquibaseType) {
        if (liquibaseType == null) {
            return null;
        }
        String type = liquibaseType.trim().toLowerCase(Locale.ROOT).replaceFirst("^java\\.sql\\.types\\.", "")
                .replaceFirst("\\(.*$", "").trim();
        return switch (type) {
            case "uuid" -> "uuid";
            case "text", "clob", "string" -> "text";
            case "varchar", "character varying", "nvarchar", "varchar2" -> "character varying";
            case "bigint", "int8", "long", "bigserial", "serial8" -> "bigint";
            case "int", "integer", "int4", "serial", "serial4" -> "integer";
            default -> type;
        };
    }

    /** True when Liquibase's history records {@code changeSet} as run. */
    public static boolean hasRun(ChangeSet changeSet, Database database) {
        return changeSet != null && ranChangeSets(database).stream().anyMatch(ran -> ran.isSameAs(changeSet));
    }

    private static List<RanChangeSet> ranChangeSets(Database database) {
        if (!Catalog.of(database).online()) {
            return List.of();
        }
        try {
            return database.getRanChangeSetList();
        } catch (DatabaseException e) {
            return List.of();
        }
    }
}
