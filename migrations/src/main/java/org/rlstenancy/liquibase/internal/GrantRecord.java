package org.rlstenancy.liquibase.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
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
     * the revokes of those {@code revocable} keeps, then the record's cleanup. Before the changeset has run
     * ({@code futureRollbackSql}), the revokes of what it would grant now, {@code wouldGrant}.
     */
    public static List<String> rollback(ChangeSet changeSet, Database database, String role,
            Collection<String> objectTypes, Supplier<List<Entry>> wouldGrant, UnaryOperator<List<Entry>> revocable) {
        GrantRecord record = of(database);
        if (!SchemaView.hasRun(changeSet, database)) {
            List<Entry> granted = wouldGrant.get();
            List<String> statements = new ArrayList<>(statements("REVOKE", "FROM", role, granted));
            if (!granted.isEmpty()) {
                statements.add(record.forget(Set.of(Marker.identity(changeSet)), role, objectTypes));
            }
            return statements;
        }
        List<Row> own = Catalog.of(database).grantRecord(record.table()).stream()
                .filter(row -> row.grantee().equals(role) && objectTypes.contains(row.entry().objectType())
                        && Marker.isIdentityOf(row.changeSet(), changeSet))
                .toList();
        if (own.isEmpty()) {
            return List.of();
        }
        Set<String> recordedAs = new LinkedHashSet<>(own.stream().map(Row::changeSet).toList());
        List<String> statements = new ArrayList<>(statements("REVOKE", "FROM", role,
                revocable.apply(own.stream().map(Row::entry).toList())));
        statements.add(record.forget(recordedAs, role, objectTypes));
        return statements;
    }

    /**
     * Forgets what was recorded under any of {@code changeSets} (spellings of one changeset's identity) for
     * {@code grantee} on objects of {@code objectTypes}, and drops the table when that leaves it empty. One statement
     * that decides as it runs, not as it is generated: a rollback script that {@code rollbackSql} or
     * {@code futureRollbackSql} prints for several changesets forgets each in turn and drops the table once, after
     * the last row.
     */
    private String forget(Set<String> changeSets, String grantee, Collection<String> objectTypes) {
        String body = " BEGIN IF to_regclass(" + Marker.literal(table) + ") IS NOT NULL THEN DELETE FROM " + table
                + " WHERE changeset IN (" + changeSets.stream().map(Marker::literal).collect(Collectors.joining(", "))
                + ") AND grantee = " + Marker.literal(grantee) + " AND object_type IN ("
                + objectTypes.stream().map(Marker::literal).collect(Collectors.joining(", "))
                + "); IF NOT EXISTS (SELECT FROM " + table + ") THEN DROP TABLE " + table + "; END IF; END IF; END ";
        String quote = "$rls_tenancy$";
        for (int i = 1; body.contains(quote); i++) {
            quote = "$rls_tenancy" + i + "$";
        }
        return "DO " + quote + body + quote;
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
