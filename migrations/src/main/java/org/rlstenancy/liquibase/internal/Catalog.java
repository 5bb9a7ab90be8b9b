package org.rlstenancy.liquibase.internal;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import liquibase.database.Database;
import liquibase.database.DatabaseConnection;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.UnexpectedLiquibaseException;
import org.rlstenancy.core.TenantSigningSql;

/**
 * Reads PostgreSQL's catalog through the changelog's own connection, so that reads see what earlier changes of the
 * same transaction did. Without a JDBC connection (an offline database) it knows of no object at all.
 */
public final class Catalog {
    /** A role's attributes that matter to tenant isolation. */
    public record Role(String name, boolean superuser, boolean bypassRls) {
    }

    /**
     * The schema of the signed mode: its owner, its comment, and whether it holds the key tables and the functions
     * {@link TenantSigningSql#installStatements()} creates.
     */
    public record SigningSchema(String owner, String comment, boolean complete) {
    }

    /**
     * What in the database outside the signed mode's schema depends on an object in it, described as PostgreSQL
     * describes objects ({@code policy tenant_isolation on table doc}); one row each, in order. The parts of the
     * schema's own objects (their constraints, for one) are not outside it.
     */
    public static final String SIGNING_DEPENDENTS = """
            WITH member AS (
                SELECT d.classid, d.objid FROM pg_depend d
                WHERE d.refclassid = 'pg_namespace'::regclass
                  AND d.refobjid = (SELECT oid FROM pg_namespace WHERE nspname = '%1$s'))
            SELECT DISTINCT pg_describe_object(d.classid, d.objid, d.objsubid) AS dependent
            FROM pg_depend d JOIN member m ON d.refclassid = m.classid AND d.refobjid = m.objid
            WHERE d.deptype = 'n'
              AND NOT EXISTS (SELECT FROM member o WHERE o.classid = d.classid AND o.objid = d.objid)
              AND NOT EXISTS (SELECT FROM pg_depend p JOIN member o ON p.refclassid = o.classid
                                                           AND p.refobjid = o.objid
                              WHERE p.classid = d.classid AND p.objid = d.objid AND p.deptype IN ('a', 'i'))
            ORDER BY 1""".formatted(TenantSigningSql.SCHEMA);

    private final Connection connection;

    private Catalog(Connection connection) {
        this.connection = connection;
    }

    public static Catalog of(Database database) {
        DatabaseConnection connection = database.getConnection();
        return new Catalog(connection instanceof JdbcConnection jdbc ? jdbc.getUnderlyingConnection() : null);
    }

    /** False for an offline database: nothing can be read. */
    public boolean online() {
        return connection != null;
    }

    /**
     * The table {@code name} in {@code schema} (null: the first schema of the search path that has it). The name is
     * tried as written, then folded to lower case as PostgreSQL folds unquoted names.
     */
    public Optional<TableState> table(String schema, String name) {
        if (connection == null) {
            return Optional.empty();
        }
        Optional<TableState> exact = loadTable(schema, name);
        String folded = name.toLowerCase(Locale.ROOT);
        return exact.isPresent() || folded.equals(name) ? exact : loadTable(schema, folded);
    }

    /** Whether any relation (table, index, sequence, view) named {@code name} exists in {@code schema}. */
    public boolean relationExists(String schema, String name) {
        return connection != null && !query("SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relname = ? AND n.nspname = COALESCE(?, current_schema())", rs -> 1, name, schema).isEmpty();
    }

    public Optional<Role> role(String name) {
        if (connection == null) {
            return Optional.empty();
        }
        return query("SELECT rolname, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = ?",
                rs -> new Role(rs.getString(1), rs.getBoolean(2), rs.getBoolean(3)), name).stream().findFirst();
    }

    /** Whether {@code role} is {@code other} or a member of it, directly or through other roles. */
    public boolean isMemberOf(String role, String other) {
        return connection != null && !query("SELECT 1 FROM pg_roles r, pg_roles o WHERE r.rolname = ?"
                + " AND o.rolname = ? AND pg_has_role(r.oid, o.oid, 'MEMBER')", rs -> 1, role, other).isEmpty();
    }

    public boolean schemaExists(String schema) {
        return connection != null && !query("SELECT 1 FROM pg_namespace WHERE nspname = ?", rs -> 1, schema)
                .isEmpty();
    }

    /** The ordinary and partitioned tables of {@code schema} that are not partitions, in name order. */
    public List<String> tablesIn(String schema) {
        if (connection == null) {
            return List.of();
        }
        return query("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname",
                rs -> rs.getString(1), schema);
    }

    /**
     * The sequence {@code name} as {@code schema.name}, looked up like {@link #table}; empty when there is none.
     */
    public Optional<String> sequence(String schema, String name) {
        if (connection == null) {
            return Optional.empty();
        }
        for (String candidate : new LinkedHashSet<>(List.of(name, name.toLowerCase(Locale.ROOT)))) {
            List<String> found = query("""
                    SELECT n.nspname || '.' || c.relname
                    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE c.relkind = 'S' AND c.oid = to_regclass(CASE WHEN ?::text IS NULL THEN quote_ident(?)
                                                   ELSE quote_ident(?) || '.' || quote_ident(?) END)""",
                    rs -> rs.getString(1), schema, candidate, schema, candidate);
            if (!found.isEmpty()) {
                return Optional.of(found.get(0));
            }
        }
        return Optional.empty();
    }

    /** The sequences of {@code schema}, in name order. */
    public List<String> sequencesIn(String schema) {
        if (connection == null) {
            return List.of();
        }
        return query("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relkind = 'S' ORDER BY c.relname", rs -> rs.getString(1), schema);
    }

    /**
     * The sequences a table uses, schema-qualified as {@code schema.name}: those owned by its columns (serial,
     * identity) and those its column defaults call.
     */
    public List<String> sequencesOf(String schema, String table) {
        if (connection == null) {
            return List.of();
        }
        return query("""
                SELECT DISTINCT sn.nspname, s.relname
                FROM pg_class t JOIN pg_namespace tn ON tn.oid = t.relnamespace
                JOIN pg_depend d ON (d.refobjid = t.oid AND d.classid = 'pg_class'::regclass
                                     AND d.deptype IN ('a', 'i'))
                                 OR (d.classid = 'pg_attrdef'::regclass AND d.refclassid = 'pg_class'::regclass
                                     AND d.objid IN (SELECT oid FROM pg_attrdef WHERE adrelid = t.oid))
                JOIN pg_class s ON s.oid = CASE WHEN d.classid = 'pg_class'::regclass THEN d.objid ELSE d.refobjid END
                                AND s.relkind = 'S'
                JOIN pg_namespace sn ON sn.oid = s.relnamespace
                WHERE tn.nspname = ? AND t.relname = ?
                ORDER BY 1, 2""", rs -> rs.getString(1) + "." + rs.getString(2), schema, table);
    }

    /**
     * The privileges granted to {@code role} itself (not those it has through PUBLIC or another role) on an object
     * of {@code objectType}: {@code TABLE} or {@code SEQUENCE} (a quoted name), {@code SCHEMA} (a name) or
     * {@code FUNCTION} (a signature such as {@code rls_tenancy.bind(text)}); empty when the object does not exist
     * yet.
     */
    public Set<String> privilegesHeld(String role, String objectType, String name) {
        if (connection == null) {
            return Set.of();
        }
        String acl = switch (objectType) {
            case "TABLE", "SEQUENCE" -> "SELECT relacl FROM pg_class WHERE oid = to_regclass(?)";
            case "SCHEMA" -> "SELECT nspacl FROM pg_namespace WHERE nspname = ?";
            case "FUNCTION" -> "SELECT proacl FROM pg_proc WHERE oid = to_regprocedure(?)";
            default -> throw new IllegalArgumentException("object type " + objectType);
        };
        return new LinkedHashSet<>(query("SELECT a.privilege_type FROM (" + acl + ") o(acl) CROSS JOIN LATERAL"
                + " aclexplode(o.acl) a WHERE a.grantee = (SELECT oid FROM pg_roles WHERE rolname = ?)",
                rs -> rs.getString(1), name, role));
    }

    /** The signed mode's schema; empty when there is no schema of that name. */
    public Optional<SigningSchema> signingSchema() {
        if (connection == null) {
            return Optional.empty();
        }
        String schema = TenantSigningSql.SCHEMA;
        return query("""
                SELECT pg_get_userbyid(n.nspowner), obj_description(n.oid, 'pg_namespace'),
                       to_regclass(? || '.signing_key') IS NOT NULL AND to_regclass(? || '.server_key') IS NOT NULL
                       AND to_regprocedure(? || '.bind(text)') IS NOT NULL
                       AND to_regprocedure(? || '.tenant(text)') IS NOT NULL
                FROM pg_namespace n WHERE n.nspname = ?""",
                rs -> new SigningSchema(rs.getString(1), rs.getString(2), rs.getBoolean(3)),
                schema, schema, schema, schema, schema).stream().findFirst();
    }

    /** The ids of the stored signing keys, in order; empty when the signed mode is not installed. */
    public List<String> signingKeyIds() {
        if (!signingSchema().map(SigningSchema::complete).orElse(false)) {
            return List.of();
        }
        return query("SELECT key_id FROM " + TenantSigningSql.SCHEMA + ".signing_key ORDER BY key_id",
                rs -> rs.getString(1));
    }

    /**
     * Whether the stored key {@code keyId} gives {@code mac} as the HMAC of {@code message}; empty when no such key is
     * stored. Both are bound parameters.
     */
    public Optional<Boolean> signingKeyGives(String keyId, String message, String mac) {
        if (signingKeyIds().isEmpty()) {
            return Optional.empty();
        }
        return query("SELECT " + TenantSigningSql.SCHEMA + ".hmac(inner_pad, outer_pad, ?) = ? FROM "
                + TenantSigningSql.SCHEMA + ".signing_key WHERE key_id = ?", rs -> rs.getBoolean(1),
                message, mac, keyId).stream().findFirst();
    }

    /** The comment on the signed mode's key table, or null. */
    public String signingKeyTableComment() {
        if (!signingSchema().map(SigningSchema::complete).orElse(false)) {
            return null;
        }
        return query("SELECT obj_description(to_regclass(?), 'pg_class')", rs -> rs.getString(1),
                TenantSigningSql.SCHEMA + ".signing_key").get(0);
    }

    /** What outside the signed mode's schema depends on it ({@link #SIGNING_DEPENDENTS}). */
    public List<String> signingDependents() {
        return connection == null ? List.of() : query(SIGNING_DEPENDENTS, rs -> rs.getString(1));
    }

    /** Whether the extension {@code name} is installed in this database; false offline. */
    public boolean hasExtension(String name) {
        return connection != null && !query("SELECT 1 FROM pg_extension WHERE extname = ?", rs -> 1, name).isEmpty();
    }

    /**
     * How Citus has placed the table {@code quotedName}: {@code h} (distributed by hash), {@code n} (a reference
     * table) or another {@code pg_dist_partition.partmethod}; empty when it is a local table or Citus is absent.
     */
    public Optional<String> citusPlacement(String quotedName) {
        if (!hasExtension("citus")) {
            return Optional.empty();
        }
        return query("SELECT partmethod::text FROM pg_dist_partition WHERE logicalrelid = to_regclass(?)",
                rs -> rs.getString(1), quotedName).stream().findFirst();
    }

    /** The identity columns of the table {@code quotedName}, in column order. */
    public List<String> identityColumns(String quotedName) {
        return connection == null ? List.of() : query("SELECT attname FROM pg_attribute WHERE attrelid ="
                + " to_regclass(?) AND attidentity <> '' AND NOT attisdropped ORDER BY attnum", rs -> rs.getString(1),
                quotedName);
    }

    /** The role this connection runs as. */
    public String currentUser() {
        return connection == null ? null : query("SELECT current_user", rs -> rs.getString(1)).get(0);
    }

    /** The owner of the table or sequence {@code quotedName}; empty when there is no such relation. */
    public Optional<String> owner(String quotedName) {
        if (connection == null) {
            return Optional.empty();
        }
        return query("SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = to_regclass(?)",
                rs -> rs.getString(1), quotedName).stream().findFirst();
    }

    /** Every row of the grant record {@code quotedTable}; empty when the table does not exist. */
    public List<GrantRecord.Row> grantRecord(String quotedTable) {
        if (connection == null || query("SELECT 1 WHERE to_regclass(?) IS NOT NULL", rs -> 1, quotedTable).isEmpty()) {
            return List.of();
        }
        return query("SELECT changeset, grantee, object_type, object_name, privilege FROM " + quotedTable
                        + " ORDER BY changeset, grantee, object_type, object_name, privilege",
                rs -> new GrantRecord.Row(rs.getString(1), rs.getString(2),
                        new GrantRecord.Entry(rs.getString(3), rs.getString(4), rs.getString(5))));
    }

    private Optional<TableState> loadTable(String schema, String name) {
        List<TableState> found = query("""
                SELECT c.oid, n.nspname, c.relname, pg_get_userbyid(c.relowner), c.relrowsecurity,
                       c.relforcerowsecurity, c.relkind
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.oid = to_regclass(CASE WHEN ?::text IS NULL THEN quote_ident(?)
                                               ELSE quote_ident(?) || '.' || quote_ident(?) END)""",
                rs -> {
                    String kind = rs.getString(7);
                    if (!"r".equals(kind) && !"p".equals(kind)) {
                        throw new UnexpectedLiquibaseException(rs.getString(2) + "." + rs.getString(3)
                                + " is not a table (relkind " + kind + ")");
                    }
                    TableState table = new TableState(rs.getString(2), rs.getString(3), true);
                    table.owner = rs.getString(4);
                    table.rowSecurity = rs.getBoolean(5);
                    table.force = rs.getBoolean(6);
                    return table;
                }, schema, name, schema, name);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        TableState table = found.get(0);
        String oid = table.schema + "." + table.name;
        query("""
                SELECT a.attname, format_type(CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE a.atttypid END, NULL),
                       pg_get_expr(d.adbin, d.adrelid)
                FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
                LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                WHERE a.attrelid = (quote_ident(?) || '.' || quote_ident(?))::regclass
                  AND a.attnum > 0 AND NOT a.attisdropped
                ORDER BY a.attnum""",
                rs -> table.columns.put(rs.getString(1),
                        new TableState.Column(rs.getString(1), rs.getString(2), rs.getString(3))),
                table.schema, table.name);
        query("""
                SELECT i.indisunique AND i.indimmediate AND i.indexprs IS NULL,
                       ARRAY(SELECT a.attname FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
                             JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                             ORDER BY k.ord)
                FROM pg_index i
                WHERE i.indrelid = (quote_ident(?) || '.' || quote_ident(?))::regclass
                  AND i.indpred IS NULL AND i.indisvalid""",
                rs -> {
                    List<String> columns = strings(rs.getArray(2));
                    if (!columns.isEmpty()) {
                        table.indexLeaders.add(columns.get(0));
                    }
                    if (rs.getBoolean(1)) {
                        table.uniqueKeys.add(new LinkedHashSet<>(columns));
                    }
                    return null;
                }, table.schema, table.name);
        query("SELECT polname, obj_description(oid, 'pg_policy'), strpos(pg_get_expr(polqual, polrelid), ?) > 0"
                + " FROM pg_policy WHERE polrelid = (quote_ident(?) || '.' || quote_ident(?))::regclass",
                rs -> {
                    table.policies.put(rs.getString(1), rs.getString(2));
                    if (rs.getBoolean(3)) {
                        table.signedPolicies.add(rs.getString(1));
                    }
                    return null;
                }, TenantSigningSql.SCHEMA + ".tenant(", table.schema, table.name);
        query("""
                SELECT c.conname, c.contype,
                       ARRAY(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(attnum, ord)
                             JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
                             ORDER BY k.ord),
                       obj_description(c.oid, 'pg_constraint')
                FROM pg_constraint c
                WHERE c.conrelid = (quote_ident(?) || '.' || quote_ident(?))::regclass""",
                rs -> table.constraints.put(rs.getString(1), new TableState.Constraint(rs.getString(1),
                        rs.getString(2).charAt(0), strings(rs.getArray(3)), rs.getString(4))),
                table.schema, table.name);
        // confdelsetcols (ON DELETE SET NULL (...)) exists from PostgreSQL 15 on; read through jsonb so 14 works too.
        query("""
                SELECT c.conname,
                       ARRAY(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(attnum, ord)
                             JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.ord),
                       rn.nspname, r.relname,
                       ARRAY(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY k(attnum, ord)
                             JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.ord),
                       %s, %s,
                       ARRAY(SELECT a.attname FROM jsonb_array_elements_text(CASE
                                 WHEN jsonb_typeof(to_jsonb(c) -> 'confdelsetcols') = 'array'
                                 THEN to_jsonb(c) -> 'confdelsetcols' ELSE '[]' END) WITH ORDINALITY k(attnum, ord)
                             JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum::int2
                             ORDER BY k.ord),
                       c.condeferrable, c.condeferred, c.convalidated, pg_get_constraintdef(c.oid),
                       obj_description(c.oid, 'pg_constraint')
                FROM pg_constraint c JOIN pg_class r ON r.oid = c.confrelid
                JOIN pg_namespace rn ON rn.oid = r.relnamespace
                WHERE c.conrelid = (quote_ident(?) || '.' || quote_ident(?))::regclass AND c.contype = 'f'
                ORDER BY c.conname""".formatted(action("c.confupdtype"), action("c.confdeltype")),
                rs -> table.foreignKeys.put(rs.getString(1), new TableState.ForeignKey(rs.getString(1),
                        strings(rs.getArray(2)), rs.getString(3), rs.getString(4), strings(rs.getArray(5)),
                        rs.getString(6), rs.getString(7), strings(rs.getArray(8)), rs.getBoolean(9),
                        rs.getBoolean(10), rs.getBoolean(11), rs.getString(12), rs.getString(13))),
                table.schema, table.name);
        return Optional.of(table);
    }

    /** The SQL words of a foreign-key action letter ({@code confupdtype}, {@code confdeltype}). */
    private static String action(String column) {
        return "CASE " + column + " WHEN 'r' THEN 'RESTRICT' WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL'"
                + " WHEN 'd' THEN 'SET DEFAULT' ELSE 'NO ACTION' END";
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    private interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Row<T> row, String... parameters) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(row.map(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new UnexpectedLiquibaseException("Could not read the PostgreSQL catalog: " + e.getMessage(), e);
        }
    }
}
