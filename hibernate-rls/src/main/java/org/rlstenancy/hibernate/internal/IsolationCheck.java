package org.rlstenancy.hibernate.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hibernate.boot.Metadata;
import org.hibernate.mapping.Collection;
import org.hibernate.mapping.Join;
import org.hibernate.mapping.JoinedSubclass;
import org.hibernate.mapping.PersistentClass;
import org.hibernate.mapping.Table;
import org.hibernate.mapping.UnionSubclass;
import org.rlstenancy.core.IsolationFinding;
import org.rlstenancy.core.IsolationVerifier;
import org.rlstenancy.core.RlsTenancyException;
import org.rlstenancy.hibernate.RlsMultiTenantConnectionProvider;
import org.rlstenancy.hibernate.RlsSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@value RlsSettings#VERIFICATION}: verifies the model's tables when the SessionFactory is built. The tenant tables
 * are the model's tables with the tenant column. A table that holds rows of a tenant entity without having the
 * column (a collection or join table, a joined subclass or secondary table) is a finding too: no policy can protect
 * it.
 */
final class IsolationCheck {
    private static final Logger log = LoggerFactory.getLogger(IsolationCheck.class);

    private IsolationCheck() {
    }

    static void run(Metadata metadata, RlsMultiTenantConnectionProvider provider, Map<String, Object> settings) {
        RlsSettings.Verification mode = RlsSettings.verification(settings);
        if (mode == RlsSettings.Verification.OFF) {
            return;
        }
        String tenantColumn = RlsSettings.tenantColumn(settings);
        IsolationVerifier verifier = IsolationVerifier.of(provider.config(), tenantColumn);
        List<String> tables = new ArrayList<>();
        for (Table table : metadata.collectTableMappings()) {
            if (table.isPhysicalTable() && !table.isView() && !table.isAbstractUnionTable()) {
                tables.add(regclassName(table));
            }
        }
        List<IsolationFinding> findings;
        try {
            Connection connection = provider.getAnyConnection();
            try {
                findings = new ArrayList<>(verifier.verify(connection, tables));
                dependentTables(metadata).forEach((table, holder) -> {
                    try {
                        if (verifier.hasTenantColumn(connection, holder.ownerTable())
                                && !verifier.hasTenantColumn(connection, table)) {
                            findings.add(new IsolationFinding(IsolationFinding.Severity.ERROR, "table " + table,
                                    "holds rows of tenant table " + holder.ownerTable() + " (" + holder.role()
                                    + ") but has no " + tenantColumn + " column, so no policy can protect it",
                                    "Add " + tenantColumn + ", filled from the owning row, and protect the table"
                                    + " (GenerateChangelog writes the changesets)"));
                        }
                    } catch (SQLException e) {
                        throw new RlsTenancyException("Could not verify tenant isolation: " + e.getMessage(), e);
                    }
                });
            } finally {
                provider.releaseAnyConnection(connection);
            }
        } catch (SQLException e) {
            throw new RlsTenancyException("Could not verify tenant isolation (" + RlsSettings.VERIFICATION + "): "
                    + e.getMessage(), e);
        }
        boolean errors = findings.stream().anyMatch(f -> f.severity() == IsolationFinding.Severity.ERROR);
        if (errors && mode == RlsSettings.Verification.FAIL) {
            throw new RlsTenancyException("The database does not enforce tenant isolation on this model:\n"
                    + IsolationVerifier.report(findings) + "\nFix these, or set " + RlsSettings.VERIFICATION
                    + "=warn to start anyway.");
        }
        if (!findings.isEmpty()) {
            log.warn("Tenant isolation findings ({}={}):\n{}", RlsSettings.VERIFICATION,
                    mode.name().toLowerCase(Locale.ROOT), IsolationVerifier.report(findings));
        }
    }

    /** Which entity table a dependent table's rows belong to, and how. */
    private record Holder(String ownerTable, String role) {
    }

    /** Subclass, secondary, collection and join tables, each with the entity table its rows belong to. */
    private static Map<String, Holder> dependentTables(Metadata metadata) {
        Map<String, Holder> dependents = new LinkedHashMap<>();
        for (PersistentClass entity : metadata.getEntityBindings()) {
            String root = regclassName(entity.getRootTable());
            if (entity instanceof JoinedSubclass) {
                dependents.putIfAbsent(regclassName(entity.getTable()), new Holder(root, "subclass "
                        + entity.getEntityName()));
            }
            for (Join join : entity.getJoins()) {
                dependents.putIfAbsent(regclassName(join.getTable()), new Holder(root, "secondary table of "
                        + entity.getEntityName()));
            }
        }
        for (Collection collection : metadata.getCollectionBindings()) {
            PersistentClass owner = collection.getOwner();
            if (!collection.isOneToMany()) {
                Table ownerTable = owner instanceof UnionSubclass ? owner.getTable() : owner.getRootTable();
                dependents.putIfAbsent(regclassName(collection.getCollectionTable()),
                        new Holder(regclassName(ownerTable), "collection " + collection.getRole()));
            }
        }
        return dependents;
    }

    /** The table as {@code regclass} reads it: quoted names kept, others folded by PostgreSQL. */
    private static String regclassName(Table table) {
        String name = table.isQuoted() ? "\"" + table.getName().replace("\"", "\"\"") + "\"" : table.getName();
        String schema = table.getSchema();
        if (schema == null) {
            return name;
        }
        return (table.getSchemaIdentifier().isQuoted() ? "\"" + schema.replace("\"", "\"\"") + "\"" : schema) + "."
                + name;
    }
}
