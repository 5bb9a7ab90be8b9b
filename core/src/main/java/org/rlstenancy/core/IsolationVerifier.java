package org.rlstenancy.core;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.rlstenancy.core.IsolationFinding.Severity;
import org.rlstenancy.core.internal.PolicyExpressions;

/**
 * Checks, through a connection as the application role, that PostgreSQL really enforces tenant isolation on the
 * given tables, and reports every way it does not:
 * <ul>
 *   <li>the role is a superuser, has BYPASSRLS, or owns a tenant table, directly or through membership;</li>
 *   <li>the role is a member, directly or through other roles, of a role with SUPERUSER or BYPASSRLS: these
 *   attributes are never inherited, but SET ROLE reaches them, whatever INHERIT the grants have;</li>
 *   <li>before PostgreSQL 16, the role has CREATEROLE, with which it can grant itself such a role;</li>
 *   <li>a default of the tenant setting that its sessions start with (ALTER ROLE or ALTER DATABASE ... SET, the
 *   server configuration, the connection's options): a connection that sets no tenant sees that tenant's rows;</li>
 *   <li>a tenant table without ENABLE or FORCE, without a policy comparing the tenant column with the setting in
 *   USING and WITH CHECK, with another permissive policy that widens access, or with a policy calling a volatile
 *   function, or a non-LEAKPROOF one per row;</li>
 *   <li>the tenant column leading no index;</li>
 *   <li>a view over a tenant table that runs with the rights of a role that bypasses its policies, a materialized
 *   view over one, or a SECURITY DEFINER function that reads one and runs as such a role;</li>
 *   <li>TRUNCATE, TRIGGER or REFERENCES granted to the role on a tenant table;</li>
 *   <li>a unique key that leaves out the tenant column (other tenants' values show through its violations), or a
 *   foreign key to another tenant table that does (a row can point at another tenant's row);</li>
 *   <li>a foreign key into a tenant table without the tenant column next to one with it, or from a table without the
 *   tenant column that the role can write: its violations tell which ids exist in other tenants;</li>
 *   <li>a partition or child table without its own protection;</li>
 *   <li>a server older than the minor releases that fixed the known row-level security vulnerabilities;</li>
 *   <li>the citus extension in a mode other than {@link TenantMode#CITUS}: {@code set_config} is not forwarded to the
 *   workers, whose shards then show no rows; and in the citus mode, a tenant table left local on the coordinator,
 *   distributed by another column, not colocated with the other tenant tables, or with a shard on a worker that
 *   lacks ENABLE, FORCE or the table's policies.</li>
 * </ul>
 * Tables without the tenant column hold no tenant data and are skipped. It only reads the catalog, and the setting's
 * default in a transaction or savepoint that it rolls back.
 */
public final class IsolationVerifier {
    /**
     * The oldest safe minor release of each major: CVE-2023-2455 (fixed in 14.8, 15.3), CVE-2023-39418 (15.4),
     * CVE-2024-10976 (14.14, 15.9, 16.5, 17.1) and CVE-2025-8713 (14.19, 15.14, 16.10, 17.6).
     */
    private static final int[][] SAFE_RELEASES = {{14, 19}, {15, 14}, {16, 10}, {17, 6}};
    private static final String CVES = "CVE-2023-2455, CVE-2023-39418, CVE-2024-10976 and CVE-2025-8713";
    private static final int SHOWN_VALUE_LENGTH = 40;

    private final RlsConfig config;
    private final String tenantColumn;

    private IsolationVerifier(RlsConfig config, String tenantColumn) {
        this.config = Objects.requireNonNull(config, "config");
        this.tenantColumn = Objects.requireNonNull(tenantColumn, "tenantColumn");
    }

    /**
     * A verifier for policies that compare {@code tenantColumn} with {@code config}'s setting.
     *
     * @param config the setting, tenant id type and mode the application uses
     * @param tenantColumn the column that holds the tenant id in every tenant table, such as {@code tenant_id}
     * @return the verifier; it holds no connection
     */
    public static IsolationVerifier of(RlsConfig config, String tenantColumn) {
        return new IsolationVerifier(config, tenantColumn);
    }

    /**
     * The findings for {@code tables}, each a name as PostgreSQL's {@code regclass} reads it ({@code task},
     * {@code app.task}, {@code "Task"}); empty when isolation holds.
     *
     * @param connection a connection as the application role, with no tenant bound
     * @param tables the tables to check; those without the tenant column are skipped
     * @return the findings, errors and warnings, in the order they were found
     * @throws SQLException if a catalog query fails
     */
    public List<IsolationFinding> verify(Connection connection, Collection<String> tables) throws SQLException {
        Run run = new Run(connection);
        run.server();
        run.role();
        run.settingDefaults();
        if (config.mode() == TenantMode.SIGNED) {
            run.signing();
        }
        for (String table : tables) {
            run.table(table, null);
        }
        run.colocation();
        return run.findings;
    }

    /**
     * The tables of {@code schema} (null: every schema on the search path) that have the tenant column, as
     * {@code regclass} text, in name order; partitions are left out (they are checked with their parent).
     *
     * @param connection a connection that can read the catalog
     * @param schema the schema to look in, or null for every schema on the search path
     * @return the tables, ready for {@link #verify(Connection, Collection)}
     * @throws SQLException if the catalog query fails
     */
    public List<String> discover(Connection connection, String schema) throws SQLException {
        return new Run(connection).strings("""
                SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
                  AND (n.nspname = ? OR (?::text IS NULL AND n.nspname = ANY (current_schemas(false))))
                  AND EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = ?
                              AND a.attnum > 0 AND NOT a.attisdropped)
                ORDER BY n.nspname, c.relname""", schema, schema, tenantColumn);
    }

    /**
     * Whether {@code table} ({@code regclass} text) exists and has the tenant column.
     *
     * @param connection a connection that can read the catalog
     * @param table the table's name, such as {@code task} or {@code app.task}
     * @return true if the table exists and has the tenant column
     * @throws SQLException if the catalog query fails
     */
    public boolean hasTenantColumn(Connection connection, String table) throws SQLException {
        return !new Run(connection).strings("""
                SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(?) AND attname = ?
                  AND attnum > 0 AND NOT attisdropped""", table, tenantColumn).isEmpty();
    }

    /**
     * {@code findings} as lines for a log or an exception message.
     *
     * @param findings what {@link #verify(Connection, Collection)} returned
     * @return one line per finding, each starting with {@code "  - "}, joined by newlines; empty for no finding
     */
    public static String report(List<IsolationFinding> findings) {
        return findings.stream().map(finding -> "  - " + finding).collect(Collectors.joining("\n"));
    }

    /** The finding for a server of {@code server_version_num} {@code version}, if it lacks a known fix. */
    static Optional<IsolationFinding> serverFinding(int version, String shown) {
        int major = version / 10000;
        int minor = version % 10000;
        if (major < 14) {
            return Optional.of(new IsolationFinding(Severity.ERROR, "server", "runs PostgreSQL " + shown + ", which"
                    + " this library does not support and which lacks fixes for " + CVES,
                    "Upgrade to PostgreSQL 14 or newer"));
        }
        for (int[] safe : SAFE_RELEASES) {
            if (safe[0] == major && minor < safe[1]) {
                return Optional.of(new IsolationFinding(Severity.ERROR, "server", "runs PostgreSQL " + shown
                        + ", older than " + major + "." + safe[1] + ", the release that fixed the last of the"
                        + " row-level security vulnerabilities " + CVES, "Upgrade to " + major + "." + safe[1]
                        + " or a newer minor release"));
            }
        }
        return Optional.empty();
    }

    /** Handles one row of a catalog query. */
    private interface Row {
        void accept(ResultSet rs) throws SQLException;
    }

    /** One verification: its connection, the role, and the findings so far. */
    private final class Run {
        private final Connection connection;
        private final List<IsolationFinding> findings = new ArrayList<>();
        private final Set<String> checked = new HashSet<>();
        /** In the citus mode, the distributed tenant tables by colocation group. */
        private final Map<String, List<String>> colocations = new LinkedHashMap<>();
        private String role;
        private boolean citus;

        Run(Connection connection) {
            this.connection = connection;
        }

        void error(String object, String problem, String fix) {
            findings.add(new IsolationFinding(Severity.ERROR, object, problem, fix));
        }

        void warning(String object, String problem, String fix) {
            findings.add(new IsolationFinding(Severity.WARNING, object, problem, fix));
        }

        void server() throws SQLException {
            serverFinding(Integer.parseInt(strings("SHOW server_version_num").get(0)),
                    strings("SHOW server_version").get(0)).ifPresent(findings::add);
            citus = !strings("SELECT 1 FROM pg_extension WHERE extname = 'citus'").isEmpty();
            if (citus && config.mode() != TenantMode.CITUS) {
                error("database", "has the citus extension, but the tenant is applied in the "
                        + config.mode().name().toLowerCase(Locale.ROOT) + " mode, with set_config, which Citus does"
                        + " not forward to the workers: every query on a distributed table would find 0 rows there,"
                        + " and every write would be refused", "Set rls.tenancy.mode=citus (RlsConfig.withMode("
                        + "TenantMode.CITUS)), which applies the tenant with SET LOCAL that Citus forwards");
            }
        }

        /** In the citus mode: how the tenant table {@code name} is placed on the cluster. */
        private void placement(String object, String name, long oid) throws SQLException {
            List<String> partition = strings("""
                    SELECT partmethod::text || ' ' || coalesce(column_to_column_name(logicalrelid, partkey), '') || ' '
                           || colocationid
                    FROM pg_dist_partition WHERE logicalrelid = ?::oid""", Long.toString(oid));
            String distribute = "SELECT create_distributed_table('" + name + "', '" + tenantColumn
                    + "', colocate_with => '<another tenant table>') (Liquibase: distributeByTenant)";
            if (partition.isEmpty()) {
                error(object, "is local on the Citus coordinator: its rows are on no worker and every tenant's"
                        + " queries on it load the coordinator", distribute);
                return;
            }
            String[] parts = partition.get(0).split(" ", -1);
            if (!"h".equals(parts[0]) || !tenantColumn.equals(parts[1])) {
                error(object, "is not distributed by " + tenantColumn + ("n".equals(parts[0])
                        ? " (it is a reference or single-node table, copied or kept whole)"
                        : " but by " + parts[1]) + ": a tenant's rows are spread over shards, no query of one"
                        + " tenant goes to one shard, and its joins with other tenant tables cross nodes",
                        "SELECT undistribute_table('" + name + "'), then " + distribute);
                return;
            }
            colocations.computeIfAbsent(parts[2], id -> new ArrayList<>()).add(name);
            int policies = Integer.parseInt(strings("SELECT count(*) FROM pg_policy WHERE polrelid = ?::oid",
                    Long.toString(oid)).get(0));
            List<String> shards = strings("""
                    SELECT shardid::text FROM run_command_on_shards(?, format($$
                        SELECT c.relrowsecurity AND c.relforcerowsecurity
                               AND (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid) = %s
                        FROM pg_class c WHERE c.oid = '%%s'::regclass$$, ?::int))
                    WHERE NOT success OR result <> 't' ORDER BY shardid""", name, Integer.toString(policies));
            if (!shards.isEmpty()) {
                error(object, "has " + shards.size() + " shard(s) on the workers without ENABLE, FORCE or all "
                        + policies + " of its policies (shard " + String.join(", ", shards.subList(0,
                        Math.min(5, shards.size()))) + (shards.size() > 5 ? ", ..." : "") + "): queries on those"
                        + " shards are not bound by the tenant policy", "Create the policy on the coordinator"
                        + " with DDL propagation on (citus.enable_ddl_propagation), which creates it on every shard");
            }
        }

        /** In the citus mode: the tenant tables distributed by the tenant column must share one colocation group. */
        void colocation() {
            if (colocations.size() > 1) {
                List<String> groups = new ArrayList<>();
                colocations.forEach((id, tables) -> groups.add(String.join(", ", tables)));
                warning("tenant tables", "are in " + colocations.size() + " Citus colocation groups (" + String.join(
                        "; ", groups) + "): a tenant's rows of different tables may sit on different workers, so"
                        + " joins and foreign keys between them cross nodes or are refused",
                        "Distribute them with colocate_with => one tenant table (SELECT update_distributed_table_"
                        + "colocation('<table>', colocate_with => '<first tenant table>'))");
            }
        }

        void role() throws SQLException {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT current_user, rolsuper, rolbypassrls, rolcreaterole,"
                            + " current_setting('server_version_num')::int < 160000"
                            + " FROM pg_roles WHERE rolname = current_user");
                    ResultSet rs = statement.executeQuery()) {
                rs.next();
                role = rs.getString(1);
                String fix = "Connect as a NOSUPERUSER NOBYPASSRLS role that owns no table";
                if (rs.getBoolean(2)) {
                    error("role " + role, "is a superuser, which row-level security never binds", fix);
                }
                if (rs.getBoolean(3)) {
                    error("role " + role, "has BYPASSRLS, which skips every policy", fix);
                }
                if (!rs.getBoolean(2) && rs.getBoolean(4) && rs.getBoolean(5)) {
                    error("role " + role, "has CREATEROLE, with which PostgreSQL before 16 lets it grant itself any"
                            + " role that is not a superuser, such as one with BYPASSRLS or a table's owner, and so"
                            + " skip every policy", "ALTER ROLE " + role + " NOCREATEROLE");
                }
                if (rs.getBoolean(2)) {
                    return;
                }
            }
            bypassingMemberships();
        }

        /**
         * Every role with SUPERUSER or BYPASSRLS that the role is a member of, through any chain of grants in
         * pg_auth_members (the only memberships there are: pg_database_owner can neither be nor have an explicit
         * member). SET ROLE reaches it now if every grant of a chain has the SET option, as every grant has before
         * PostgreSQL 16. From 16 on the role can also open the way itself: with the ADMIN OPTION of a role whose
         * privileges it has (through grants with INHERIT, from itself or from a role SET ROLE reaches) it grants the
         * administered role to itself WITH SET TRUE. {@code reach} finds the roles SET ROLE reaches then
         * ({@code switches}) and those whose privileges it has. The fix revokes each grant to the role that starts a
         * chain: from 16 on a grant is revoked only by its grantor (GRANTED BY, unless the bootstrap superuser) and,
         * when it holds ADMIN OPTION, together with the grants made with it (CASCADE).
         */
        private void bypassingMemberships() throws SQLException {
            each("""
                    WITH RECURSIVE grants AS (
                        SELECT roleid, member, bool_or(admin_option) AS admin,
                               bool_or(COALESCE((to_jsonb(a) ->> 'set_option')::boolean, true)) AS settable,
                               bool_or(COALESCE((to_jsonb(a) ->> 'inherit_option')::boolean, true)) AS inherits
                        FROM pg_auth_members a GROUP BY roleid, member
                    ), chain(roleid, path, names, now) AS (
                        SELECT oid, ARRAY[oid], rolname::text, true FROM pg_roles WHERE rolname = current_user
                        UNION ALL
                        SELECT g.roleid, c.path || g.roleid, c.names || ' -> ' || pg_get_userbyid(g.roleid),
                               c.now AND g.settable
                        FROM chain c JOIN grants g ON g.member = c.roleid
                        WHERE g.roleid <> ALL (c.path)
                    ), reach(roleid, switches) AS (
                        SELECT oid, true FROM pg_roles WHERE rolname = current_user
                        UNION
                        SELECT t.roleid, t.switches
                        FROM reach r LEFT JOIN grants g ON g.member = r.roleid,
                             LATERAL (VALUES (r.roleid, false, r.switches),
                                             (g.roleid, true, r.switches AND g.settable),
                                             (g.roleid, false, NOT r.switches AND g.inherits),
                                             (g.roleid, true, NOT r.switches AND g.admin)) t(roleid, switches, follows)
                        WHERE t.follows AND t.roleid IS NOT NULL
                    )
                    SELECT r.rolname, r.rolsuper, bool_or(c.now),
                           EXISTS (SELECT FROM reach WHERE reach.roleid = r.oid AND reach.switches),
                           (array_agg(CASE WHEN cardinality(c.path) > 2 THEN c.names END
                                      ORDER BY c.now DESC, cardinality(c.path), c.names))[1],
                           (SELECT string_agg(format('REVOKE %I FROM %I', pg_get_userbyid(a.roleid), current_user)
                                   || CASE WHEN v.sixteen AND a.grantor <> 10
                                           THEN format(' GRANTED BY %I', pg_get_userbyid(a.grantor)) ELSE '' END
                                   || CASE WHEN v.sixteen AND a.admin_option THEN ' CASCADE' ELSE '' END, '; '
                                   ORDER BY pg_get_userbyid(a.roleid), a.admin_option, a.grantor = 10,
                                            pg_get_userbyid(a.grantor))
                            FROM pg_auth_members a,
                                 (SELECT current_setting('server_version_num')::int >= 160000 AS sixteen) v
                            WHERE a.member = min(c.path[1]) AND a.roleid = ANY (array_agg(c.path[2])))
                    FROM chain c JOIN pg_roles r ON r.oid = c.roleid
                    WHERE cardinality(c.path) > 1 AND (r.rolsuper OR r.rolbypassrls)
                    GROUP BY r.oid, r.rolname, r.rolsuper ORDER BY r.rolname""", rs -> {
                String target = "role " + rs.getString(1) + (rs.getBoolean(2) ? " (SUPERUSER)" : " (BYPASSRLS)");
                String through = rs.getString(5) == null ? "" : ", through " + rs.getString(5);
                String problem = rs.getBoolean(3)
                        ? "can switch to " + target + " with SET ROLE" + through + ", which skips every policy"
                        : "is a member of " + target + through + ", which skips every policy; SET FALSE on the way"
                        + " keeps SET ROLE from reaching it today, but " + (rs.getBoolean(4)
                                ? "ADMIN OPTION on the way lets it grant itself WITH SET TRUE"
                                : "one GRANT ... WITH SET TRUE lets it through");
                error("role " + role, problem, rs.getString(6));
            });
        }

        /**
         * Defaults of the setting that sessions of this login role in this database start with. PostgreSQL applies,
         * at login, the pg_db_role_setting rows of the session user (not of roles it is a member of) in this database
         * or in all, of every role in this database (ALTER DATABASE SET), and of every role in all (ALTER ROLE ALL
         * SET). The catalog is readable by every role unless revoked; either way the session default itself, which
         * also takes in the server configuration and the connection's options, is read after a RESET that is rolled
         * back (placeholder settings are not in pg_settings, so its reset_val cannot be read).
         */
        void settingDefaults() throws SQLException {
            String setting = config.settingName();
            boolean readable = "t".equals(strings(
                    "SELECT has_table_privilege('pg_catalog.pg_db_role_setting', 'SELECT')").get(0));
            Set<String> explained = new HashSet<>();
            if (readable) {
                each("""
                        SELECT s.setrole <> 0, s.setdatabase <> 0, pg_get_userbyid(s.setrole),
                               quote_ident(pg_get_userbyid(s.setrole)), current_database(),
                               quote_ident(current_database()), substr(c, strpos(c, '=') + 1),
                               split_part(c, '=', 1)
                        FROM pg_db_role_setting s, unnest(s.setconfig) c
                        WHERE s.setdatabase IN (0, (SELECT oid FROM pg_database WHERE datname = current_database()))
                          AND s.setrole IN (0, (SELECT oid FROM pg_roles WHERE rolname = session_user))
                          AND lower(split_part(c, '=', 1)) = ? AND c NOT LIKE '%='
                        ORDER BY s.setrole = 0, s.setdatabase = 0""", rs -> {
                    boolean forRole = rs.getBoolean(1);
                    boolean inDatabase = rs.getBoolean(2);
                    String value = rs.getString(7);
                    explained.add(value);
                    String object = !forRole ? (inDatabase ? "database " + rs.getString(5) : "every role")
                            : "role " + rs.getString(3) + (inDatabase ? " in database " + rs.getString(5) : "");
                    String target = !forRole ? (inDatabase ? "ALTER DATABASE " + rs.getString(6) : "ALTER ROLE ALL")
                            : "ALTER ROLE " + rs.getString(4) + (inDatabase ? " IN DATABASE " + rs.getString(6) : "");
                    String name = rs.getString(8);
                    error(object, defaultProblem(value, ""), target + " RESET "
                            + (name.equals(setting) ? name : "\"" + name.replace("\"", "\"\"") + "\""));
                }, setting);
            }
            String value = sessionDefault();
            if (value != null && !value.isEmpty() && !explained.contains(value)) {
                error("server", defaultProblem(value, ", set by " + (readable ? ""
                        : "ALTER ROLE or ALTER DATABASE ... SET, ") + "postgresql.conf, ALTER SYSTEM, the server's"
                        + " command line or the connection's options"), (readable ? ""
                        : "ALTER ROLE or ALTER DATABASE ... RESET " + setting + "; ") + "ALTER SYSTEM RESET " + setting
                        + " and SELECT pg_reload_conf(), or take it out of postgresql.conf, the command line or the"
                        + " connection's options");
            }
        }

        private String defaultProblem(String value, String source) {
            String shown = value.length() <= SHOWN_VALUE_LENGTH ? value
                    : value.substring(0, SHOWN_VALUE_LENGTH) + "...";
            return "has a default for " + config.settingName() + " ('" + shown + "')" + source + ": sessions that"
                    + " set no tenant see that tenant's rows";
        }

        /** The setting as a session that set nothing has it: after a RESET in a transaction or savepoint undone. */
        private String sessionDefault() throws SQLException {
            boolean autoCommit = connection.getAutoCommit();
            Savepoint savepoint = null;
            if (autoCommit) {
                connection.setAutoCommit(false);
            } else {
                savepoint = connection.setSavepoint();
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("RESET " + Arrays.stream(config.settingName().split("\\."))
                        .map(TenantPolicySql::quote).collect(Collectors.joining(".")));
                return strings("SELECT current_setting(?, true)", config.settingName()).get(0);
            } finally {
                if (autoCommit) {
                    connection.rollback();
                    connection.setAutoCommit(true);
                } else {
                    connection.rollback(savepoint);
                    connection.releaseSavepoint(savepoint);
                }
            }
        }

        void table(String table, String parent) throws SQLException {
            try (PreparedStatement statement = connection.prepareStatement("""
                    SELECT c.oid, c.oid::regclass::text, c.relrowsecurity, c.relforcerowsecurity,
                           pg_get_userbyid(c.relowner), pg_has_role(current_user, c.relowner, 'MEMBER'),
                           EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = ?
                                   AND a.attnum > 0 AND NOT a.attisdropped)
                    FROM pg_class c WHERE c.oid = to_regclass(?) AND c.relkind IN ('r', 'p')""")) {
                statement.setString(1, tenantColumn);
                statement.setString(2, table);
                try (ResultSet rs = statement.executeQuery()) {
                    if (!rs.next()) {
                        error("table " + table, "does not exist, is not a table, or is not visible to role " + role,
                                "Create it, or check the schema and the search path");
                        return;
                    }
                    long oid = rs.getLong(1);
                    String name = rs.getString(2);
                    if (!rs.getBoolean(7) || !checked.add(name)) {
                        return;
                    }
                    String object = parent == null ? "table " + name : "partition " + name + " of " + parent;
                    String owner = rs.getString(5);
                    boolean force = rs.getBoolean(4);
                    protection(object, oid, rs.getBoolean(3), force, owner, rs.getBoolean(6));
                    policies(object, oid);
                    index(object, oid);
                    grants(object, oid);
                    keys(object, oid);
                    existenceOracles(object, oid);
                    viewsAndFunctions(object, oid, owner, force);
                    if (citus && parent == null && config.mode() == TenantMode.CITUS) {
                        placement(object, name, oid);
                    }
                    for (String child : strings("SELECT inhrelid::regclass::text FROM pg_inherits"
                            + " WHERE inhparent = ?::oid ORDER BY 1", Long.toString(oid))) {
                        table(child, name);
                    }
                }
            }
        }

        private void protection(String object, long oid, boolean enabled, boolean force, String owner,
                boolean memberOfOwner) {
            if (memberOfOwner) {
                error(object, "is owned by " + owner + (owner.equals(role) ? ", the application role"
                        : ", and the application role " + role + " is a member of it")
                        + ": owners can switch row-level security off", "Let another role own the table, and connect"
                        + " as a role that owns nothing");
            }
            if (!enabled) {
                error(object, "does not have row-level security enabled: every tenant sees every row",
                        "ALTER TABLE ... ENABLE ROW LEVEL SECURITY");
            }
            if (!force) {
                error(object, "does not force row-level security: its owner, and views it owns, see every tenant",
                        "ALTER TABLE ... FORCE ROW LEVEL SECURITY");
            }
        }

        /**
         * The signed mode's schema: installed, its two functions callable by the role, its key tables not readable.
         */
        void signing() throws SQLException {
            String schema = TenantSigningSql.SCHEMA;
            String fix = "Install the signed mode as the owner (Liquibase: enableTenantSigning; or"
                    + " TenantSigningSql.installStatements() and grantStatements(role))";
            if (strings("SELECT 1 FROM pg_namespace WHERE nspname = ?", schema).isEmpty()) {
                error("schema " + schema, "does not exist, so no tenant can be bound in the signed mode", fix);
                return;
            }
            for (String function : List.of(schema + ".bind(text)", schema + ".tenant(text)")) {
                if (!"t".equals(strings("SELECT CASE WHEN to_regprocedure(?) IS NULL THEN false"
                        + " ELSE has_function_privilege(?, 'EXECUTE') AND has_schema_privilege(?, 'USAGE') END",
                        function, function, schema).get(0))) {
                    error("function " + function, "is missing or the role cannot call it: no tenant can be bound",
                            fix);
                }
            }
            for (String table : List.of(schema + ".signing_key", schema + ".server_key")) {
                if ("t".equals(strings("SELECT CASE WHEN to_regclass(?) IS NULL THEN false"
                        + " ELSE has_table_privilege(?, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE') END",
                        table, table).get(0))) {
                    error("table " + table, "can be read or changed by the role, who can then sign any tenant",
                            "REVOKE ALL ON " + table + " FROM " + role + " (and from PUBLIC)");
                }
            }
        }

        private void policies(String object, long oid) throws SQLException {
            String setting = config.mode() == TenantMode.SIGNED
                    ? TenantSigningSql.SCHEMA + ".tenant('" + config.settingName() + "'"
                    : "current_setting('" + config.settingName() + "'";
            Set<Character> bound = new HashSet<>();
            each("""
                    SELECT polname, polpermissive, polcmd,
                           polroles && ARRAY[0::oid] OR EXISTS (SELECT FROM unnest(polroles) r
                                                                WHERE pg_has_role(current_user, r, 'MEMBER')),
                           pg_get_expr(polqual, polrelid), pg_get_expr(polwithcheck, polrelid)
                    FROM pg_policy WHERE polrelid = ?::oid ORDER BY polname""", rs -> {
                String policy = rs.getString(1);
                char command = rs.getString(3).charAt(0);
                String using = rs.getString(5);
                String check = rs.getString(6);
                functionCalls(object, policy, using, check);
                if (!rs.getBoolean(2) || !rs.getBoolean(4)) {
                    return;
                }
                boolean usingBound = command == 'a' || compares(using, setting);
                boolean checkBound = command == 'r' || command == 'd'
                        || compares(check != null ? check : using, setting);
                if (usingBound && checkBound) {
                    bound.add(command);
                } else {
                    error(object, "has permissive policy " + policy + " (" + commandName(command) + ") that"
                            + " does not compare " + tenantColumn + " with " + compared()
                            + (usingBound ? " in WITH CHECK" : " in USING") + ": permissive policies add up,"
                            + " so it widens what every tenant can " + (usingBound ? "write" : "see"),
                            "Drop it, make it RESTRICTIVE, or compare the tenant column in it");
                }
            }, Long.toString(oid));
            if (!bound.contains('*') && !bound.containsAll(List.of('r', 'a', 'w', 'd'))) {
                error(object, "has no policy comparing " + tenantColumn + " with " + compared()
                        + " in USING and WITH CHECK", "Create the tenant policy (Liquibase: enableTenantIsolation"
                        + (config.mode() == TenantMode.SIGNED ? " with mode: signed" : "") + ")");
            }
        }

        /** What the tenant column must be compared with: the setting, or in the signed mode the verified tenant. */
        private String compared() {
            return config.mode() == TenantMode.SIGNED ? TenantSigningSql.currentTenantExpression(config.settingName(),
                    "...") + " (the signed mode; a policy reading the setting itself trusts what any SQL sets)"
                    : config.settingName();
        }

        private boolean compares(String expression, String setting) {
            return expression != null && PolicyExpressions.mentionsColumn(expression, tenantColumn)
                    && expression.contains(setting);
        }

        private String commandName(char command) {
            return switch (command) {
                case 'r' -> "FOR SELECT";
                case 'a' -> "FOR INSERT";
                case 'w' -> "FOR UPDATE";
                case 'd' -> "FOR DELETE";
                default -> "FOR ALL";
            };
        }

        private void functionCalls(String object, String policy, String... expressions) throws SQLException {
            Set<String> perRow = new HashSet<>();
            Set<String> all = new HashSet<>();
            for (String expression : expressions) {
                if (expression != null) {
                    perRow.addAll(PolicyExpressions.callsOutsideSubSelects(expression));
                    all.addAll(PolicyExpressions.calls(expression));
                }
            }
            if (all.isEmpty()) {
                return;
            }
            try (PreparedStatement statement = connection.prepareStatement("""
                    SELECT proname, bool_or(provolatile = 'v'), bool_and(proleakproof)
                    FROM pg_proc WHERE proname = ANY (?) GROUP BY proname ORDER BY proname""")) {
                statement.setArray(1, connection.createArrayOf("text", all.toArray()));
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        String function = rs.getString(1);
                        if (rs.getBoolean(2)) {
                            error(object, "has policy " + policy + " calling " + function + "(), which is VOLATILE:"
                                    + " it may give each row another answer", "Compare with a STABLE expression of"
                                    + " the setting only");
                        } else if (!rs.getBoolean(3) && perRow.contains(function)
                                && config.mode() != TenantMode.CITUS) {
                            warning(object, "has policy " + policy + " calling " + function + "() for every row;"
                                    + " it is not LEAKPROOF, so it also keeps the tenant index from being used",
                                    "Wrap it in a sub-select, (SELECT " + function + "(...)), so it runs once per"
                                    + " query");
                        }
                    }
                }
            }
        }

        private void index(String object, long oid) throws SQLException {
            if (strings("""
                    SELECT 1 FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
                    WHERE i.indrelid = ?::oid AND a.attname = ? AND i.indpred IS NULL""",
                    Long.toString(oid), tenantColumn).isEmpty()) {
                warning(object, "has no index led by " + tenantColumn + ": every query reads all tenants' rows",
                        "CREATE INDEX ... (" + tenantColumn + ", ...)");
            }
        }

        private void grants(String object, long oid) throws SQLException {
            for (String privilege : strings("""
                    SELECT p FROM unnest(ARRAY['TRUNCATE', 'TRIGGER', 'REFERENCES']) p
                    WHERE has_table_privilege(current_user, ?::oid, p)""", Long.toString(oid))) {
                String problem = switch (privilege) {
                    case "TRUNCATE" -> "TRUNCATE, which row-level security does not govern: it empties every"
                            + " tenant's rows";
                    case "TRIGGER" -> "TRIGGER: a trigger of its own would see every tenant's writes";
                    default -> "REFERENCES: foreign keys of its own would reveal which values other tenants have";
                };
                findings.add(new IsolationFinding("REFERENCES".equals(privilege) ? Severity.WARNING : Severity.ERROR,
                        object, "grants role " + role + " " + problem, "REVOKE " + privilege + " ON ... FROM " + role));
            }
        }

        private void keys(String object, long oid) throws SQLException {
            for (String index : strings("""
                    SELECT i.indexrelid::regclass::text FROM pg_index i
                    WHERE i.indrelid = ?::oid AND i.indisunique AND i.indpred IS NULL
                      AND NOT EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = i.indrelid
                                      AND a.attnum = ANY (i.indkey) AND a.attname = ?)
                      AND EXISTS (SELECT FROM pg_attribute a LEFT JOIN pg_attrdef d
                                         ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                                  WHERE a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
                                    AND a.attidentity = '' AND a.attgenerated = ''
                                    AND COALESCE(pg_get_expr(d.adbin, d.adrelid), '') NOT LIKE 'nextval(%')
                    ORDER BY 1""", Long.toString(oid), tenantColumn)) {
                warning(object, "has unique index " + index + " without " + tenantColumn + ": a write that"
                        + " collides with another tenant's value fails, which tells that the value exists",
                        "Put " + tenantColumn + " into the key");
            }
            each("""
                    SELECT f.conname, f.confrelid::regclass::text
                    FROM pg_constraint f
                    WHERE f.conrelid = ?::oid AND f.contype = 'f'
                      AND EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = f.confrelid AND a.attname = ?
                                  AND a.attnum > 0 AND NOT a.attisdropped)
                      AND NOT EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = f.conrelid
                                      AND a.attnum = ANY (f.conkey) AND a.attname = ?)
                      AND NOT EXISTS (SELECT FROM pg_constraint g JOIN pg_attribute a
                                             ON a.attrelid = g.conrelid AND a.attnum = ANY (g.conkey)
                                      WHERE g.conrelid = f.conrelid AND g.confrelid = f.confrelid
                                        AND g.contype = 'f' AND g.conkey @> f.conkey AND a.attname = ?)
                    ORDER BY 1""", rs -> {
                error(object, "has foreign key " + rs.getString(1) + " to tenant table " + rs.getString(2)
                        + " without " + tenantColumn + ": a row can point at another tenant's row",
                        "Include " + tenantColumn + " on both sides (Liquibase: tenantForeignKey)");
            }, Long.toString(oid), tenantColumn, tenantColumn, tenantColumn);
        }

        /**
         * Foreign keys into a tenant table that leave out the tenant column where {@link #keys} reports no error:
         * next to a key with the tenant column (from this table), or from a table without the tenant column that the
         * role can write. Foreign-key checks ignore row-level security, so their violations tell a tenant which ids
         * exist in other tenants.
         */
        private void existenceOracles(String object, long oid) throws SQLException {
            each("""
                    SELECT f.conname, f.confrelid::regclass::text,
                           (SELECT min(g.conname) FROM pg_constraint g JOIN pg_attribute a
                                   ON a.attrelid = g.conrelid AND a.attnum = ANY (g.conkey)
                            WHERE g.conrelid = f.conrelid AND g.confrelid = f.confrelid
                              AND g.contype = 'f' AND g.conkey @> f.conkey AND a.attname = ?)
                    FROM pg_constraint f
                    WHERE f.conrelid = ?::oid AND f.contype = 'f' AND f.conparentid = 0
                      AND EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = f.confrelid AND a.attname = ?
                                  AND a.attnum > 0 AND NOT a.attisdropped)
                      AND NOT EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = f.conrelid
                                      AND a.attnum = ANY (f.conkey) AND a.attname = ?)
                    ORDER BY 1""", rs -> {
                if (rs.getString(3) != null) {
                    warning(object, "has foreign key " + rs.getString(1) + " to tenant table " + rs.getString(2)
                            + " without " + tenantColumn + ", next to " + rs.getString(3) + " with it: its violations"
                            + " tell a tenant which ids exist in other tenants", "Drop " + rs.getString(1)
                            + " (Liquibase: tenantForeignKey replaces it)");
                }
            }, tenantColumn, Long.toString(oid), tenantColumn, tenantColumn);
            each("""
                    SELECT f.conname, f.conrelid::regclass::text
                    FROM pg_constraint f
                    WHERE f.confrelid = ?::oid AND f.contype = 'f' AND f.conparentid = 0
                      AND NOT EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = f.conrelid AND a.attname = ?
                                      AND a.attnum > 0 AND NOT a.attisdropped)
                      AND (has_table_privilege(current_user, f.conrelid, 'INSERT')
                           OR has_table_privilege(current_user, f.conrelid, 'UPDATE'))
                    ORDER BY 2, 1""", rs -> warning(object, "is referenced by foreign key " + rs.getString(1)
                    + " of table " + rs.getString(2) + ", which has no " + tenantColumn + " column: writes to "
                    + rs.getString(2) + " tell a tenant which ids exist in other tenants", "Give " + rs.getString(2)
                    + " " + tenantColumn + " and a foreign key with it on both sides, or drop " + rs.getString(1)),
                    Long.toString(oid), tenantColumn);
        }

        private void viewsAndFunctions(String object, long oid, String owner, boolean force) throws SQLException {
            each("""
                    SELECT DISTINCT v.oid::regclass::text, v.relkind,
                           COALESCE(v.reloptions::text[] && ARRAY['security_invoker=true', 'security_invoker=on'],
                                    false),
                           pg_get_userbyid(v.relowner), r.rolsuper OR r.rolbypassrls,
                           has_table_privilege(current_user, v.oid, 'SELECT')
                    FROM pg_depend d JOIN pg_rewrite w ON w.oid = d.objid
                    JOIN pg_class v ON v.oid = w.ev_class JOIN pg_roles r ON r.oid = v.relowner
                    WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass
                      AND d.refobjid = ?::oid AND v.oid <> ?::oid
                    ORDER BY 1""", rs -> {
                String view = rs.getString(1);
                String viewOwner = rs.getString(4);
                boolean bypasses = rs.getBoolean(5) || viewOwner.equals(owner) && !force;
                if ("m".equals(rs.getString(2))) {
                    if (rs.getBoolean(6)) {
                        error(object, "is read by materialized view " + view + ", which holds every tenant's"
                                + " rows and has no policies", "Revoke SELECT on it from " + role
                                + ", or drop it");
                    }
                } else if (!rs.getBoolean(3) && bypasses) {
                    error(object, "is read by view " + view + ", which runs with the rights of " + viewOwner
                            + ", a role the policies do not bind", "ALTER VIEW " + view
                            + " SET (security_invoker = true)");
                }
            }, Long.toString(oid), Long.toString(oid));
            each("""
                    SELECT p.oid::regprocedure::text, pg_get_userbyid(p.proowner), r.rolsuper OR r.rolbypassrls
                    FROM pg_proc p JOIN pg_roles r ON r.oid = p.proowner
                    WHERE p.prosecdef AND has_function_privilege(current_user, p.oid, 'EXECUTE')
                      AND (EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                                   AND d.refclassid = 'pg_class'::regclass AND d.refobjid = ?::oid)
                           OR p.prosrc ~* ('\\m' || (SELECT relname FROM pg_class WHERE oid = ?::oid) || '\\M'))
                    ORDER BY 1""", rs -> {
                String functionOwner = rs.getString(2);
                if (rs.getBoolean(3) || functionOwner.equals(owner) && !force) {
                    error(object, "is read by SECURITY DEFINER function " + rs.getString(1) + ", which runs"
                            + " as " + functionOwner + ", a role the policies do not bind", "Make it SECURITY"
                            + " INVOKER, or let a role bound by the policies own it");
                }
            }, Long.toString(oid), Long.toString(oid));
        }

        List<String> strings(String sql, String... parameters) throws SQLException {
            List<String> values = new ArrayList<>();
            each(sql, rs -> values.add(rs.getString(1)), parameters);
            return values;
        }

        /** Runs {@code sql} with text {@code parameters}, handing each row to {@code row}. */
        void each(String sql, Row row, String... parameters) throws SQLException {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    statement.setString(i + 1, parameters[i]);
                }
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        row.accept(rs);
                    }
                }
            }
        }
    }
}
