package org.rlstenancy.liquibase;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.rlstenancy.core.testsupport.TestDatabase;

/**
 * What the change types touch on some tables, as text to compare before and after a rollback: row-level security
 * flags, policies with their comments, indexes, constraints with their comments, column defaults, the application
 * role's table privileges, and its USAGE on the sequences the tables own.
 */
final class RollbackSnapshot {
    private static final String TABLE_PRIVILEGES = "(VALUES ('SELECT'), ('INSERT'), ('UPDATE'), ('DELETE'),"
            + " ('TRUNCATE'), ('REFERENCES'), ('TRIGGER')) p(privilege)";

    private RollbackSnapshot() {
    }

    /** The snapshot of {@code tables}, each a name as {@code regclass} reads it ({@code t} or {@code s.t}). */
    static String of(TestDatabase db, String... tables) throws SQLException {
        List<String> lines = new ArrayList<>();
        for (String table : tables) {
            lines.addAll(Catalogs.rows(db, "SELECT 'table', relname, relrowsecurity::text, relforcerowsecurity::text FROM pg_class"
                    + " WHERE oid = ?::regclass", table));
            lines.addAll(Catalogs.rows(db, "SELECT 'policy', polname, pg_get_expr(polqual, polrelid),"
                    + " pg_get_expr(polwithcheck, polrelid), obj_description(oid, 'pg_policy') FROM pg_policy"
                    + " WHERE polrelid = ?::regclass ORDER BY polname", table));
            lines.addAll(Catalogs.rows(db, "SELECT 'index', indexdef FROM pg_indexes"
                    + " WHERE (quote_ident(schemaname) || '.' || quote_ident(tablename))::regclass = ?::regclass"
                    + " ORDER BY indexname", table));
            lines.addAll(Catalogs.rows(db, "SELECT 'constraint', conname, pg_get_constraintdef(oid),"
                    + " obj_description(oid, 'pg_constraint') FROM pg_constraint WHERE conrelid = ?::regclass"
                    + " ORDER BY conname", table));
            lines.addAll(Catalogs.rows(db, "SELECT 'default', a.attname, pg_get_expr(d.adbin, d.adrelid)"
                    + " FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                    + " WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
                    table));
            lines.addAll(Catalogs.rows(db, "SELECT 'privilege', p.privilege, has_table_privilege(?, ?::regclass,"
                    + " p.privilege)::text FROM " + TABLE_PRIVILEGES, db.appRole(), table));
            lines.addAll(Catalogs.rows(db, "SELECT DISTINCT 'sequence', s.oid::regclass,"
                    + " has_sequence_privilege(?, s.oid, 'USAGE')::text FROM pg_depend d"
                    + " JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'"
                    + " WHERE d.classid = 'pg_class'::regclass AND d.refobjid = ?::regclass AND d.deptype IN ('a', 'i')"
                    + " ORDER BY 2", db.appRole(), table));
        }
        return String.join("\n", lines);
    }
}
