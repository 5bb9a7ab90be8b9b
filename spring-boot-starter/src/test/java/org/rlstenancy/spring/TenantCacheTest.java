package org.rlstenancy.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rlstenancy.core.TenantContext;
import org.rlstenancy.core.testsupport.TestDatabase;
import org.rlstenancy.spring.app.NoteRepository;
import org.rlstenancy.spring.app.NoteTable;
import org.rlstenancy.spring.app.StarterTestApplication;
import org.rlstenancy.testing.CacheIsolationProof;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Spring's cache abstraction with the starter: a {@code @Cacheable} method whose key ignores the tenant still serves
 * each tenant its own result, on real PostgreSQL as the application role; a cache used directly keeps tenants, no
 * tenant and cross-tenant scopes apart; shared caches and turning it off are warned of at start-up.
 */
@SpringBootTest(classes = {StarterTestApplication.class, TenantCacheTest.Caching.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1", "spring.jpa.hibernate.ddl-auto=none", "rls.tenancy.cache.shared-caches=countries"})
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class TenantCacheTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();
    static final UUID ACME = NoteTable.ACME;
    static final UUID GLOBEX = NoteTable.GLOBEX;

    @Autowired
    CachedNotes cached;
    @Autowired
    ConcurrentMapCacheManager cacheManager;

    @BeforeAll
    static void schema() throws Exception {
        NoteTable.create(db);
    }

    @DynamicPropertySource
    static void dataSource(DynamicPropertyRegistry registry) {
        NoteTable.dataSource(registry, db);
    }

    /** A cached repository call whose key, a constant, says nothing of the tenant. */
    public static class CachedNotes {
        private final NoteRepository notes;
        private final AtomicInteger countryLoads = new AtomicInteger();

        CachedNotes(NoteRepository notes) {
            this.notes = notes;
        }

        @Cacheable(cacheNames = "notes", key = "'all'")
        public List<String> bodies() {
            return notes.bodies();
        }

        public int countryLoads() {
            return countryLoads.get();
        }

        @Cacheable(cacheNames = "countries", key = "'all'")
        public List<String> countries() {
            countryLoads.incrementAndGet();
            return List.of("FR", "NL");
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableCaching
    static class Caching {
        @Bean
        ConcurrentMapCacheManager cacheManager() {
            return new ConcurrentMapCacheManager();
        }

        @Bean
        CachedNotes cachedNotes(NoteRepository notes) {
            return new CachedNotes(notes);
        }
    }

    @Test
    void aCachedResultIsServedToTheTenantThatCachedItOnly() {
        List<String> acme = TenantContext.callAs(ACME, () -> cached.bodies());
        List<String> globex = TenantContext.callAs(GLOBEX, () -> cached.bodies());
        List<String> acmeAgain = TenantContext.callAs(ACME, () -> cached.bodies());
        assertThat(acme).containsExactly("acme 1");
        assertThat(globex).containsExactly("globex 1");
        assertThat(acmeAgain).containsExactly("acme 1");
        assertThat(cacheManager.getCache("notes")).as("the bean keeps its class").isNotNull();
        CacheIsolationProof.of(cacheManager).caches("notes", "countries-by-tenant").tenants(ACME, GLOBEX).prove();
    }

    @Test
    void aSharedCacheIsTheSameForEveryTenant() {
        List<String> acme = TenantContext.callAs(ACME, () -> cached.countries());
        List<String> globex = TenantContext.callAs(GLOBEX, () -> cached.countries());
        assertThat(acme).isEqualTo(globex);
        assertThat(cached.countryLoads()).isEqualTo(1);
    }

    @Test
    void aCacheUsedDirectlyKeepsTenantsNoTenantAndCrossTenantWorkApart() {
        Cache cache = cacheManager.getCache("direct");
        TenantContext.runAs(ACME, () -> cache.put("k", "acme's"));
        assertThat(TenantContext.callAs(GLOBEX, () -> cache.get("k"))).isNull();
        assertThat(cache.get("k")).as("no tenant").isNull();
        TenantContext.runCrossTenant(() -> cache.put("k", "everyone's"));
        assertThat(cache.get("k")).as("no tenant, after a cross-tenant put").isNull();
        TenantContext.runAs(GLOBEX, () -> cache.evict("k"));
        assertThat(TenantContext.callAs(ACME, () -> cache.get("k", String.class))).isEqualTo("acme's");
        TenantContext.runAs(ACME, () -> cache.evict("k"));
        assertThat(TenantContext.callAs(ACME, () -> cache.get("k"))).isNull();
    }

    // Without a database: the cache wiring alone, for the warnings and for turning it off.

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RlsTenancyAutoConfiguration.class))
            .withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:1/unused")
            .withBean(ConcurrentMapCacheManager.class, () -> new ConcurrentMapCacheManager("notes", "countries"));

    @Test
    void sharedCachesAreListedInAWarningAtStartUp(CapturedOutput output) {
        runner.withPropertyValues("rls.tenancy.cache.shared-caches=countries,currencies").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(output).contains("caches not keyed by tenant (rls.tenancy.cache.shared-caches): countries,"
                    + " currencies");
        });
    }

    @Test
    void withTenantKeysOffTheSameKeyIsSharedByTenantsAndAWarningSaysSo(CapturedOutput output) {
        runner.withPropertyValues("rls.tenancy.cache.tenant-keys=false").run(context -> {
            Cache cache = context.getBean(CacheManager.class).getCache("notes");
            TenantContext.runAs(ACME, () -> cache.put("k", "acme's"));
            assertThat(TenantContext.callAs(GLOBEX, () -> cache.get("k", String.class))).isEqualTo("acme's");
            assertThat(output).contains("no cache is keyed by tenant (rls.tenancy.cache.tenant-keys=false): countries,"
                    + " notes");
        });
        runner.run(context -> {
            Cache cache = context.getBean(ConcurrentMapCacheManager.class).getCache("notes");
            TenantContext.runAs(ACME, () -> cache.put("k", "acme's"));
            assertThat(TenantContext.callAs(GLOBEX, () -> cache.get("k", String.class))).isNull();
        });
    }
}
