package org.rlstenancy.hibernate.internal;

import java.util.Map;
import java.util.Properties;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.hibernate.engine.jndi.spi.JndiService;
import org.hibernate.service.spi.ServiceRegistryImplementor;
import org.rlstenancy.core.RlsTenancyException;

/**
 * Finds the connection source the persistence unit names: a data source ({@code hibernate.connection.datasource}
 * or {@code jakarta.persistence.nonJtaDataSource}, an instance or a JNDI name), or else a HikariCP pool built from
 * the JDBC URL settings, with {@code hibernate.hikari.*} passed to HikariCP.
 */
public final class SettingsPool {
    private static final String[] DATA_SOURCE = {"hibernate.connection.datasource", "jakarta.persistence.nonJtaDataSource",
        "javax.persistence.nonJtaDataSource"};
    private static final String[] URL = {"jakarta.persistence.jdbc.url", "hibernate.connection.url"};
    private static final String[] USER = {"jakarta.persistence.jdbc.user", "hibernate.connection.username",
        "hibernate.connection.user"};
    private static final String[] PASSWORD = {"jakarta.persistence.jdbc.password", "hibernate.connection.password"};
    private static final String[] DRIVER = {"jakarta.persistence.jdbc.driver", "hibernate.connection.driver_class"};
    private static final String HIKARI_PREFIX = "hibernate.hikari.";

    private SettingsPool() {
    }

    public static ConnectionSource fromSettings(Map<String, Object> settings, ServiceRegistryImplementor registry) {
        Object dataSource = first(settings, DATA_SOURCE);
        if (dataSource instanceof DataSource) {
            return ConnectionSource.of((DataSource) dataSource, null);
        }
        if (dataSource instanceof String && !((String) dataSource).isBlank()) {
            return ConnectionSource.of(lookUp((String) dataSource, registry), null);
        }
        Object url = first(settings, URL);
        if (url == null || url.toString().isBlank()) {
            throw new RlsTenancyException("RlsMultiTenantConnectionProvider has no connection source: set"
                    + " jakarta.persistence.jdbc.url (with jakarta.persistence.jdbc.user and .password),"
                    + " hibernate.connection.datasource, or construct the provider with a DataSource or"
                    + " ConnectionProvider");
        }
        Properties hikari = new Properties();
        settings.forEach((key, value) -> {
            if (key.startsWith(HIKARI_PREFIX) && value != null) {
                hikari.setProperty(key.substring(HIKARI_PREFIX.length()), value.toString());
            }
        });
        HikariConfig config = new HikariConfig(hikari);
        config.setJdbcUrl(url.toString());
        Object user = first(settings, USER);
        if (user != null) {
            config.setUsername(user.toString());
        }
        Object password = first(settings, PASSWORD);
        if (password != null) {
            config.setPassword(password.toString());
        }
        Object driver = first(settings, DRIVER);
        if (driver != null && !driver.toString().isBlank()) {
            config.setDriverClassName(driver.toString());
        }
        if (config.getPoolName() == null) {
            config.setPoolName("rls-tenancy");
        }
        HikariDataSource pool = new HikariDataSource(config);
        return ConnectionSource.of(pool, pool);
    }

    private static DataSource lookUp(String name, ServiceRegistryImplementor registry) {
        if (registry == null) {
            throw new RlsTenancyException("Cannot look up data source '" + name + "' in JNDI outside Hibernate");
        }
        Object found = registry.requireService(JndiService.class).locate(name);
        if (!(found instanceof DataSource)) {
            throw new RlsTenancyException("JNDI name '" + name + "' is bound to "
                    + (found == null ? "nothing" : found.getClass().getName()) + ", not a javax.sql.DataSource");
        }
        return (DataSource) found;
    }

    private static Object first(Map<String, Object> settings, String[] keys) {
        for (String key : keys) {
            Object value = settings.get(key);
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
