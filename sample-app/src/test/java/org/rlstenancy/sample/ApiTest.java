package org.rlstenancy.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rlstenancy.sample.Api.Response;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The HTTP API on the demo's own embedded PostgreSQL (a fresh data directory): every status it promises, and that
 * the two seeded tenants never see or touch each other's projects and tasks.
 */
class ApiTest extends DemoAppTestBase {
    static final String ACME_TENANT = "a0000000-0000-4000-8000-00000000acbe";
    static final String GLOBEX_TENANT = "b0000000-0000-4000-8000-0000000610be";

    @Autowired
    JdbcClient jdbc;

    Api api;
    String alice;
    String bob;

    @BeforeEach
    void login() {
        api = new Api(port);
        alice = api.login("alice@acme.test", "alice");
        bob = api.login("bob@globex.test", "bob");
    }

    /** Creates a project as {@code token}; its id. */
    long project(String token, String name) {
        Response created = api.post("/api/projects", token, "{\"name\":\"" + name + "\",\"description\":\"d\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().path("id").asLong();
    }

    long task(String token, long project, String title) {
        Response created = api.post("/api/projects/" + project + "/tasks", token, "{\"title\":\"" + title + "\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().path("id").asLong();
    }

    @Test
    void theDemoDatabaseLivesInThisTestsOwnDirectory() {
        assertThat(dataDir.resolve("PG_VERSION")).exists();
    }

    @Test
    void theAppConnectsAsTheApplicationRoleThatRowLevelSecurityBinds() {
        assertThat(jdbc.sql("SELECT current_user || ' ' || rolsuper || ' ' || rolbypassrls FROM pg_roles"
                + " WHERE rolname = current_user").query(String.class).single()).isEqualTo("rls_demo_app false false");
        assertThat(jdbc.sql("SELECT count(*) FROM project").query(Long.class).single()).isZero();
    }

    @Test
    void aTokenCarriesTheUsersTenantAndMeNamesIt() {
        assertThat(api.get("/api/me", alice).json().path("tenant").asString()).isEqualTo("Acme");
        assertThat(api.get("/api/me", bob).json().path("tenant").asString()).isEqualTo("Globex");
        assertThat(api.get("/api/me", bob).json().path("user").asString()).isEqualTo("bob@globex.test");
    }

    @Test
    void loginRefusesWrongCredentialsWith401AndIncompleteOnesWith400() {
        Response wrong = api.post("/api/auth/token", null, "{\"username\":\"alice@acme.test\",\"password\":\"bob\"}");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.error()).isEqualTo("invalid username or password");
        Response unknown = api.post("/api/auth/token", null, "{\"username\":\"eve@acme.test\",\"password\":\"eve\"}");
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.error()).isEqualTo("invalid username or password");
        Response missing = api.post("/api/auth/token", null, "{\"username\":\"alice@acme.test\"}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.error()).isEqualTo("password is required");
        assertThat(api.post("/api/auth/token", null, "{}").error())
                .isEqualTo("password is required; username is required");
        assertThat(api.post("/api/auth/token", null, "not json").status()).isEqualTo(400);
    }

    @Test
    void everyApiCallWithoutAValidTokenIs401() throws Exception {
        String forged = signed("another-key-another-key-another-key!", ACME_TENANT);
        for (String token : new String[] {null, "not-a-token", forged, alice.substring(0, alice.length() - 2)}) {
            assertThat(api.get("/api/projects", token).status()).isEqualTo(401);
            assertThat(api.get("/api/projects/1", token).status()).isEqualTo(401);
            assertThat(api.post("/api/projects", token, "{\"name\":\"x\"}").status()).isEqualTo(401);
            assertThat(api.delete("/api/tasks/1", token).status()).isEqualTo(401);
            assertThat(api.get("/api/me", token).status()).isEqualTo(401);
        }
    }

    @Test
    void projectsCanBeCreatedReadUpdatedAndDeleted() {
        long id = project(alice, "Anvil");
        assertThat(api.get("/api/projects/" + id, alice).json().path("name").asString()).isEqualTo("Anvil");
        Response updated = api.put("/api/projects/" + id, alice, "{\"name\":\"Anvil 2\",\"description\":\"heavy\"}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().path("description").asString()).isEqualTo("heavy");
        assertThat(api.get("/api/projects", alice).text()).contains("\"Anvil 2\"", "\"Rocket skates\"");
        task(alice, id, "Drop it");
        assertThat(api.delete("/api/projects/" + id, alice).status()).isEqualTo(204);
        assertThat(api.get("/api/projects/" + id, alice).status()).isEqualTo(404);
    }

    @Test
    void tasksCanBeCreatedReadUpdatedMovedAndDeleted() {
        long first = project(alice, "Glue");
        long second = project(alice, "Paint");
        long id = task(alice, first, "Mix");
        assertThat(api.get("/api/tasks/" + id, alice).text())
                .isEqualTo("{\"id\":" + id + ",\"projectId\":" + first + ",\"title\":\"Mix\",\"done\":false}");
        Response moved = api.put("/api/tasks/" + id, alice, "{\"title\":\"Stir\",\"done\":true,\"projectId\":" + second
                + "}");
        assertThat(moved.text())
                .isEqualTo("{\"id\":" + id + ",\"projectId\":" + second + ",\"title\":\"Stir\",\"done\":true}");
        assertThat(api.get("/api/projects/" + second + "/tasks", alice).text()).contains("\"Stir\"");
        assertThat(api.get("/api/projects/" + first + "/tasks", alice).text()).isEqualTo("[]");
        assertThat(api.delete("/api/tasks/" + id, alice).status()).isEqualTo(204);
        assertThat(api.get("/api/tasks/" + id, alice).status()).isEqualTo(404);
    }

    @Test
    void eachTenantListsOnlyItsOwnProjectsAndTasks() {
        long acme = project(alice, "Acme only");
        task(alice, acme, "Acme task");
        long globex = project(bob, "Globex only");

        String aliceSees = api.get("/api/projects", alice).text();
        String bobSees = api.get("/api/projects", bob).text();
        assertThat(aliceSees).contains("Rocket skates", "Acme only").doesNotContain("Volcano lair", "Globex only");
        assertThat(bobSees).contains("Volcano lair", "Globex only").doesNotContain("Rocket skates", "Acme only");
        assertThat(api.get("/api/projects/" + globex + "/tasks", bob).text()).isEqualTo("[]");
    }

    @Test
    void anotherTenantsIdsAre404LikeMissingOnesAndNothingChanges() {
        long project = project(alice, "Secret");
        long task = task(alice, project, "Secret task");
        Response missing = api.get("/api/projects/999999", bob);

        Response read = api.get("/api/projects/" + project, bob);
        assertThat(read.status()).isEqualTo(404);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(read.text()).isEqualTo(missing.text());

        assertThat(api.put("/api/projects/" + project, bob, "{\"name\":\"Mine now\"}").status()).isEqualTo(404);
        assertThat(api.delete("/api/projects/" + project, bob).status()).isEqualTo(404);
        assertThat(api.get("/api/projects/" + project + "/tasks", bob).status()).isEqualTo(404);
        assertThat(api.post("/api/projects/" + project + "/tasks", bob, "{\"title\":\"Planted\"}").status())
                .isEqualTo(404);
        assertThat(api.get("/api/tasks/" + task, bob).status()).isEqualTo(404);
        assertThat(api.put("/api/tasks/" + task, bob, "{\"title\":\"Taken\",\"done\":true}").status()).isEqualTo(404);
        assertThat(api.delete("/api/tasks/" + task, bob).status()).isEqualTo(404);

        long bobsProject = project(bob, "Bob's");
        Response moveIn = api.put("/api/tasks/" + task, alice, "{\"title\":\"Moved\",\"projectId\":" + bobsProject + "}");
        assertThat(moveIn.status()).isEqualTo(400);
        assertThat(moveIn.error()).isEqualTo("project " + bobsProject + " not found");

        assertThat(api.get("/api/projects/" + project, alice).json().path("name").asString()).isEqualTo("Secret");
        assertThat(api.get("/api/tasks/" + task, alice).text()).contains("\"title\":\"Secret task\"",
                "\"done\":false", "\"projectId\":" + project);
        assertThat(api.get("/api/projects/" + bobsProject + "/tasks", bob).text()).isEqualTo("[]");
    }

    /** A cross-tenant id must look exactly like a missing one: status, headers (but the date) and body alike. */
    @Test
    void anotherTenantsIdAndAMissingIdGiveByteIdenticalResponses() {
        long project = project(alice, "Hidden");
        long task = task(alice, project, "Hidden task");
        String projectInput = "{\"name\":\"Mine now\"}";
        String taskInput = "{\"title\":\"Taken\",\"done\":true}";
        for (String method : List.of("GET", "PUT", "DELETE")) {
            String projectBody = method.equals("PUT") ? projectInput : null;
            String taskBody = method.equals("PUT") ? taskInput : null;
            assertSame404(api.send(method, "/api/projects/" + project, bob, projectBody),
                    api.send(method, "/api/projects/999999", bob, projectBody));
            assertSame404(api.send(method, "/api/tasks/" + task, bob, taskBody),
                    api.send(method, "/api/tasks/999999", bob, taskBody));
        }
        assertThat(api.get("/api/projects/" + project, alice).json().path("name").asString()).isEqualTo("Hidden");
        assertThat(api.get("/api/tasks/" + task, alice).json().path("title").asString()).isEqualTo("Hidden task");
    }

    private static void assertSame404(Response othersId, Response missingId) {
        assertThat(othersId.status()).isEqualTo(404);
        assertThat(othersId.text()).isEqualTo(missingId.text());
        assertThat(withoutDate(othersId.headers())).isEqualTo(withoutDate(missingId.headers()));
        assertThat(othersId.headers()).containsEntry("content-type", List.of("application/problem+json"));
        assertThat(othersId.json().path("status").asInt()).isEqualTo(404);
    }

    private static Map<String, List<String>> withoutDate(Map<String, List<String>> headers) {
        Map<String, List<String>> kept = new TreeMap<>(headers);
        kept.remove("date");
        return kept;
    }

    @Test
    void aTenantFieldInTheBodyIsIgnored() {
        Response created = api.post("/api/projects", alice, "{\"name\":\"Claimed\",\"tenant_id\":\"" + GLOBEX_TENANT
                + "\",\"tenantId\":\"" + GLOBEX_TENANT + "\",\"tenant\":\"Globex\"}");
        assertThat(created.status()).isEqualTo(201);
        long id = created.json().path("id").asLong();
        assertThat(api.get("/api/projects/" + id, alice).status()).isEqualTo(200);
        assertThat(api.get("/api/projects/" + id, bob).status()).isEqualTo(404);
        assertThat(api.get("/api/projects", bob).text()).doesNotContain("Claimed");
    }

    @Test
    void invalidInputIs400WithAMessage() {
        long project = project(alice, "Valid");
        assertThat(api.post("/api/projects", alice, "{\"name\":\"  \"}").error()).isEqualTo("name is required");
        assertThat(api.post("/api/projects", alice, "{}").error()).isEqualTo("name is required");
        assertThat(api.post("/api/projects", alice, "{\"name\":\"" + "x".repeat(201) + "\"}").error())
                .isEqualTo("name is longer than 200 characters");
        assertThat(api.put("/api/projects/" + project, alice, "{\"description\":\"no name\"}").error())
                .isEqualTo("name is required");
        assertThat(api.post("/api/projects/" + project + "/tasks", alice, "{\"done\":true}").error())
                .isEqualTo("title is required");
        Response broken = api.post("/api/projects", alice, "{\"name\":");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.error()).isEqualTo("the request body is not valid JSON of the expected shape");
        Response notANumber = api.get("/api/projects/abc", alice);
        assertThat(notANumber.status()).isEqualTo(400);
        assertThat(notANumber.error()).isEqualTo("id must be a number");
        assertThat(api.put("/api/tasks/1", alice, "{\"title\":\"t\",\"done\":\"maybe\"}").status()).isEqualTo(400);
        assertThat(api.get("/api/projects/" + project, alice).json().path("name").asString()).isEqualTo("Valid");
    }

    private static String signed(String key, String tenant) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                .subject("mallory").claim("tenant_id", tenant)
                .expirationTime(new Date(System.currentTimeMillis() + 60_000)).build());
        jwt.sign(new MACSigner(key.getBytes()));
        return jwt.serialize();
    }
}
