package org.rlstenancy.benchmarks.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL server the benchmark reaches as a superuser: an embedded one on 127.0.0.1 (random port, temporary
 * data directory deleted when it is closed), or an existing one given by a superuser JDBC URL. The embedded server
 * can be stopped and started again on the same port and data directory, as the soak's faults do.
 */
public final class BenchmarkServer implements AutoCloseable {
    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/?]*)(?:/([^?]*))?(?:\\?(.*))?");
    /** Settings of the embedded server; durability is off, as nothing it holds outlives the run. */
    private static final Map<String, String> EMBEDDED_CONFIG = Map.of(
            "listen_addresses", "127.0.0.1",
            "shared_buffers", "512MB",
            "fsync", "off",
            "synchronous_commit", "off",
            "full_page_writes", "off");

    private final String base;
    private final String database;
    private final Map<String, String> parameters;
    private final Properties superuser;
    private final String description;
    /** Builds the embedded server again on its first port and data directory; null for an existing server. */
    private final EmbeddedPostgres.Builder embeddedBuilder;
    private final Path dataDirectory;
    private EmbeddedPostgres embedded;

    private BenchmarkServer(String base, String database, Map<String, String> parameters, Properties superuser,
            String description, EmbeddedPostgres.Builder embeddedBuilder, Path dataDirectory,
            EmbeddedPostgres embedded) {
        this.base = base;
        this.database = database;
        this.parameters = parameters;
        this.superuser = superuser;
        this.description = description;
        this.embeddedBuilder = embeddedBuilder;
        this.dataDirectory = dataDirectory;
        this.embedded = embedded;
    }

    /** Starts an embedded server. */
    public static BenchmarkServer embedded() throws IOException {
        Path dataDirectory = Files.createTempDirectory("rls-tenancy-benchmark-pg");
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false);
        EMBEDDED_CONFIG.forEach(builder::setServerConfig);
        EmbeddedPostgres postgres = builder.start();
        builder.setPort(postgres.getPort());
        Properties superuser = new Properties();
        superuser.setProperty("user", "postgres");
        superuser.setProperty("password", "postgres");
        String base = "jdbc:postgresql://127.0.0.1:" + postgres.getPort();
        return new BenchmarkServer(base, "postgres", Map.of(), superuser,
                "embedded on 127.0.0.1:" + postgres.getPort(), builder, dataDirectory, postgres);
    }

    /**
     * An existing server; {@code user} and {@code password}, when not null, win over those in the URL.
     *
     * @throws IllegalArgumentException if {@code url} is not a {@code jdbc:postgresql://} URL
     */
    public static BenchmarkServer connect(String url, String user, String password) {
        Matcher matcher = URL.matcher(url);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("Not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database): "
                    + url);
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        if (matcher.group(3) != null) {
            for (String pair : matcher.group(3).split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    parameters.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        Properties superuser = new Properties();
        String urlUser = parameters.remove("user");
        String urlPassword = parameters.remove("password");
        putIfNotNull(superuser, "user", user != null ? user : urlUser);
        putIfNotNull(superuser, "password", password != null ? password : urlPassword);
        String database = matcher.group(2) == null || matcher.group(2).isEmpty() ? "postgres" : matcher.group(2);
        return new BenchmarkServer(matcher.group(1), database, parameters, superuser,
                "at " + matcher.group(1).substring("jdbc:postgresql://".length()), null, null, null);
    }

    private static void putIfNotNull(Properties properties, String key, String value) {
        if (value != null) {
            properties.setProperty(key, value);
        }
    }

    /** The JDBC URL of {@code name}, without credentials. */
    public String jdbcUrl(String name) {
        String query = parameters.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
        return base + "/" + name + (query.isEmpty() ? "" : "?" + query);
    }

    /** The database the server was given with (postgres when embedded). */
    public String database() {
        return database;
    }

    /** A new superuser connection to {@code name}. */
    public Connection superuserConnection(String name) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(name), superuser);
    }

    /** Where the server is, such as {@code embedded on 127.0.0.1:5432}. */
    public String description() {
        return description;
    }

    /** {@code select version()}. */
    public String version() throws SQLException {
        try (Connection connection = superuserConnection(database);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select version()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The port the server listens on, on 127.0.0.1 when embedded. */
    public int port() {
        return Integer.parseInt(base.substring(base.lastIndexOf(':') + 1));
    }

    /** Whether this server is embedded, so {@link #stop()} and {@link #start()} can be used. */
    public boolean isEmbedded() {
        return embeddedBuilder != null;
    }

    /**
     * Stops the embedded server (fast shutdown: open transactions are rolled back, sessions end); its data
     * directory stays for {@link #start()}. Does nothing if it is stopped.
     *
     * @throws IllegalStateException for an existing server, which this never stops
     */
    public synchronized void stop() {
        requireEmbedded();
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not stop the embedded PostgreSQL", e);
            } finally {
                embedded = null;
            }
        }
    }

    /** Starts the stopped embedded server again, on the same port and data directory. */
    public synchronized void start() throws IOException {
        requireEmbedded();
        if (embedded == null) {
            embedded = embeddedBuilder.start();
        }
    }

    private void requireEmbedded() {
        if (!isEmbedded()) {
            throw new IllegalStateException("Only an embedded server can be stopped and started: " + description);
        }
    }

    /** Stops the embedded server and deletes its data directory; an existing server is left as it is. */
    @Override
    public synchronized void close() {
        if (isEmbedded()) {
            stop();
            deleteRecursively(dataDirectory);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete " + directory, e);
        }
    }
}
