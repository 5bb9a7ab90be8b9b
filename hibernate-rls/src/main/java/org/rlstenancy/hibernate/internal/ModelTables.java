package org.rlstenancy.hibernate.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.hibernate.annotations.View;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.metamodel.MappingMetamodel;
import org.hibernate.persister.collection.AbstractCollectionPersister;
import org.hibernate.persister.entity.AbstractEntityPersister;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.persister.entity.UnionSubclassEntityPersister;
import org.rlstenancy.core.IsolationFinding;
import org.rlstenancy.core.IsolationVerifier;
import org.rlstenancy.core.SharedData;

/**
 * The tables of a SessionFactory's model, read from its mapping model: every table of its entities and collections,
 * each as Hibernate writes it in SQL (qualified with the default schema, quoted where mapped so), which PostgreSQL's
 * {@code regclass} reads alike. A dependent table holds rows of an entity without being the table its identifier
 * lives in: a joined subclass's own table, a secondary table, a collection or join table. Left out: subselects,
 * entities on a {@code @View}, and the tables of abstract table-per-class entities, which the database does not have.
 * The tables of {@link SharedData} entities are listed too, and must not have the tenant column.
 *
 * <p>Used by the start-up check and by rls-tenancy-testing's {@code IsolationProof}; not a public API.
 */
public final class ModelTables {
    /** A table whose rows belong to rows of {@code ownerTable}, and how ({@code role}). */
    private record Dependent(String table, String ownerTable, String role) {
    }

    private final List<String> tables;
    private final List<Dependent> dependents;
    private final Map<String, String> sharedTables;

    private ModelTables(Set<String> tables, Map<String, Dependent> dependents, Map<String, String> sharedTables) {
        this.tables = List.copyOf(tables);
        this.dependents = List.copyOf(dependents.values());
        this.sharedTables = Map.copyOf(sharedTables);
    }

    /** The tables of {@code sessionFactory}'s model, in name order. */
    public static ModelTables of(SessionFactoryImplementor sessionFactory) {
        MappingMetamodel model = sessionFactory.getMappingMetamodel();
        Set<String> tables = new TreeSet<>();
        Map<String, Dependent> dependents = new TreeMap<>();
        Map<String, String> sharedTables = new TreeMap<>();
        model.forEachEntityDescriptor(entity -> {
            if (isAbstractUnionTable(entity) || entity.getMappedClass().isAnnotationPresent(View.class)) {
                return;
            }
            if (entity.getMappedClass().isAnnotationPresent(SharedData.class)) {
                tableNames(entity).stream().filter(ModelTables::physical)
                        .forEach(table -> sharedTables.putIfAbsent(table, entity.getEntityName()));
            }
            String identifierTable = entity.getIdentifierTableDetails().getTableName();
            String ownTable = entity.getMappedTableDetails().getTableName();
            Set<String> inherited = entity.getSuperMappingType() == null ? Set.of()
                    : tableNames(entity.getSuperMappingType().getEntityPersister());
            for (String table : tableNames(entity)) {
                if (!physical(table)) {
                    continue;
                }
                tables.add(table);
                if (!table.equals(identifierTable) && !inherited.contains(table)) {
                    dependents.putIfAbsent(table, new Dependent(table, identifierTable, table.equals(ownTable)
                            ? "subclass " + entity.getEntityName()
                            : "secondary table of " + entity.getEntityName()));
                }
            }
        });
        model.forEachCollectionDescriptor(collection -> {
            if (collection.isOneToMany() || !(collection instanceof AbstractCollectionPersister persister)
                    || !physical(persister.getTableName())) {
                return;
            }
            String table = persister.getTableName();
            tables.add(table);
            dependents.putIfAbsent(table, new Dependent(table,
                    collection.getOwnerEntityPersister().getIdentifierTableDetails().getTableName(),
                    "collection " + collection.getRole()));
        });
        return new ModelTables(tables, dependents, sharedTables);
    }

    /** Every table of the model, in name order. */
    public List<String> tables() {
        return tables;
    }

    /**
     * What {@code verifier} finds on the model's tables, and an error for each dependent table without the tenant
     * column whose owner table has it: no policy can protect its rows; and an error for each table of a
     * {@link SharedData} entity that has the tenant column.
     */
    public List<IsolationFinding> findings(Connection connection, IsolationVerifier verifier, String tenantColumn)
            throws SQLException {
        List<IsolationFinding> findings = new ArrayList<>(verifier.verify(connection, tables));
        for (Dependent dependent : dependents) {
            if (verifier.hasTenantColumn(connection, dependent.ownerTable())
                    && !verifier.hasTenantColumn(connection, dependent.table())) {
                findings.add(new IsolationFinding(IsolationFinding.Severity.ERROR, "table " + dependent.table(),
                        "holds rows of tenant table " + dependent.ownerTable() + " (" + dependent.role()
                        + ") but has no " + tenantColumn + " column, so no policy can protect it",
                        "Add " + tenantColumn + ", filled from the owning row, and protect the table"
                        + " (GenerateChangelog writes the changesets)"));
            }
        }
        for (Map.Entry<String, String> shared : sharedTables.entrySet()) {
            findings.addAll(sharedDataFindings(connection, verifier, tenantColumn, shared.getKey(),
                    "@SharedData entity " + shared.getValue()));
        }
        return findings;
    }

    /**
     * An error if {@code table}, which {@code what} (such as a {@code @SharedData} entity) reads with no tenant, has
     * the tenant column: its rows are tenant data, which row-level security hides from shared-data work.
     */
    public static List<IsolationFinding> sharedDataFindings(Connection connection, IsolationVerifier verifier,
            String tenantColumn, String table, String what) throws SQLException {
        if (!verifier.hasTenantColumn(connection, table)) {
            return List.of();
        }
        return List.of(new IsolationFinding(IsolationFinding.Severity.ERROR, "table " + table, "has the "
                + tenantColumn + " column, but " + what + " reads it with no tenant, where row-level security"
                + " shows none of its rows", "Remove @SharedData, or drop " + tenantColumn
                + " if the rows belong to no tenant"));
    }

    /** The tables of {@code entity} as Hibernate writes them in SQL; empty if it is not an entity of the model. */
    public static List<String> tablesOf(SessionFactoryImplementor sessionFactory, Class<?> entity) {
        EntityPersister persister = sessionFactory.getMappingMetamodel().findEntityDescriptor(entity);
        return persister == null ? List.of()
                : tableNames(persister).stream().filter(ModelTables::physical).toList();
    }

    /** The entity's tables: its hierarchy's tables down to its own, then the secondary tables. */
    private static Set<String> tableNames(EntityPersister entity) {
        return entity instanceof AbstractEntityPersister persister
                ? new LinkedHashSet<>(Arrays.asList(persister.getTableNames())) : Set.of();
    }

    /** The table of an abstract table-per-class entity: Hibernate reads it as a union, the database has none. */
    private static boolean isAbstractUnionTable(EntityPersister entity) {
        return entity instanceof UnionSubclassEntityPersister && entity.isAbstract();
    }

    /** Whether {@code table} names a table rather than a {@code @Subselect} query. */
    private static boolean physical(String table) {
        return !table.startsWith("(");
    }
}
