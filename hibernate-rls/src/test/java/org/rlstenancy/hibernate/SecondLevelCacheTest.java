package org.rlstenancy.hibernate;

import static org.rlstenancy.hibernate.HibernateFixture.causeChain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rlstenancy.hibernate.HibernateFixture.ACME;
import static org.rlstenancy.hibernate.HibernateFixture.GLOBEX;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.hibernate.SessionFactory;
import org.hibernate.cache.internal.SimpleCacheKeysFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rlstenancy.core.RlsTenancyException;
import org.rlstenancy.core.TenantContext;
import org.rlstenancy.core.testsupport.TestDatabase;
import org.rlstenancy.hibernate.model.Project;

class SecondLevelCacheTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();
    static DataSource appPool;

    SessionFactory sessionFactory;

    @BeforeAll
    static void createSchema() throws SQLException {
        HibernateFixture.createSchema(db);
        appPool = db.appPool(2);
    }

    @BeforeEach
    void openSessionFactory() throws SQLException {
        HibernateFixture.seed(db);
        sessionFactory = HibernateFixture.sessionFactory(cachedSettings());
    }

    @AfterEach
    void closeSessionFactory() {
        if (sessionFactory != null) {
            sessionFactory.close();
        }
    }

    @Test
    void entityCachedForOneTenantIsNotServedToAnother() {
        Statistics statistics = sessionFactory.getStatistics();
        TenantContext.runAs(ACME, () -> sessionFactory.inTransaction(session ->
                assertThat(session.find(Project.class, 1L).getName()).isEqualTo("acme alpha")));
        assertThat(statistics.getSecondLevelCachePutCount()).isPositive();

        long hitsBefore = statistics.getSecondLevelCacheHitCount();
        long statementsBefore = statistics.getPrepareStatementCount();
        TenantContext.runAs(ACME, () -> sessionFactory.inTransaction(session ->
                assertThat(session.find(Project.class, 1L).getName()).isEqualTo("acme alpha")));
        assertThat(statistics.getSecondLevelCacheHitCount()).isEqualTo(hitsBefore + 1);
        assertThat(statistics.getPrepareStatementCount()).isEqualTo(statementsBefore);

        long hitsAfterAcme = statistics.getSecondLevelCacheHitCount();
        long missesBefore = statistics.getSecondLevelCacheMissCount();
        TenantContext.runAs(GLOBEX, () -> sessionFactory.inTransaction(session ->
                assertThat(session.find(Project.class, 1L)).isNull()));
        assertThat(statistics.getSecondLevelCacheHitCount()).isEqualTo(hitsAfterAcme);
        assertThat(statistics.getSecondLevelCacheMissCount()).isGreaterThan(missesBefore);
    }

    @Test
    void entityCachedBySecondTenantIsNotServedToFirst() {
        TenantContext.runAs(GLOBEX, () -> sessionFactory.inTransaction(session ->
                assertThat(session.find(Project.class, 3L).getName()).isEqualTo("globex gamma")));
        TenantContext.runAs(ACME, () -> sessionFactory.inTransaction(session ->
                assertThat(session.find(Project.class, 3L)).isNull()));
        TenantContext.runAs(GLOBEX, () -> sessionFactory.inTransaction(session ->
                assertThat(session.find(Project.class, 3L).getName()).isEqualTo("globex gamma")));
    }

    @Test
    void cacheableQueryReturnsEachTenantsOwnRows() {
        Statistics statistics = sessionFactory.getStatistics();
        assertThat(cachedProjectNames(ACME)).containsExactlyInAnyOrder("acme alpha", "acme beta");
        long queryHitsBefore = statistics.getQueryCacheHitCount();
        assertThat(cachedProjectNames(ACME)).containsExactlyInAnyOrder("acme alpha", "acme beta");
        assertThat(statistics.getQueryCacheHitCount()).isEqualTo(queryHitsBefore + 1);

        long queryHitsAfterAcme = statistics.getQueryCacheHitCount();
        assertThat(cachedProjectNames(GLOBEX)).containsExactly("globex gamma");
        assertThat(statistics.getQueryCacheHitCount()).isEqualTo(queryHitsAfterAcme);
        assertThat(cachedProjectNames(GLOBEX)).containsExactly("globex gamma");
        assertThat(cachedProjectNames(ACME)).containsExactlyInAnyOrder("acme alpha", "acme beta");
    }

    @Test
    void simpleKeysFactoryByShortNameIsRefusedAtBoot() {
        assertBootRefused("simple");
    }

    @Test
    void simpleKeysFactoryByClassNameIsRefusedAtBoot() {
        assertBootRefused(SimpleCacheKeysFactory.class.getName());
    }

    @Test
    void simpleKeysFactoryInstanceIsRefusedAtBoot() {
        assertBootRefused(SimpleCacheKeysFactory.INSTANCE);
    }

    @Test
    void simpleKeysFactoryClassIsRefusedAtBoot() {
        assertBootRefused(SimpleCacheKeysFactory.class);
    }

    @Test
    void defaultKeysFactoryBootsAndKeepsTenantsApart() {
        sessionFactory.close();
        Map<String, Object> settings = cachedSettings();
        settings.put("hibernate.cache.keys_factory", "default");
        sessionFactory = HibernateFixture.sessionFactory(settings);

        TenantContext.runAs(ACME, () -> sessionFactory.inTransaction(session ->
                assertThat(session.find(Project.class, 1L).getName()).isEqualTo("acme alpha")));
        TenantContext.runAs(GLOBEX, () -> sessionFactory.inTransaction(session ->
                assertThat(session.find(Project.class, 1L)).isNull()));
    }

    private List<String> cachedProjectNames(Object tenant) {
        return TenantContext.callAs(tenant, () -> sessionFactory.fromTransaction(session ->
                session.createSelectionQuery("from Project", Project.class).setCacheable(true).getResultList()
                        .stream().map(Project::getName).toList()));
    }

    private void assertBootRefused(Object keysFactory) {
        Map<String, Object> settings = cachedSettings();
        settings.put("hibernate.cache.keys_factory", keysFactory);
        assertThatThrownBy(() -> HibernateFixture.sessionFactory(settings).close())
                .satisfies(e -> assertThat(causeChain(e))
                        .filteredOn(RlsTenancyException.class::isInstance)
                        .singleElement()
                        .extracting(Throwable::getMessage).asString()
                        .contains("hibernate.cache.keys_factory"));
    }

    private static Map<String, Object> cachedSettings() {
        Map<String, Object> settings = HibernateFixture.settings(appPool);
        settings.put("hibernate.cache.use_second_level_cache", "true");
        settings.put("hibernate.cache.use_query_cache", "true");
        settings.put("hibernate.cache.region.factory_class", "jcache");
        settings.put("hibernate.javax.cache.provider",
                "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider");
        settings.put("hibernate.javax.cache.missing_cache_strategy", "create");
        settings.put("hibernate.cache.region_prefix", SecondLevelCacheTest.class.getSimpleName());
        settings.put("hibernate.generate_statistics", "true");
        return settings;
    }

}
