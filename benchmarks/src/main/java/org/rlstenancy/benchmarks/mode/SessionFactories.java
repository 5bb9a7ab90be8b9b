package org.rlstenancy.benchmarks.mode;

import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;

/** Builds the SessionFactory of one mode: one entity, no schema export, no second-level cache. */
final class SessionFactories {
    private SessionFactories() {
    }

    /** {@link #commonSettings()} with {@code appPool} as the plain connection source, no multi-tenancy. */
    static Map<String, Object> plainSettings(DataSource appPool) {
        Map<String, Object> settings = commonSettings();
        settings.put("hibernate.connection.datasource", appPool);
        return settings;
    }

    /**
     * Settings every mode shares; each mode adds how it gets connections and tenants. Identity inserts write their
     * own {@code RETURNING} (as the starter configures), so {@code rls} can fold the tenant setting into them.
     */
    static Map<String, Object> commonSettings() {
        Map<String, Object> settings = new HashMap<>();
        settings.put("hibernate.jdbc.use_get_generated_keys", "false");
        settings.put("hibernate.hbm2ddl.auto", "none");
        settings.put("hibernate.show_sql", "false");
        settings.put("hibernate.cache.use_second_level_cache", "false");
        settings.put("hibernate.cache.use_query_cache", "false");
        return settings;
    }

    static SessionFactory build(Map<String, Object> settings, Class<?> entity) {
        StandardServiceRegistry registry = new StandardServiceRegistryBuilder().applySettings(settings).build();
        try {
            return new MetadataSources(registry).addAnnotatedClass(entity).buildMetadata().buildSessionFactory();
        } catch (RuntimeException e) {
            StandardServiceRegistryBuilder.destroy(registry);
            throw e;
        }
    }
}
