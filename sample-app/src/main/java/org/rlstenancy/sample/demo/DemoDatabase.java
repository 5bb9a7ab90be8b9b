package org.rlstenancy.sample.demo;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.rlstenancy.core.internal.IsolatedDatabaseSql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationContextInitializedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * When no {@code spring.datasource.url} is configured, starts an embedded PostgreSQL on 127.0.0.1 (port
 * {@code demo.db.port}, env {@code DEMO_DB_PORT}, default 54329; 0 picks a free one) whose data lives in
 * {@code demo.data-dir} (env {@code DEMO_DATA_DIR}, default {@code ~/.rls-tenancy-demo/postgres}) and so survives a
 * restart. It creates the owner role that migrations run as, the application role the app connects as and the
 * cross-tenant role (BYPASSRLS) the reports connect as, then points {@code spring.datasource.*},
 * {@code spring.liquibase.*} and {@code rls.tenancy.cross-tenant.*} at them. It stops with the application.
 * <p>
 * It starts once the context's initializers have run, not when the environment is prepared: a test's
 * {@code @DynamicPropertySource} (a {@code demo.data-dir} of its own, say) only reaches the environment then.
 */
public class DemoDatabase implements ApplicationListener<ApplicationEvent> {
    static final String DATABASE = "rls_demo";
    static final String OWNER = "rls_demo_owner";
    static final String APP = "rls_demo_app";
    static final String CROSS_TENANT = "rls_demo_report";
    private static final Logger log = LoggerFactory.getLogger(DemoDatabase.class);

    private EmbeddedPostgres postgres;

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof ApplicationContextInitializedEvent initialized) {
            ConfigurableEnvironment environment = initialized.getApplicationContext().getEnvironment();
            if (!environment.containsProperty("spring.datasource.url") && postgres == null) {
                start(environment);
            }
        } else if (event instanceof ContextClosedEvent || event instanceof ApplicationFailedEvent) {
            stop();
        }
    }

    private synchronized void start(ConfigurableEnvironment environment) {
        int port = environment.getProperty("demo.db.port", Integer.class, 54329);
        Path dataDir = Path.of(environment.getProperty("demo.data-dir",
                System.getProperty("user.home") + "/.rls-tenancy-demo/postgres"));
        try {
            Files.createDirectories(dataDir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setServerConfig("listen_addresses", "127.0.0.1");
            if (port != 0) {
                builder.setPort(port);
            }
            postgres = builder.start();
            createRolesAndDatabase();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the demo PostgreSQL in " + dataDir + " on port " + port
                    + " (set DEMO_DB_PORT or DEMO_DATA_DIR, or configure spring.datasource.url)", e);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not set up the demo database: " + e.getMessage(), e);
        }
        String url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + DATABASE;
        environment.getPropertySources().addLast(new MapPropertySource("demoDatabase", Map.of(
                "spring.datasource.url", url,
                "spring.datasource.username", APP,
                "spring.datasource.password", APP,
                "spring.liquibase.url", url,
                "spring.liquibase.user", OWNER,
                "spring.liquibase.password", OWNER,
                "rls.tenancy.cross-tenant.url", url,
                "rls.tenancy.cross-tenant.username", CROSS_TENANT,
                "rls.tenancy.cross-tenant.password", CROSS_TENANT)));
        log.info("Demo PostgreSQL on 127.0.0.1:{}, data in {}", postgres.getPort(), dataDir);
    }

    /**
     * Idempotent: the roles and the database survive restarts with the data directory. Without the database, any
     * roles a failed earlier start left behind are dropped and everything is created afresh. The cross-tenant role is
     * created when missing, also in a data directory from before it existed.
     */
    private void createRolesAndDatabase() throws SQLException {
        IsolatedDatabaseSql.Superuser superuser = database -> postgres.getDatabase("postgres", database)
                .getConnection();
        boolean exists;
        try (Connection connection = superuser.connect("postgres");
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
            exists = rs.next();
        }
        if (!exists) {
            IsolatedDatabaseSql.drop(superuser, "postgres", DATABASE, OWNER, APP);
            IsolatedDatabaseSql.create(superuser, "postgres", DATABASE, OWNER, OWNER, APP, APP);
        }
        IsolatedDatabaseSql.createCrossTenantRole(superuser, "postgres", DATABASE, CROSS_TENANT, CROSS_TENANT);
    }

    private synchronized void stop() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                log.warn("Could not stop the demo PostgreSQL: {}", e.getMessage());
            }
            postgres = null;
        }
    }
}
