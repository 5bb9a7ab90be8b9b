package org.rlstenancy.core;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.rlstenancy.core.IsolationFinding.Severity;

/**
 * Checks, through a connection as the application role, that PostgreSQL really enforces tenant isolation on the
 * given tables: the role is bound by row-level security (not a superuser, no BYPASSRLS, owns none of the tables,
 * directly or through membership), and each table has row-level security enabled and forced, a policy comparing
 * the tenant column with the tenant setting in both USING and WITH CHECK, and an index led by the tenant column.
 * Tables without the tenant column hold no tenant data and are skipped. Reads only the catalog.
 */
public final class IsolationVerifier {
    private final RlsConfig config;
    private final String tenantColumn;

    private IsolationVerifier(RlsConfig config, String tenantColumn) {
        this.config = Objects.requireNonNull(config, "config");
        this.tenantColumn = Objects.requireNonNull(tenantColumn, "tenantColumn");
    }

    /** A verifier for policies that compare {@code tenantColumn} with {@code config}'s setting. */
    public static IsolationVerifier of(RlsConfig config, String tenantColumn) {
        return new IsolationVerifier(config, tenantColumn);
    }

    /**
     * The findings for {@code tables}, each a name as PostgreSQL's {@code regclass} reads it ({@code task},
     * {@code app.task}, {@code "Task"}); empty when isolation holds.
     */
    public List<IsolationFinding> verify(Connection connection, Collection<String> tables) throws SQLException {
        List<IsolationFinding> findings = new ArrayList<>();
        String role;
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT current_user, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user");
                ResultSet rs = statement.executeQuery()) {
            rs.next();
            role = rs.getString(1);
            if (rs.getBoolean(2)) {
                findings.add(new IsolationFinding(Severity.ERROR, "role " + role, "is a superuser, which row-level"
                        + " security never binds", "Connect as a NOSUPERUSER NOBYPASSRLS role that owns no table"));
            }
            if (rs.getBoolean(3)) {
                findings.add(new IsolationFinding(Severity.ERROR, "role " + role, "has BYPASSRLS, which skips every"
                        + " policy", "Connect as a NOSUPERUSER NOBYPASSRLS role that owns no table"));
            }
        }
        for (String table : tables) {
            verifyTable(connection, role, table, findings);
        }
        return findings;
    }

    /**
     * The tables of {@code schema} (null: every schema on the search path) that have the tenant column, as
     * {@code regclass} text, in name order; partitions are left out (they are checked with their parent).
     */
    public List<String> discover(Connection connection, String schema) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
                  AND (n.nspname = ? OR (?::text IS NULL AND n.nspname = ANY (current_schemas(false))))
                  AND EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = ?
                              AND a.attnum > 0 AND NOT a.attisdropped)
                ORDER BY n.nspname, c.relname""")) {
            statement.setString(1, schema);
            statement.setString(2, schema);
            statement.setString(3, tenantColumn);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
        }
        return tables;
    }

    /** {@code findings} as lines for a log or an exception message. */
    public static String report(List<IsolationFinding> findings) {
        return findings.stream().map(finding -> "  - " + finding).collect(Collectors.joining("\n"));
    }

    private void verifyTable(Connection connection, String role, String table, List<IsolationFinding> findings)
            throws SQLException {
        String setting = "current_setting('" + config.settingName() + "'";
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT c.oid::regclass::text, c.relrowsecurity, c.relforcerowsecurity, pg_get_userbyid(c.relowner),
                       pg_has_role(current_user, c.relowner, 'MEMBER'),
                       EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = ?
                               AND a.attnum > 0 AND NOT a.attisdropped),
                       EXISTS (SELECT FROM pg_policy p WHERE p.polrelid = c.oid AND p.polpermissive
                               AND p.polcmd = '*'
                               AND position(quote_ident(?) IN pg_get_expr(p.polqual, p.polrelid)) > 0
                               AND position(? IN pg_get_expr(p.polqual, p.polrelid)) > 0
                               AND position(quote_ident(?) IN COALESCE(pg_get_expr(p.polwithcheck, p.polrelid),
                                                                       pg_get_expr(p.polqual, p.polrelid))) > 0
                               AND position(? IN COALESCE(pg_get_expr(p.polwithcheck, p.polrelid),
                                                          pg_get_expr(p.polqual, p.polrelid))) > 0),
                       EXISTS (SELECT FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid
                                                      AND a.attnum = i.indkey[0]
                               WHERE i.indrelid = c.oid AND a.attname = ? AND i.indpred IS NULL)
                FROM pg_class c WHERE c.oid = to_regclass(?)""")) {
            statement.setString(1, tenantColumn);
            statement.setString(2, tenantColumn);
            statement.setString(3, setting);
            statement.setString(4, tenantColumn);
            statement.setString(5, setting);
            statement.setString(6, tenantColumn);
            statement.setString(7, table);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    findings.add(new IsolationFinding(Severity.ERROR, "table " + table, "does not exist or is not"
                            + " visible to role " + role, "Create it, or check the schema and the search path"));
                    return;
                }
                String name = "table " + rs.getString(1);
                if (!rs.getBoolean(6)) {
                    return;
                }
                String owner = rs.getString(4);
                if (rs.getBoolean(5)) {
                    findings.add(new IsolationFinding(Severity.ERROR, name, "is owned by " + owner + (owner.equals(role)
                            ? ", the application role" : ", and the application role " + role + " is a member of it")
                            + ": owners can switch row-level security off", "Let another role own the table, and"
                            + " connect as a role that owns nothing"));
                }
                if (!rs.getBoolean(2)) {
                    findings.add(new IsolationFinding(Severity.ERROR, name, "does not have row-level security"
                            + " enabled: every tenant sees every row", "ALTER TABLE ... ENABLE ROW LEVEL SECURITY"));
                }
                if (!rs.getBoolean(3)) {
                    findings.add(new IsolationFinding(Severity.ERROR, name, "does not force row-level security: its"
                            + " owner, and views it owns, see every tenant", "ALTER TABLE ... FORCE ROW LEVEL SECURITY"));
                }
                if (!rs.getBoolean(7)) {
                    findings.add(new IsolationFinding(Severity.ERROR, name, "has no policy comparing " + tenantColumn
                            + " with " + config.settingName() + " in USING and WITH CHECK", "Create the tenant policy"
                            + " (Liquibase: enableTenantIsolation)"));
                }
                if (!rs.getBoolean(8)) {
                    findings.add(new IsolationFinding(Severity.WARNING, name, "has no index led by " + tenantColumn
                            + ": every query reads all tenants' rows", "CREATE INDEX ... (" + tenantColumn + ", ...)"));
                }
            }
        }
    }
}
