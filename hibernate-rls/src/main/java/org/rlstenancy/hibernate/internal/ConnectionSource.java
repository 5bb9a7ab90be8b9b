package org.rlstenancy.hibernate.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

import javax.sql.DataSource;

import org.hibernate.engine.jdbc.connections.spi.ConnectionProvider;
import org.hibernate.service.spi.Configurable;
import org.hibernate.service.spi.ServiceRegistryAwareService;
import org.hibernate.service.spi.ServiceRegistryImplementor;
import org.hibernate.service.spi.Stoppable;
import org.rlstenancy.core.spi.ConnectionReleaser;

/** Where raw connections come from: a {@link DataSource} or a Hibernate {@link ConnectionProvider}. */
public abstract class ConnectionSource implements ConnectionReleaser {

    public abstract Connection get() throws SQLException;

    /** The object connections come from, for {@code unwrap}. */
    public abstract Object delegate();

    /** Passes Hibernate's services and settings on to a delegate that wants them. */
    public void configure(ServiceRegistryImplementor registry, Map<String, Object> settings) {
    }

    /** Releases what this source owns. */
    public void stop() {
    }

    public static ConnectionSource of(DataSource dataSource, AutoCloseable owned) {
        return new ConnectionSource() {
            @Override
            public Connection get() throws SQLException {
                return dataSource.getConnection();
            }

            @Override
            public void release(Connection raw) throws SQLException {
                raw.close();
            }

            @Override
            public Object delegate() {
                return dataSource;
            }

            @Override
            public void stop() {
                if (owned != null) {
                    try {
                        owned.close();
                    } catch (Exception e) {
                        throw new IllegalStateException("Could not close the connection pool", e);
                    }
                }
            }
        };
    }

    public static ConnectionSource of(ConnectionProvider provider) {
        return new ConnectionSource() {
            @Override
            public Connection get() throws SQLException {
                return provider.getConnection();
            }

            @Override
            public void release(Connection raw) throws SQLException {
                provider.closeConnection(raw);
            }

            @Override
            public Object delegate() {
                return provider;
            }

            @Override
            public void configure(ServiceRegistryImplementor registry, Map<String, Object> settings) {
                if (provider instanceof ServiceRegistryAwareService && registry != null) {
                    ((ServiceRegistryAwareService) provider).injectServices(registry);
                }
                if (provider instanceof Configurable) {
                    ((Configurable) provider).configure(settings);
                }
            }

            @Override
            public void stop() {
                if (provider instanceof Stoppable) {
                    ((Stoppable) provider).stop();
                }
            }
        };
    }
}
