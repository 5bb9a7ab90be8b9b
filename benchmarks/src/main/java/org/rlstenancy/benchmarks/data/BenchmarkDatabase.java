package org.rlstenancy.benchmarks.data;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.rlstenancy.core.internal.IsolatedDatabaseSql;

/**
 * A fresh database on a {@link BenchmarkServer} with two roles of its own, all with random names and dropped by
 * {@link #close()}:
 * <ul>
 *   <li>the owner, which owns the database, its schema and tables;</li>
 *   <li>the application role, {@code LOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT}, not the owner, which every mode
 *       connects as.</li>
 * </ul>
 */
public final class BenchmarkDatabase implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final BenchmarkServer server;
    private final String name;
    private final String ownerRole;
    private final String ownerPassword;
    private final String appRole;
    private final String appPassword;
    private final AtomicBoolean dropped = new AtomicBoolean();

    private BenchmarkDatabase(BenchmarkServer server, String suffix) {
        this.server = server;
        this.name = "rls_bench_" + suffix;
        this.ownerRole = "rls_bench_owner_" + suffix;
        this.appRole = "rls_bench_app_" + suffix;
        this.ownerPassword = randomHex(16);
        this.appPassword = randomHex(16);
    }

    /** Creates the roles and the database. */
    public static BenchmarkDatabase create(BenchmarkServer server) throws SQLException {
        BenchmarkDatabase database = new BenchmarkDatabase(server, randomHex(4));
        database.create();
        return database;
    }

    private void create() throws SQLException {
        IsolatedDatabaseSql.create(server::superuserConnection, server.database(), name, ownerRole, ownerPassword,
                appRole, appPassword);
    }

    public String name() {
        return name;
    }

    public String appRole() {
        return appRole;
    }

    /** A new connection as the owner. */
    public Connection ownerConnection() throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(name), ownerRole, ownerPassword);
    }

    /** A new superuser connection to this database; it bypasses row-level security. */
    public Connection superuserConnection() throws SQLException {
        return server.superuserConnection(name);
    }

    /** A new HikariCP pool of {@code size} connections as the application role; the caller closes it. */
    public HikariDataSource appPool(String poolName, int size) {
        return new HikariDataSource(appPoolConfig(poolName, size));
    }

    /**
     * The configuration of {@link #appPool}: a fixed pool of {@code size} connections as the application role, to
     * this database directly; a caller may point it elsewhere (such as PgBouncer) before building the pool.
     */
    public HikariConfig appPoolConfig(String poolName, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.jdbcUrl(name));
        config.setUsername(appRole);
        config.setPassword(appPassword);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        config.setPoolName(poolName);
        return config;
    }

    /** How many server connections (client backends) the application role holds right now, read as the superuser. */
    public long appServerConnections() throws SQLException {
        try (Connection superuser = superuserConnection();
             PreparedStatement statement = superuser.prepareStatement("select count(*) from pg_stat_activity"
                     + " where usename = ? and backend_type = 'client backend'")) {
            statement.setString(1, appRole);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The application role's generated password, for a connection pooler in front of the server. */
    public String appPassword() {
        return appPassword;
    }

    /** Drops the database, ending its sessions, and both roles; only the first call does anything. */
    @Override
    public void close() throws SQLException {
        if (!dropped.compareAndSet(false, true)) {
            return;
        }
        IsolatedDatabaseSql.drop(server::superuserConnection, server.database(), name, ownerRole, appRole);
    }

    /** {@link #close()}, for a shutdown hook: a failure is reported, not thrown. */
    public void closeQuietly() {
        try {
            close();
        } catch (SQLException e) {
            System.err.println("Could not drop database " + name + ": " + e.getMessage());
        }
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
