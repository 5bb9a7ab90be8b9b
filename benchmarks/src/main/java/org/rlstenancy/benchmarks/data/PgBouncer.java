package org.rlstenancy.benchmarks.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PgBouncer (Debian's {@code pgbouncer}) in front of a {@link BenchmarkServer}, started by this class on
 * 127.0.0.1 with a random port: {@code pool_mode = transaction}, a small {@code default_pool_size} so that many
 * clients share few server connections, and SCRAM authentication of the given roles. Run as root, it drops to the
 * user {@code nobody}, since PgBouncer refuses to run as root. It can be stopped and started again on the same port.
 *
 * <p>Clients connect with {@link #jdbcUrl(String)}, which sets {@code prepareThreshold=0}: PgBouncer before 1.21 does
 * not keep named prepared statements apart in transaction mode, so pgJDBC must use unnamed ones only.
 */
public final class PgBouncer implements AutoCloseable {
    /** Where Debian installs it. */
    private static final Path DEBIAN_BINARY = Path.of("/usr/sbin/pgbouncer");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path binary;
    private final Path directory;
    private final Path config;
    private final Path log;
    private final int port;
    private final String statsUser;
    private final String statsPassword;
    private Process process;

    private PgBouncer(Path binary, Path directory, int port, String statsUser, String statsPassword) {
        this.binary = binary;
        this.directory = directory;
        this.config = directory.resolve("pgbouncer.ini");
        this.log = directory.resolve("pgbouncer.log");
        this.port = port;
        this.statsUser = statsUser;
        this.statsPassword = statsPassword;
    }

    /** The PgBouncer binary: Debian's, or the first {@code pgbouncer} on the {@code PATH}; empty if there is none. */
    public static Optional<Path> binary() {
        return Files.isExecutable(DEBIAN_BINARY) ? Optional.of(DEBIAN_BINARY) : onPath("pgbouncer");
    }

    /** The {@code psql} that {@link #stats} reads PgBouncer's statistics with; empty if there is none. */
    public static Optional<Path> psql() {
        return onPath("psql");
    }

    private static Optional<Path> onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(":")).map(dir -> Path.of(dir, command)).filter(Files::isExecutable).findFirst();
    }

    /**
     * Starts PgBouncer in front of {@code server}, with server pools of {@code poolSize} connections per database and
     * role, letting in the roles of {@code passwords} (role to password).
     *
     * @throws IllegalStateException if PgBouncer is not installed ({@code apt-get install pgbouncer})
     */
    public static PgBouncer start(BenchmarkServer server, int poolSize, Map<String, String> passwords)
            throws IOException {
        Path binary = binary().orElseThrow(() -> new IllegalStateException(
                "PgBouncer is not installed: apt-get install pgbouncer (Debian), or put pgbouncer on the PATH"));
        Path directory = Files.createTempDirectory("rls-tenancy-pgbouncer");
        PgBouncer pgBouncer = new PgBouncer(binary, directory, freePort(), "rls_pgbouncer_stats",
                HexFormat.of().formatHex(randomBytes()));
        Map<String, String> users = new LinkedHashMap<>(passwords);
        users.put(pgBouncer.statsUser, pgBouncer.statsPassword);
        pgBouncer.writeConfig(server.port(), poolSize, users);
        pgBouncer.start();
        return pgBouncer;
    }

    private void writeConfig(int serverPort, int poolSize, Map<String, String> users) throws IOException {
        StringBuilder userlist = new StringBuilder();
        users.forEach((user, password) -> userlist.append(quote(user)).append(' ').append(quote(password))
                .append('\n'));
        Path auth = directory.resolve("userlist.txt");
        Files.writeString(auth, userlist, StandardCharsets.UTF_8);
        Files.writeString(config, String.join("\n",
                "[databases]",
                "* = host=127.0.0.1 port=" + serverPort,
                "[pgbouncer]",
                "listen_addr = 127.0.0.1",
                "listen_port = " + port,
                "unix_socket_dir =",
                "auth_type = scram-sha-256",
                "auth_file = " + auth,
                "pool_mode = transaction",
                "default_pool_size = " + poolSize,
                "max_client_conn = 500",
                // pgJDBC sends it at start-up; PgBouncer refuses start-up parameters it does not know.
                "ignore_startup_parameters = extra_float_digits",
                "stats_users = " + statsUser,
                // After a server restart, try again within a second rather than the default 15.
                "server_login_retry = 1",
                "server_connect_timeout = 5",
                "query_wait_timeout = 30",
                ""), StandardCharsets.UTF_8);
        if (isRoot()) {
            UserPrincipal nobody = directory.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName("nobody");
            for (Path file : List.of(directory, auth, config)) {
                Files.setOwner(file, nobody);
            }
        }
        Files.setPosixFilePermissions(auth, PosixFilePermissions.fromString("rw-------"));
    }

    private static String quote(String value) {
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    /** The port PgBouncer listens on, on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** A JDBC URL of {@code database} through PgBouncer, with {@code prepareThreshold=0}. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?prepareThreshold=0";
    }

    /** Starts the stopped PgBouncer again on the same port; does nothing if it runs. */
    public synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        ProcessBuilder builder = isRoot()
                ? new ProcessBuilder(binary.toString(), "-u", "nobody", config.toString())
                : new ProcessBuilder(binary.toString(), config.toString());
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("PgBouncer exited with " + process.exitValue() + ": " + logTail());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        stop();
        throw new IOException("PgBouncer did not listen on 127.0.0.1:" + port + " within 15 s: " + logTail());
    }

    /** Stops PgBouncer at once (SIGTERM): its clients' connections break. Does nothing if it is stopped. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /**
     * PgBouncer's counters for {@code database}, from {@code SHOW STATS} on its admin console, read with {@code psql}:
     * pgJDBC cannot talk to the console, which answers only SHOW and refuses the {@code SET} pgJDBC sends on
     * connecting to a server that reports a version before 9.0.
     */
    public Stats stats(String database) throws IOException, InterruptedException {
        String psql = psql().orElseThrow(() -> new IOException("psql is not installed: apt-get install"
                + " postgresql-client")).toString();
        ProcessBuilder builder = new ProcessBuilder(psql, "-X", "-A", "-F", "|", "-h", "127.0.0.1",
                "-p", String.valueOf(port), "-U", statsUser, "-d", "pgbouncer", "-c", "SHOW STATS");
        builder.environment().put("PGPASSWORD", statsPassword);
        builder.redirectErrorStream(true);
        Process console = builder.start();
        List<String> lines = new String(console.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .toList();
        if (console.waitFor() != 0 || lines.isEmpty()) {
            throw new IOException("psql could not read PgBouncer's SHOW STATS: " + String.join("\n", lines));
        }
        List<String> columns = List.of(lines.get(0).split("\\|"));
        for (String line : lines.subList(1, lines.size())) {
            String[] values = line.split("\\|");
            if (values.length == columns.size() && values[0].equals(database)) {
                return new Stats(Long.parseLong(values[columns.indexOf("total_xact_count")]),
                        Long.parseLong(values[columns.indexOf("total_query_count")]));
            }
        }
        return new Stats(0, 0);
    }

    /**
     * Counters of one database: {@code transactions} pooled, and {@code queries}, the round trips (each ends with
     * the server ready for the next query) that PgBouncer passed to the server.
     */
    public record Stats(long transactions, long queries) {
        /** The counters since {@code earlier}. */
        public Stats minus(Stats earlier) {
            return new Stats(transactions - earlier.transactions, queries - earlier.queries);
        }
    }

    /** Stops PgBouncer and deletes its configuration. */
    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete " + directory, e);
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
