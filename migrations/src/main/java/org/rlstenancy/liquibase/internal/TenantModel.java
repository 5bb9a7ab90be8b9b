package org.rlstenancy.liquibase.internal;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.hibernate.annotations.TenantId;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.model.relational.Namespace;
import org.hibernate.boot.model.relational.Sequence;
import org.hibernate.mapping.Collection;
import org.hibernate.mapping.Column;
import org.hibernate.mapping.ForeignKey;
import org.hibernate.mapping.Join;
import org.hibernate.mapping.JoinedSubclass;
import org.hibernate.mapping.PersistentClass;
import org.hibernate.mapping.Selectable;
import org.hibernate.mapping.Table;
import org.hibernate.mapping.UnionSubclass;

/**
 * The tables of a Hibernate model that hold tenant data, and how to protect them. An entity holds tenant data when
 * it (or a superclass) has a {@code @TenantId}, when its table maps the configured tenant column, or when every
 * entity is declared to. Its tables are the entity table, the tables of joined subclasses, secondary tables, and the
 * collection and join tables of its collections; those without a tenant column get one, filled from the row they
 * belong to.
 */
public final class TenantModel {
    /** A table to fill from {@code source}, joining {@code columns} to {@code sourceColumns}. */
    public record Backfill(Table source, List<String> columns, List<String> sourceColumns) {
    }

    /** A table holding tenant data; {@code backfill} is set when it needs the tenant column added. */
    public record TenantTable(Table table, String column, String columnType, boolean hasColumn, Backfill backfill) {
    }

    /** A foreign key between two tenant tables, without the tenant column. */
    public record TenantKey(Table base, List<String> baseColumns, Table referenced, List<String> referencedColumns) {
    }

    private final Map<Table, TenantTable> tenantTables = new LinkedHashMap<>();
    private final List<TenantKey> keys = new ArrayList<>();
    private final Set<Table> allTables = new LinkedHashSet<>();
    private final List<String> sequences = new ArrayList<>();

    /**
     * Reads {@code metadata}.
     *
     * @param tenantColumn the tenant column of tables that have none mapped, and the column that marks a tenant
     *        entity without {@code @TenantId}
     * @param defaultType the SQL type of an added tenant column when no tenant column of the model gives one
     * @param everyEntity true when every entity holds tenant data
     */
    public static TenantModel read(Metadata metadata, String tenantColumn, String defaultType, boolean everyEntity) {
        TenantModel model = new TenantModel();
        model.collect(metadata, tenantColumn, defaultType, everyEntity);
        return model;
    }

    public List<TenantTable> tenantTables() {
        return List.copyOf(tenantTables.values());
    }

    public List<TenantKey> keys() {
        return List.copyOf(keys);
    }

    /** Every physical table of the model, tenant data or not: the application role needs them all. */
    public List<Table> allTables() {
        return List.copyOf(allTables);
    }

    /** The model's sequences, by name. */
    public List<String> sequences() {
        return List.copyOf(sequences);
    }

    private void collect(Metadata metadata, String tenantColumn, String defaultType, boolean everyEntity) {
        for (Table table : metadata.collectTableMappings()) {
            if (table.isPhysicalTable() && !table.isView()) {
                allTables.add(table);
            }
        }
        for (PersistentClass entity : metadata.getEntityBindings()) {
            TenantTable root = rootTenantTable(entity, metadata, tenantColumn, defaultType, everyEntity);
            if (root == null) {
                continue;
            }
            add(root);
            if (entity instanceof JoinedSubclass || entity instanceof UnionSubclass) {
                add(derived(entity.getTable(), root, names(entity.getKey().getSelectables()), metadata));
            }
            for (Join join : entity.getJoins()) {
                add(derived(join.getTable(), root, names(join.getKey().getSelectables()), metadata));
            }
        }
        for (Collection collection : metadata.getCollectionBindings()) {
            PersistentClass ownerEntity = collection.getOwner();
            TenantTable owner = tenantTables.get(ownerEntity instanceof UnionSubclass ? ownerEntity.getTable()
                    : ownerEntity.getRootTable());
            Table table = collection.getCollectionTable();
            if (owner != null && !collection.isOneToMany() && !tenantTables.containsKey(table)) {
                add(derived(table, owner, names(collection.getKey().getSelectables()), metadata));
            }
        }
        for (TenantTable tenantTable : tenantTables.values()) {
            for (ForeignKey key : tenantTable.table().getForeignKeys().values()) {
                TenantTable referenced = tenantTables.get(key.getReferencedTable());
                if (referenced == null) {
                    continue;
                }
                List<String> baseColumns = columnNames(key.getColumns());
                List<String> referencedColumns = key.isReferenceToPrimaryKey()
                        ? columnNames(key.getReferencedTable().getPrimaryKey().getColumns())
                        : columnNames(key.getReferencedColumns());
                if (!contains(baseColumns, tenantTable.column()) && !contains(referencedColumns, referenced.column())) {
                    keys.add(new TenantKey(tenantTable.table(), baseColumns, key.getReferencedTable(),
                            referencedColumns));
                }
            }
        }
        for (Namespace namespace : metadata.getDatabase().getNamespaces()) {
            for (Sequence sequence : namespace.getSequences()) {
                sequences.add(sequence.getName().getSequenceName().getText());
            }
        }
    }

    private void add(TenantTable table) {
        if (!table.table().isPhysicalTable()) {
            return;
        }
        tenantTables.putIfAbsent(table.table(), table);
    }

    /**
     * The table of {@code entity}'s hierarchy that carries the tenant column (the root table, or for table per
     * class the entity's own table), or null when the entity holds no tenant data.
     */
    private static TenantTable rootTenantTable(PersistentClass entity, Metadata metadata, String tenantColumn,
            String defaultType, boolean everyEntity) {
        Table table = entity instanceof UnionSubclass ? entity.getTable() : entity.getRootTable();
        String column = tenantIdColumn(entity);
        if (column == null && findColumn(table, tenantColumn) != null) {
            column = tenantColumn;
        }
        if (column == null && !everyEntity) {
            return null;
        }
        Column mapped = findColumn(table, column == null ? tenantColumn : column);
        if (mapped != null) {
            return new TenantTable(table, name(mapped), mapped.getSqlType(metadata), true, null);
        }
        return new TenantTable(table, tenantColumn, defaultType, false, null);
    }

    /**
     * The column of the {@code @TenantId} attribute of {@code entity} or a superclass, or null. Read from the
     * annotation rather than Hibernate's filter, whose type moved between Hibernate 6 and 7.
     */
    private static String tenantIdColumn(PersistentClass entity) {
        for (Class<?> type = entity.getMappedClass(); type != null; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (field.isAnnotationPresent(TenantId.class)) {
                    return columnOf(entity, field.getName());
                }
            }
            for (Method method : type.getDeclaredMethods()) {
                if (method.isAnnotationPresent(TenantId.class) && method.getName().startsWith("get")) {
                    return columnOf(entity, propertyName(method.getName().substring(3)));
                }
            }
        }
        return null;
    }

    /** The JavaBeans property name of a getter's suffix: {@code TenantId} is {@code tenantId}, {@code URL} stays. */
    private static String propertyName(String suffix) {
        if (suffix.length() > 1 && Character.isUpperCase(suffix.charAt(1))) {
            return suffix;
        }
        return Character.toLowerCase(suffix.charAt(0)) + suffix.substring(1);
    }

    private static String columnOf(PersistentClass entity, String property) {
        return name((Column) entity.getProperty(property).getColumns().get(0));
    }

    /** A table that belongs to rows of {@code source}, joined on {@code columns} = the source's primary key. */
    private static TenantTable derived(Table table, TenantTable source, List<String> columns, Metadata metadata) {
        Column mapped = findColumn(table, source.column());
        if (mapped != null) {
            return new TenantTable(table, name(mapped), mapped.getSqlType(metadata), true, null);
        }
        Backfill backfill = source.hasColumn()
                ? new Backfill(source.table(), columns, columnNames(source.table().getPrimaryKey().getColumns()))
                : null;
        return new TenantTable(table, source.column(), source.columnType(), false, backfill);
    }

    private static Column findColumn(Table table, String name) {
        for (Column column : table.getColumns()) {
            if (column.getName().equalsIgnoreCase(name)) {
                return column;
            }
        }
        return null;
    }

    private static boolean contains(List<String> columns, String column) {
        return columns.stream().anyMatch(c -> c.equalsIgnoreCase(column));
    }

    private static List<String> names(List<Selectable> selectables) {
        return selectables.stream().map(s -> s instanceof Column column ? name(column) : s.getText()).toList();
    }

    private static List<String> columnNames(List<Column> columns) {
        return columns.stream().map(TenantModel::name).toList();
    }

    /** The name PostgreSQL stores: folded to lower case unless Hibernate quotes it. */
    public static String name(Table table) {
        return table.isQuoted() ? table.getName() : table.getName().toLowerCase(Locale.ROOT);
    }

    /** The schema PostgreSQL stores, or null for the default one. */
    public static String schema(Table table) {
        String schema = table.getSchema();
        return schema == null || table.getSchemaIdentifier().isQuoted() ? schema : schema.toLowerCase(Locale.ROOT);
    }

    private static String name(Column column) {
        return column.isQuoted() ? column.getName() : column.getName().toLowerCase(Locale.ROOT);
    }

}
