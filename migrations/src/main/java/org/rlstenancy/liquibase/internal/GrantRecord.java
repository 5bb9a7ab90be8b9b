package org.rlstenancy.liquibase.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import liquibase.changelog.ChangeSet;
import liquibase.database.Database;
import org.rlstenancy.core.TenantPolicySql;

/**
 * The table {@code rls_tenancy_grants}, next to Liquibase's own: one row per privilege a {@code grantTenantAccess} or
 * {@code enableTenantSigning} changeset granted, so that its rollback revokes exactly those and keeps what the role
 * held before. A privilege the role already held is neither granted nor recorded. The table exists only while it has
 * rows.
 */
public final class GrantRecord {
    /** The table's name. */
    public static final String TABLE = "rls_tenancy_grants";

    /**
     * One privilege on one object: {@code TABLE} or {@code SEQUENCE} and the quoted name, {@code SCHEMA} and the
     * name, or {@code FUNCTION} and the signature; the privilege.
     */
    public record Entry(String objectType, String objectName, String privilege) {
    }

    /** A recorded row: who granted it (changeset identity), to whom, and what. */
    public record Row(String changeSet, String grantee, Entry entry) {
    }

    private final String table;

    private GrantRecord(String table) {
        this.table = table;
    }

    /** The record in the schema where Liquibase keeps its tables. */
    public static GrantRecord of(Database database) {
        String schema = database.getLiquibaseSchemaName() != null ? database.getLiquibaseSchemaName()
                : database.getDefaultSchemaName();
        return new GrantRecord(SchemaView.qualified(schema, TABLE));
    }

    /** The quoted, qualified table name. */
    public String table() {
        return table;
    }

    /** Creates the table when missing, then records {@code entries} as granted by {@code changeSet} to {@code grantee}. */
    public List<String> record(String changeSet, String grantee, Collection<Entry> entries) {
        String values = entries.stream()
                .map(e -> "(" + String.join(", ", Marker.literal(changeSet), Marker.literal(grantee),
                        Marker.literal(e.objectType()), Marker.literal(e.objectName()), Marker.literal(e.privilege()))
                        + ")")
                .collect(Collectors.joining(", "));
        return List.of("CREATE TABLE IF NOT EXISTS " + table + " (changeset text NOT NULL, grantee text NOT NULL,"
                        + " object_type text NOT NULL, object_name text NOT NULL, privilege text NOT NULL,"
                        + " PRIMARY KEY (changeset, grantee, object_type, object_name, privilege))",
                "COMMENT ON TABLE " + table + " IS " + Marker.literal("rls-tenancy: the privileges each"
                        + " grantTenantAccess or enableTenantSigning changeset granted, which its rollback revokes"),
                "INSERT INTO " + table + " (changeset, grantee, object_type, object_name, privilege) VALUES " + values
                        + " ON CONFLICT DO NOTHING");
    }

    /**
     * The rollback of what {@code changeSet} granted {@code role} on objects of {@code objectTypes}, as recorded:
     * the revokes, then the record's cleanup. Before the changeset has run ({@code futureRollbackSql}), the revokes
     * of what it would grant now, {@code wouldGrant}.
     */
    public static List<String> rollback(ChangeSet changeSet, Database database, String role,
            Collection<String> objectTypes, Supplier<List<Entry>> wouldGrant) {
        GrantRecord record = of(database);
        String identity = Marker.identity(changeSet);
        List<Row> rows = Catalog.of(database).grantRecord(record.table());
        List<Entry> granted = SchemaView.hasRun(changeSet, database) ? rows.stream()
                .filter(row -> row.changeSet().equals(identity) && row.grantee().equals(role)
                        && objectTypes.contains(row.entry().objectType()))
                .map(Row::entry).toList() : wouldGrant.get();
        List<String> statements = new ArrayList<>(statements("REVOKE", "FROM", role, granted));
        if (!granted.isEmpty()) {
            statements.add(record.forget(identity, role, objectTypes, rows));
        }
        return statements;
    }

    /**
     * Forgets what {@code changeSet} granted {@code grantee} on objects of {@code objectTypes}; drops the table when
     * no other row would remain.
     */
    private String forget(String changeSet, String grantee, Collection<String> objectTypes, List<Row> rows) {
        boolean othersRemain = rows.stream().anyMatch(row -> !row.changeSet().equals(changeSet)
                || !row.grantee().equals(grantee) || !objectTypes.contains(row.entry().objectType()));
        return othersRemain ? "DELETE FROM " + table + " WHERE changeset = " + Marker.literal(changeSet)
                + " AND grantee = " + Marker.literal(grantee) + " AND object_type IN ("
                + objectTypes.stream().map(Marker::literal).collect(Collectors.joining(", ")) + ")"
                : "DROP TABLE " + table;
    }

    /**
     * {@code GRANT ... TO} or {@code REVOKE ... FROM} statements for {@code entries}: one per object kind and set of
     * privileges, listing every object that has that set.
     */
    public static List<String> statements(String verb, String preposition, String role, Collection<Entry> entries) {
        Map<String, Set<String>> privilegesByObject = new LinkedHashMap<>();
        for (Entry entry : entries) {
            privilegesByObject.computeIfAbsent(entry.objectType() + " " + entry.objectName(),
                    key -> new LinkedHashSet<>()).add(entry.privilege());
        }
        Map<String, List<String>> objectsByPrivileges = new LinkedHashMap<>();
        privilegesByObject.forEach((object, privileges) -> {
            int space = object.indexOf(' ');
            objectsByPrivileges.computeIfAbsent(String.join(", ", privileges) + " ON " + object.substring(0, space),
                    key -> new ArrayList<>()).add(object.substring(space + 1));
        });
        List<String> statements = new ArrayList<>();
        objectsByPrivileges.forEach((what, objects) -> statements.add(verb + " " + what + " " + String.join(", ",
                objects) + " " + preposition + " " + TenantPolicySql.quote(role)));
        return statements;
    }
}
