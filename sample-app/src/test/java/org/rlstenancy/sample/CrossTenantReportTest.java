package org.rlstenancy.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlstenancy.sample.Api.Response;
import org.rlstenancy.spring.CrossTenantJdbc;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * GET /api/admin/task-counts on the demo's embedded PostgreSQL: the platform admin gets every tenant's count through
 * the cross-tenant role, tenant users get 403, and the tenant endpoints are as before.
 */
@SpringBootTest(classes = SampleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "demo.db.port=0")
@DirtiesContext
class CrossTenantReportTest {
    static final String REPORT = "/api/admin/task-counts";
    static final String SEEDED = "[{\"tenantId\":\"a0000000-0000-4000-8000-00000000acbe\",\"tenant\":\"Acme\","
            + "\"tasks\":%d},{\"tenantId\":\"b0000000-0000-4000-8000-0000000610be\",\"tenant\":\"Globex\","
            + "\"tasks\":%d},{\"tenantId\":\"c0000000-0000-4000-8000-000000000095\",\"tenant\":\"Operations\","
            + "\"tasks\":0}]";

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;

    Api api;
    String alice;
    String bob;
    String ops;

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        registry.add("demo.data-dir", () -> dataDir.toString());
    }

    @BeforeEach
    void login() {
        api = new Api(port);
        alice = api.login("alice@acme.test", "alice");
        bob = api.login("bob@globex.test", "bob");
        ops = api.login("ops@operations.test", "ops");
    }

    @Test
    void thePlatformAdminGetsTheTaskCountsOfEveryTenantAsStored() {
        Response report = api.get(REPORT, ops);
        assertThat(report.status()).as(report.text()).isEqualTo(200);
        assertThat(report.text()).isEqualTo(SEEDED.formatted(2, 1));

        long project = api.get("/api/projects", bob).json().get(0).path("id").asLong();
        Response created = api.post("/api/projects/" + project + "/tasks", bob, "{\"title\":\"Count me\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(api.get(REPORT, ops).text()).isEqualTo(SEEDED.formatted(2, 2));
        assertThat(api.delete("/api/tasks/" + created.json().path("id").asLong(), bob).status()).isEqualTo(204);
        assertThat(api.get(REPORT, ops).text()).isEqualTo(SEEDED.formatted(2, 1));
    }

    @Test
    void tenantUsersGet403AndNoCountsAndAnonymousRequests401() {
        for (String token : new String[] {alice, bob}) {
            Response refused = api.get(REPORT, token);
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.text()).doesNotContain("Globex", "Acme", "tasks");
        }
        assertThat(api.get(REPORT, null).status()).isEqualTo(401);
        assertThat(api.get(REPORT, "not-a-token").status()).isEqualTo(401);
    }

    @Test
    void theTenantEndpointsAreUnchangedAndShowTheAdminOnlyItsOwnTenant() {
        assertThat(api.get("/api/projects", alice).text()).contains("Rocket skates").doesNotContain("Volcano lair");
        assertThat(api.get("/api/projects", bob).text()).contains("Volcano lair").doesNotContain("Rocket skates");
        assertThat(api.get("/api/projects", ops).text()).isEqualTo("[]");
        assertThat(api.get("/api/me", ops).json().path("tenant").asString()).isEqualTo("Operations");
        assertThat(api.get("/api/tasks/1", ops).status()).isEqualTo(404);
    }

    @Test
    void theReportConnectsAsTheCrossTenantRoleAndTheAppAsTheApplicationRole() {
        String user = "SELECT current_user || ' ' || rolsuper || ' ' || rolbypassrls FROM pg_roles"
                + " WHERE rolname = current_user";
        assertThat(context.getBean(CrossTenantJdbc.class).<String>call(jdbc -> jdbc.sql(user).query(String.class)
                .single())).isEqualTo("rls_demo_report false true");
        assertThat(context.getBean(JdbcClient.class).sql(user).query(String.class).single())
                .isEqualTo("rls_demo_app false false");
        assertThat(context.getBeansOfType(DataSource.class)).hasSize(1);
    }
}
