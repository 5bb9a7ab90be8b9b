package org.rlstenancy.core.testsupport;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.rlstenancy.core.TenantPolicySql;
import org.rlstenancy.core.internal.IsolatedDatabaseSql;

/**
 * A fresh database for one test class, on {@link PostgresServer}, with two roles of its own:
 * <ul>
 *   <li>the owner, which owns the database and its tables and runs DDL;</li>
 *   <li>the application role, {@code LOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT}, not the owner, granted only
 *       SELECT, INSERT, UPDATE and DELETE: the role all code under test connects as;</li>
 *   <li>on demand ({@link #crossTenantRole()}), a cross-tenant role, {@code LOGIN NOSUPERUSER BYPASSRLS NOINHERIT},
 *       granted nothing on tables until a test grants it.</li>
 * </ul>
 * Register with {@code @RegisterExtension static final TestDatabase db = new TestDatabase();}. Everything is
 * dropped after the class. {@link CitusCluster#database()} makes one on a Citus cluster instead.
 */
public final class TestDatabase implements BeforeAllCallback, AfterAllCallback {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String suffix = String.format(Locale.ROOT, "%08x", RANDOM.nextInt());
    private final String name = "rls_test_" + suffix;
    private final String ownerRole = "rls_owner_" + suffix;
    private final String appRole = "rls_app_" + suffix;
    private final String ownerPassword = "owner-" + suffix;
    private final String appPassword = "app-" + suffix;
    private final String crossTenantPassword = "cross-" + suffix;
    private String crossTenantRole;
    private final List<HikariDataSource> pools = new ArrayList<>();
    private final Supplier<PostgresServer> serverSupplier;
    private final Nodes nodes;
    private PostgresServer server;

    /** A database on {@link PostgresServer#get()}. */
    public TestDatabase() {
        this(PostgresServer::get, null);
    }

    TestDatabase(Supplier<PostgresServer> serverSupplier, Nodes nodes) {
        this.serverSupplier = serverSupplier;
        this.nodes = nodes;
    }

    /** What a cluster does on its other nodes once the database and its roles exist, and before they go. */
    interface Nodes {
        void created(TestDatabase database) throws SQLException;

        void dropping(TestDatabase database) throws SQLException;

        void dropped(TestDatabase database) throws SQLException;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws SQLException {
        create();
    }

    @Override
    public void afterAll(ExtensionContext context) throws SQLException {
        drop();
    }

    public void create() throws SQLException {
        server = serverSupplier.get();
        IsolatedDatabaseSql.create(server::superuserConnection, "postgres", name, ownerRole, ownerPassword, appRole,
                appPassword);
        if (nodes != null) {
            nodes.created(this);
        }
    }

    public void drop() throws SQLException {
        pools.forEach(HikariDataSource::close);
        pools.clear();
        if (server == null) {
            return;
        }
        if (nodes != null) {
            nodes.dropping(this);
        }
        IsolatedDatabaseSql.drop(server::superuserConnection, "postgres", name, ownerRole, appRole);
        if (nodes != null) {
            nodes.dropped(this);
        }
        if (crossTenantRole != null) {
            IsolatedDatabaseSql.dropRole(server::superuserConnection, "postgres", crossTenantRole);
            crossTenantRole = null;
        }
    }

    public PostgresServer server() {
        return server;
    }

    /** The database's name, the same on every node of a cluster. */
    public String name() {
        return name;
    }

    public String jdbcUrl() {
        return server.jdbcUrl(name);
    }

    public String appRole() {
        return appRole;
    }

    public String appPassword() {
        return appPassword;
    }

    /** The cross-tenant role, {@code BYPASSRLS} and no superuser, created on the first call. */
    public synchronized String crossTenantRole() throws SQLException {
        if (crossTenantRole == null) {
            String role = "rls_cross_" + suffix;
            IsolatedDatabaseSql.createCrossTenantRole(server::superuserConnection, "postgres", name, role,
                    crossTenantPassword);
            crossTenantRole = role;
        }
        return crossTenantRole;
    }

    public String crossTenantPassword() {
        return crossTenantPassword;
    }

    public String ownerRole() {
        return ownerRole;
    }

    public String ownerPassword() {
        return ownerPassword;
    }

    /** Runs each statement as the owner, in auto-commit mode. */
    public void ownerExecute(String... sql) throws SQLException {
        try (Connection connection = ownerConnection();
             Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        }
    }

    /**
     * Puts {@code table} (created by the owner) under tenant isolation with the canonical SQL and grants the
     * application role SELECT, INSERT, UPDATE and DELETE on it.
     */
    public void protect(TenantPolicySql policy) throws SQLException {
        ownerExecute(policy.statements().toArray(new String[0]));
        grantApp(policy.qualifiedTable());
    }

    /** Grants the application role SELECT, INSERT, UPDATE, DELETE on the tables, and the sequences' USAGE. */
    public void grantApp(String... tables) throws SQLException {
        for (String table : tables) {
            ownerExecute("GRANT SELECT, INSERT, UPDATE, DELETE ON " + table + " TO " + appRole);
        }
        ownerExecute("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO " + appRole);
    }

    /** A new connection as the owner. */
    public Connection ownerConnection() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), ownerRole, ownerPassword);
    }

    /** A new superuser connection; bypasses row-level security, for seeding and checking what is stored. */
    public Connection superuserConnection() throws SQLException {
        return server.superuserConnection(name);
    }

    /** A new raw connection as the application role, outside any pool. */
    public Connection appConnection() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), appRole, appPassword);
    }

    /** A HikariCP pool of the application role, closed with the database. */
    public HikariDataSource appPool(int size) {
        return pool(appRole, appPassword, size);
    }

    /** A HikariCP pool of the cross-tenant role, closed with the database. */
    public HikariDataSource crossTenantPool(int size) throws SQLException {
        return pool(crossTenantRole(), crossTenantPassword, size);
    }

    /** A HikariCP pool of the owner role, closed with the database. */
    public HikariDataSource ownerPool(int size) {
        return pool(ownerRole, ownerPassword, size);
    }

    private HikariDataSource pool(String role, String password, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl());
        config.setUsername(role);
        config.setPassword(password);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        config.setPoolName(role + "-" + pools.size());
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
    }

    /** Runs a query as the superuser (seeing every tenant) and returns its single long value. */
    public long superuserLong(String sql) throws SQLException {
        try (Connection connection = superuserConnection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Runs statements as the superuser, for seeding rows of several tenants. */
    public void superuserExecute(String... sql) throws SQLException {
        try (Connection connection = superuserConnection();
             Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        }
    }

    /** The tenant setting a raw connection from {@code source} sees right now ({@code null} or {@code ''}). */
    public static String tenantSetting(DataSource source) throws SQLException {
        try (Connection connection = source.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select current_setting('app.tenant_id', true)")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
