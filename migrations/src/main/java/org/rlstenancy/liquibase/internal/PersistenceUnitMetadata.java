package org.rlstenancy.liquibase.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.engine.jdbc.connections.spi.ConnectionProvider;
import org.hibernate.engine.jdbc.connections.spi.MultiTenantConnectionProvider;
import org.hibernate.jpa.HibernatePersistenceProvider;
import org.hibernate.jpa.boot.spi.EntityManagerFactoryBuilder;

/**
 * Builds a Hibernate model (the boot {@link Metadata}) without a database: the database is declared PostgreSQL, JDBC
 * metadata access is off, and connection providers are replaced by ones that refuse to connect, so neither a pool
 * nor a data source of the persistence unit is ever started.
 */
public final class PersistenceUnitMetadata {
    private static final String DATABASE = "jakarta.persistence.database-product-name";
    private static final String ALLOW_JDBC_METADATA = "hibernate.boot.allow_jdbc_metadata_access";
    private static final String CONNECTION_PROVIDER = "hibernate.connection.provider_class";
    private static final String MULTI_TENANT_CONNECTION_PROVIDER = "hibernate.multi_tenant_connection_provider";

    private PersistenceUnitMetadata() {
    }

    /** Applies {@code work} to the model of these entity classes. */
    public static <T> T ofEntities(List<Class<?>> entities, Map<String, Object> settings,
            Function<Metadata, T> work) {
        StandardServiceRegistry registry = new StandardServiceRegistryBuilder().applySettings(offline(settings))
                .build();
        try {
            MetadataSources sources = new MetadataSources(registry);
            entities.forEach(sources::addAnnotatedClass);
            return work.apply(sources.buildMetadata());
        } finally {
            StandardServiceRegistryBuilder.destroy(registry);
        }
    }

    /**
     * Applies {@code work} to the model of persistence unit {@code name}.
     *
     * @throws IllegalArgumentException when no persistence.xml on the class path defines the unit
     */
    public static <T> T ofPersistenceUnit(String name, Map<String, Object> settings, Function<Metadata, T> work) {
        EntityManagerFactoryBuilder builder = new Provider().builder(name, offline(settings));
        if (builder == null) {
            throw new IllegalArgumentException("No persistence unit named '" + name
                    + "' in a META-INF/persistence.xml on the class path");
        }
        try {
            return work.apply(builder.metadata());
        } finally {
            builder.cancel();
        }
    }

    private static Map<String, Object> offline(Map<String, Object> settings) {
        Map<String, Object> all = new HashMap<>();
        all.put(DATABASE, "PostgreSQL");
        all.putAll(settings);
        all.put(ALLOW_JDBC_METADATA, false);
        all.put(CONNECTION_PROVIDER, new NoConnections());
        all.put(MULTI_TENANT_CONNECTION_PROVIDER, new NoTenantConnections());
        return all;
    }

    private static final class Provider extends HibernatePersistenceProvider {
        EntityManagerFactoryBuilder builder(String name, Map<String, Object> settings) {
            return getEntityManagerFactoryBuilderOrNull(name, settings);
        }
    }

    private static SQLException refused() {
        return new SQLException("The changelog generator reads the model only and does not connect");
    }

    private static final class NoConnections implements ConnectionProvider {
        @Override
        public Connection getConnection() throws SQLException {
            throw refused();
        }

        @Override
        public void closeConnection(Connection connection) {
        }

        @Override
        public boolean supportsAggressiveRelease() {
            return false;
        }

        @Override
        public boolean isUnwrappableAs(Class<?> type) {
            return false;
        }

        @Override
        public <T> T unwrap(Class<T> type) {
            throw new IllegalArgumentException("Cannot unwrap to " + type);
        }
    }

    private static final class NoTenantConnections implements MultiTenantConnectionProvider<Object> {
        @Override
        public Connection getAnyConnection() throws SQLException {
            throw refused();
        }

        @Override
        public void releaseAnyConnection(Connection connection) {
        }

        @Override
        public Connection getConnection(Object tenantIdentifier) throws SQLException {
            throw refused();
        }

        @Override
        public void releaseConnection(Object tenantIdentifier, Connection connection) {
        }

        @Override
        public boolean supportsAggressiveRelease() {
            return false;
        }

        @Override
        public boolean isUnwrappableAs(Class<?> type) {
            return false;
        }

        @Override
        public <T> T unwrap(Class<T> type) {
            throw new IllegalArgumentException("Cannot unwrap to " + type);
        }
    }
}
