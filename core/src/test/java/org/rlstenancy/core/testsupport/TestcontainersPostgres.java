package org.rlstenancy.core.testsupport;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** The Testcontainers path, loaded only when asked for; skips (returns null) when no Docker engine answers. */
final class TestcontainersPostgres {
    interface Factory {
        PostgresServer create(String host, int port, String user, String password, String description);
    }

    private TestcontainersPostgres() {
    }

    static PostgresServer startIfDockerAnswers(Factory factory) {
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            docker = false;
        }
        if (!docker) {
            return null;
        }
        String major = System.getenv().getOrDefault("RLS_TEST_PG_MAJOR", "17").trim();
        @SuppressWarnings("resource")
        PostgreSQLContainer container = new PostgreSQLContainer("postgres:" + major);
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
        return factory.create(container.getHost(), container.getFirstMappedPort(), container.getUsername(),
                container.getPassword(), "Testcontainers postgres:" + major);
    }
}
