package org.rlstenancy.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rlstenancy.core.CrossTenantWriteException;
import org.rlstenancy.core.MissingTenantException;
import org.rlstenancy.core.TenantContext;
import org.rlstenancy.core.testsupport.TestDatabase;
import org.rlstenancy.spring.app.MdcProbe;
import org.rlstenancy.spring.app.NoteRepository;
import org.rlstenancy.spring.app.StarterTestApplication;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The starter's meters in the registry Spring Boot builds (a {@link SimpleMeterRegistry}, with no exporter on the
 * class path) and the tenant in the logging MDC, in an ordinary application on real PostgreSQL.
 */
@SpringBootTest(classes = StarterTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1", "spring.jpa.hibernate.ddl-auto=none"})
@DirtiesContext
class ObservabilityTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();
    static final UUID ACME = RlsTenancyAutoConfigurationTest.ACME;
    static final UUID GLOBEX = RlsTenancyAutoConfigurationTest.GLOBEX;
    private static final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    MeterRegistry registry;
    @Autowired
    NoteRepository notes;
    @Autowired
    MdcProbe probe;
    @Autowired
    EntityManagerFactory entityManagerFactory;

    /** The note table and its seed rows of {@link RlsTenancyAutoConfigurationTest}. */
    @BeforeAll
    static void schema() throws Exception {
        RlsTenancyAutoConfigurationTest.schema(db);
    }

    @DynamicPropertySource
    static void dataSource(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", db::jdbcUrl);
        registry.add("spring.datasource.username", db::appRole);
        registry.add("spring.datasource.password", db::appPassword);
    }

    @Test
    void theRegistryIsSpringBootsSimpleOne() {
        assertThat(registry).isInstanceOf(SimpleMeterRegistry.class);
    }

    @Test
    void aTenantRequestCountsItsTransactionAndTimesTheSetting() throws Exception {
        double before = applied();
        long timedBefore = timed();
        HttpResponse<String> response = get("/notes", RlsTenancyAutoConfigurationTest.token(
                Map.of("tenant_id", ACME.toString())));
        assertThat(response.body()).isEqualTo("[\"acme 1\",\"acme 2\"]");
        assertThat(applied()).isGreaterThan(before);
        assertThat(timed()).isGreaterThan(timedBefore);
        assertThat(registry.find("rls.tenancy.transactions").tagKeys("tenant").counters()).isEmpty();
    }

    @Test
    void aRepositoryCallWithNoTenantIsCountedAsRefused() {
        Counter refused = registry.get("rls.tenancy.sessions.refused").tag("reason", "missing-tenant").counter();
        double before = refused.count();
        assertThatThrownBy(notes::count).isInstanceOf(MissingTenantException.class);
        assertThat(refused.count()).isEqualTo(before + 1);
    }

    @Test
    void aCrossTenantInsertIsCountedByItsTable() {
        assertThat(registry.find("rls.tenancy.rls.refusals").tag("table", "note").counter()).isNull();
        TenantContext.runAs(ACME, () -> {
            EntityManager em = entityManagerFactory.createEntityManager();
            try {
                em.getTransaction().begin();
                assertThatThrownBy(() -> em.createNativeQuery("INSERT INTO note (tenant_id, body) VALUES (?1, 'x')")
                        .setParameter(1, GLOBEX).executeUpdate())
                        .hasRootCauseInstanceOf(org.postgresql.util.PSQLException.class)
                        .satisfies(e -> assertThat(causes(e)).anyMatch(CrossTenantWriteException.class::isInstance));
                em.getTransaction().rollback();
            } finally {
                em.close();
            }
        });
        assertThat(registry.get("rls.tenancy.rls.refusals").tag("table", "note").counter().count()).isEqualTo(1);
    }

    @Test
    void aRequestRunsWithItsTenantInTheMdc() throws Exception {
        assertThat(get("/mdc", RlsTenancyAutoConfigurationTest.token(Map.of("tenant_id", GLOBEX.toString()))).body())
                .isEqualTo(GLOBEX.toString());
    }

    @Test
    void theMdcFollowsNestedScopesAndIsRemovedAfterThem() {
        assertThat(MDC.get(MdcProbe.KEY)).isNull();
        try (TenantContext.Scope outer = TenantContext.bind(ACME)) {
            assertThat(MDC.get(MdcProbe.KEY)).isEqualTo(ACME.toString());
            TenantContext.runAs(GLOBEX, () -> assertThat(MDC.get(MdcProbe.KEY)).isEqualTo(GLOBEX.toString()));
            assertThat(MDC.get(MdcProbe.KEY)).isEqualTo(ACME.toString());
            TenantContext.runCrossTenant(() -> assertThat(MDC.get(MdcProbe.KEY)).isNull());
            assertThat(MDC.get(MdcProbe.KEY)).isEqualTo(ACME.toString());
        }
        assertThat(MDC.get(MdcProbe.KEY)).isNull();
    }

    @Test
    void anAsyncMethodLogsWithTheTenantOfTheThreadThatCalledIt() throws Exception {
        assertThat(TenantContext.callAs(GLOBEX, probe::tenantAsync).get()).isEqualTo(GLOBEX.toString());
        assertThat(TenantContext.callAs(ACME, probe::tenantAsync).get()).isEqualTo(ACME.toString());
        assertThat(probe.tenantAsync().get()).isEqualTo("null");
        assertThat(MDC.get(MdcProbe.KEY)).isNull();
    }

    private double applied() {
        return registry.find("rls.tenancy.transactions").tag("outcome", "applied").counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private long timed() {
        return registry.find("rls.tenancy.apply").timers().stream().mapToLong(Timer::count).sum();
    }

    private static java.util.List<Throwable> causes(Throwable e) {
        java.util.List<Throwable> all = new java.util.ArrayList<>();
        for (Throwable t = e; t != null && !all.contains(t); t = t.getCause()) {
            all.add(t);
        }
        return all;
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }
}
