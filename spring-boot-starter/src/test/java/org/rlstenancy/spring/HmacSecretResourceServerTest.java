package org.rlstenancy.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rlstenancy.spring.app.NoteTable.ACME;
import static org.rlstenancy.spring.app.NoteTable.GLOBEX;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rlstenancy.core.testsupport.TestDatabase;
import org.rlstenancy.spring.app.NoteTable;
import org.rlstenancy.spring.jwtapp.JwtApplication;
import org.rlstenancy.spring.jwtapp.Tokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An application with no security configuration of its own and {@code rls.tenancy.jwt.hmac-secret}: the starter's
 * decoder and chain accept a token signed with that secret and bind its tenant, on PostgreSQL, and answer 401 to any
 * other token and to none.
 */
@SpringBootTest(classes = JwtApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1", "spring.jpa.hibernate.ddl-auto=none"})
@DirtiesContext
class HmacSecretResourceServerTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();
    static final String SECRET = Tokens.secret(32);
    private static final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @BeforeAll
    static void schema() throws Exception {
        NoteTable.create(db);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        NoteTable.dataSource(registry, db);
        registry.add("rls.tenancy.jwt.hmac-secret", () -> SECRET);
    }

    @Test
    void aTokenSignedWithTheSecretSeesOnlyItsTenantsRows() throws Exception {
        HttpResponse<String> acme = get("/notes", Tokens.hs256(SECRET, ACME));
        assertThat(acme.statusCode()).isEqualTo(200);
        assertThat(acme.body()).isEqualTo("[\"acme 1\"]");
        assertThat(get("/notes", Tokens.hs256(SECRET, GLOBEX)).body()).isEqualTo("[\"globex 1\"]");
    }

    @Test
    void aTokenOfAnotherSecretAnExpiredTokenOrNoneGets401AndNoSession() throws Exception {
        for (String token : new String[] {Tokens.hs256(Tokens.secret(32), ACME),
            Tokens.hs256(SECRET, ACME, Duration.ofMinutes(-5)), "not.a.token", null}) {
            HttpResponse<String> response = get("/notes", token);
            assertThat(response.statusCode()).as("token %s", token).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Bearer");
            assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
        }
    }

    @Test
    void theChainAndTheDecoderAreTheStarters() {
        assertThat(context.getBeansOfType(SecurityFilterChain.class)).containsOnlyKeys("rlsTenancySecurityFilterChain");
        assertThat(context.containsBean("rlsTenancyHmacJwtDecoder")).isTrue();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
