package org.rlstenancy.liquibase.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a change needs to know about one table: read from PostgreSQL's catalog, or modelled from an earlier change
 * of the changelog that has not run yet. Mutable so that earlier pending changes can be laid over it.
 */
public final class TableState {
    /** A column: its base SQL type as {@code format_type} names it, and its default expression or null. */
    public record Column(String name, String type, String defaultExpression) {
    }

    /** A constraint: name, {@code contype} letter, columns in order, and its comment or null. */
    public record Constraint(String name, char type, List<String> columns, String comment) {
    }

    /**
     * A foreign key of the table. The actions are SQL words ({@code NO ACTION}, {@code CASCADE}, {@code SET NULL},
     * ...); {@code deleteSetColumns} are the columns {@code ON DELETE SET NULL (...)} or {@code SET DEFAULT (...)}
     * names, empty for all. {@code definition} is as {@code pg_get_constraintdef} gives it, or as a pending change
     * would create it; {@code comment} is null when it has none.
     */
    public record ForeignKey(String name, List<String> columns, String referencedSchema, String referencedTable,
            List<String> referencedColumns, String onUpdate, String onDelete, List<String> deleteSetColumns,
            boolean deferrable, boolean initiallyDeferred, boolean validated, String definition, String comment) {
    }

    final String schema;
    final String name;
    final boolean inCatalog;
    String owner;
    boolean rowSecurity;
    boolean force;
    final Map<String, Column> columns = new LinkedHashMap<>();
    /** Columns that lead a valid, non-partial index. */
    final Set<String> indexLeaders = new LinkedHashSet<>();
    /** Column sets of unique, non-partial, immediate indexes (what a foreign key can reference). */
    final List<Set<String>> uniqueKeys = new ArrayList<>();
    /** Policy name to its comment (null when it has none). */
    final Map<String, String> policies = new LinkedHashMap<>();
    /** The policies whose USING compares with the signed mode's verified tenant. */
    final Set<String> signedPolicies = new LinkedHashSet<>();
    final Map<String, Constraint> constraints = new LinkedHashMap<>();
    final Map<String, ForeignKey> foreignKeys = new LinkedHashMap<>();

    TableState(String schema, String name, boolean inCatalog) {
        this.schema = schema;
        this.name = name;
        this.inCatalog = inCatalog;
    }

    /** The schema the table is in; null when modelled from a change that named none. */
    public String schema() {
        return schema;
    }

    public String name() {
        return name;
    }

    /** True when read from the database; false when modelled from an earlier change that has not run. */
    public boolean inCatalog() {
        return inCatalog;
    }

    public String owner() {
        return owner;
    }

    public boolean rowSecurity() {
        return rowSecurity;
    }

    public boolean force() {
        return force;
    }

    /** The column named {@code name}: exactly, else folded to lower case as PostgreSQL folds unquoted names. */
    public Column column(String name) {
        Column column = columns.get(name);
        return column != null ? column : columns.get(name.toLowerCase(Locale.ROOT));
    }

    public boolean hasIndexLedBy(String column) {
        return indexLeaders.contains(column);
    }

    public boolean hasUniqueKey(Set<String> columnSet) {
        return uniqueKeys.contains(columnSet);
    }

    /** Whether the table has any row-level security policy. */
    public boolean hasPolicies() {
        return !policies.isEmpty();
    }

    public boolean hasPolicy(String policy) {
        return policies.containsKey(policy);
    }

    /** True when {@code policy} reads the tenant in the signed mode ({@code rls_tenancy.tenant}). */
    public boolean signedPolicy(String policy) {
        return signedPolicies.contains(policy);
    }

    /** The comment on {@code policy}, or null. */
    public String policyComment(String policy) {
        return policies.get(policy);
    }

    /** The constraint named {@code name}, or null. */
    public Constraint constraint(String name) {
        return constraints.get(name);
    }

    /** The foreign keys, by name. */
    public List<ForeignKey> foreignKeys() {
        return List.copyOf(foreignKeys.values());
    }

    void addForeignKey(ForeignKey key) {
        if (!constraints.containsKey(key.name())) {
            foreignKeys.put(key.name(), key);
            constraints.put(key.name(), new Constraint(key.name(), 'f', key.columns(), key.comment()));
        }
    }

    void dropConstraint(String name) {
        constraints.remove(name);
        foreignKeys.remove(name);
    }

    void addColumn(String column, String type) {
        columns.putIfAbsent(column, new Column(column, type, null));
    }
}
