package org.rlstenancy.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rlstenancy.core.MissingTenantException;
import org.rlstenancy.core.TenantContext;
import org.rlstenancy.core.TenantPolicySql;
import org.rlstenancy.core.testsupport.TestDatabase;
import org.rlstenancy.spring.shared.Color;
import org.rlstenancy.spring.shared.ColorRepository;
import org.rlstenancy.spring.shared.SharedDataTestApplication;
import org.rlstenancy.spring.shared.Specialty;
import org.rlstenancy.spring.shared.SpecialtyRepository;
import org.rlstenancy.spring.shared.VisitRepository;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Repositories of {@code @SharedData} (by entity or by repository) run with no tenant, on connections that carry
 * none; tenant repositories still need one, and row-level security still hides the tenant table from shared work.
 * Also the starter's 404 for a missing row, and its off switch.
 */
class SharedDataRepositoryTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();
    static final UUID ACME = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    static final UUID GLOBEX = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    static ConfigurableApplicationContext app;

    @BeforeAll
    static void start() throws Exception {
        db.ownerExecute("CREATE TABLE specialty (id bigint PRIMARY KEY, name text NOT NULL)",
                "CREATE TABLE color (id bigint PRIMARY KEY, name text NOT NULL)",
                "CREATE TABLE visit (id bigint PRIMARY KEY, tenant_id uuid NOT NULL, specialty_id bigint NOT NULL,"
                        + " note text NOT NULL)",
                "INSERT INTO specialty VALUES (1, 'dentistry'), (2, 'surgery')",
                "INSERT INTO color VALUES (1, 'red')");
        db.protect(TenantPolicySql.forTable("visit"));
        db.grantApp("specialty", "color");
        db.superuserExecute("INSERT INTO visit VALUES (1, '" + ACME + "', 1, 'acme visit'),"
                + " (2, '" + ACME + "', 2, 'acme surgery'), (3, '" + GLOBEX + "', 1, 'globex visit')");
        app = SharedDataTestApplication.start(db);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void aSharedRepositoryListsTheLookupRowsWithNoTenantBound() {
        assertThat(app.getBean(SpecialtyRepository.class).findAllByOrderByIdAsc()).extracting(Specialty::getName)
                .containsExactly("dentistry", "surgery");
        assertThat(app.getBean(ColorRepository.class).findAll()).extracting(Color::getName).containsExactly("red");
    }

    @Test
    void aPublicRequestListsTheLookupRowsInOpenInViewsSession() throws Exception {
        HttpResponse<String> response = get(app, "/specialties", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("[\"dentistry\",\"surgery\"]");
        assertThat(get(app, "/visits/1", null).statusCode()).isEqualTo(500);
    }

    @Test
    void aTenantRepositoryStillRefusesWithNoTenantBound() {
        assertThatThrownBy(() -> app.getBean(VisitRepository.class).findAll())
                .isInstanceOf(MissingTenantException.class);
    }

    @Test
    void aSharedRepositorysQueryOverATenantTableSeesNoTenantRows() throws Exception {
        assertThat(app.getBean(SpecialtyRepository.class).visitCounts())
                .containsExactly("dentistry:0", "surgery:0");
        assertThat(db.superuserLong("SELECT count(*) FROM visit")).isEqualTo(3);
    }

    @Test
    void withATenantBoundASharedRepositoryRunsAsThatTenant() {
        List<String> counts = TenantContext.callAs(GLOBEX, () -> {
            assertThat(app.getBean(SpecialtyRepository.class).findAll()).hasSize(2);
            return app.getBean(SpecialtyRepository.class).visitCounts();
        });
        assertThat(counts).containsExactly("dentistry:1", "surgery:0");
    }

    @Test
    void aRepositoryMarkedSharedOverATenantTableStopsTheStart() {
        assertThatThrownBy(() -> SharedDataTestApplication.start(db, "test.bad-shared-repository=true"))
                .satisfies(e -> assertThat(messages(e)).anySatisfy(message -> assertThat(message).contains(
                        "ERROR table visit: has the tenant_id column, but @SharedData repository"
                                + " org.rlstenancy.spring.sharedbad.VisitLookup reads it with no tenant")));
    }

    @Test
    void theStartUpCheckStillProvesTheTenantTable() throws Exception {
        db.ownerExecute("ALTER TABLE visit NO FORCE ROW LEVEL SECURITY");
        try {
            assertThatThrownBy(() -> SharedDataTestApplication.start(db))
                    .satisfies(e -> assertThat(messages(e)).anySatisfy(message -> assertThat(message)
                            .contains("ERROR table visit: does not force row-level security")
                            .doesNotContain("table specialty").doesNotContain("table color")));
        } finally {
            db.ownerExecute("ALTER TABLE visit FORCE ROW LEVEL SECURITY");
        }
    }

    @Test
    void anotherTenantsIdAndAMissingIdAnswerTheSame404() throws Exception {
        HttpResponse<String> own = get(app, "/visits/1", ACME);
        HttpResponse<String> others = get(app, "/visits/3", ACME);
        HttpResponse<String> missing = get(app, "/visits/999", ACME);
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(others.statusCode()).isEqualTo(404);
        assertThat(others.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(others.body()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,"
                + "\"detail\":\"The requested resource does not exist.\"}");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo(others.body());
    }

    @Test
    void withTheAdviceOffAMissingRowIsTheApplicationsToAnswer() throws Exception {
        try (ConfigurableApplicationContext off = SharedDataTestApplication.start(db,
                "rls.tenancy.not-found-advice=false")) {
            assertThat(get(off, "/visits/3", ACME).statusCode()).isEqualTo(500);
        }
    }

    private static HttpResponse<String> get(ConfigurableApplicationContext context, String path, UUID tenant)
            throws Exception {
        int port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (tenant != null) {
            request.header("X-Tenant", tenant.toString());
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> messages(Throwable thrown) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            messages.add(String.valueOf(t.getMessage()));
        }
        return messages;
    }
}
