package org.rlstenancy.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlstenancy.core.IsolationVerifier;
import org.rlstenancy.core.RlsConfig;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The demo's embedded database: roles as the design wants them, a schema the verifier passes, and data that survives
 * a restart.
 */
class DemoDatabaseTest {
    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext start() {
        // Arguments, not default properties: application.yml's server.port would win over those.
        return new SpringApplicationBuilder(SampleApplication.class)
                .run("--demo.db.port=0", "--demo.data-dir=" + dataDir, "--server.port=0");
    }

    @Test
    void theDataOfTheEmbeddedDatabaseSurvivesARestart() {
        long project;
        try (ConfigurableApplicationContext app = start()) {
            Api api = Api.of(app);
            String alice = api.login("alice@acme.test", "alice");
            project = api.post("/api/projects", alice, "{\"name\":\"Kept\"}").json().path("id").asLong();
        }
        try (ConfigurableApplicationContext app = start()) {
            Api api = Api.of(app);
            String alice = api.login("alice@acme.test", "alice");
            assertThat(api.get("/api/projects/" + project, alice).json().path("name").asString()).isEqualTo("Kept");
            assertThat(api.get("/api/projects", alice).text()).containsOnlyOnce("Rocket skates");
        }
    }

    @Test
    void migrationsRunAsTheOwnerAndTheAppConnectsAsARoleThatOwnsNothingAndBypassesNothing() throws Exception {
        try (ConfigurableApplicationContext app = start()) {
            Environment environment = app.getEnvironment();
            assertThat(environment.getProperty("spring.datasource.url")).startsWith("jdbc:postgresql://127.0.0.1:");
            assertThat(environment.getProperty("spring.liquibase.user")).isEqualTo("rls_demo_owner");
            JdbcClient jdbc = app.getBean(JdbcClient.class);
            assertThat(jdbc.sql("SELECT rolname || ' ' || rolsuper || ' ' || rolbypassrls FROM pg_roles"
                    + " WHERE rolname LIKE 'rls_demo_%' ORDER BY 1").query(String.class).list())
                    .containsExactly("rls_demo_app false false", "rls_demo_owner false false",
                            "rls_demo_report false true");
            assertThat(jdbc.sql("SELECT string_agg(DISTINCT tableowner, ',') FROM pg_tables"
                    + " WHERE schemaname = 'public'")
                    .query(String.class).single()).isEqualTo("rls_demo_owner");
            assertThat(jdbc.sql("SELECT string_agg(relname || ':' || relrowsecurity || relforcerowsecurity, ','"
                    + " ORDER BY relname) FROM pg_class WHERE relname IN ('project', 'task', 'tenant')")
                    .query(String.class).single()).isEqualTo("project:truetrue,task:truetrue,tenant:truetrue");
            try (Connection connection = app.getBean(DataSource.class).getConnection()) {
                IsolationVerifier verifier = IsolationVerifier.of(RlsConfig.defaults(), "tenant_id");
                assertThat(verifier.discover(connection, "public")).containsExactly("project", "task");
                assertThat(verifier.verify(connection, verifier.discover(connection, "public"))).isEmpty();
            }
        }
    }
}
