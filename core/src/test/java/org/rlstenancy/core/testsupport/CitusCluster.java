package org.rlstenancy.core.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;

/**
 * The Citus cluster of the scale-out tests: a coordinator and two workers on 127.0.0.1, started (or found running)
 * by the project's {@code scripts/citus-cluster start}, which builds Citus on its first run. Tests use it through
 * {@link #database()}, a {@link TestDatabase} whose database and roles exist on every node, with the citus extension
 * in each and the workers registered on the coordinator.
 * <p>
 * Where the cluster cannot be started, the tests are skipped with the reason; with {@code RLS_REQUIRE_CITUS=1} they
 * fail instead. Test classes that use it carry {@code @Tag("citus")}; the build leaves them out unless asked
 * ({@code -Dcitus} runs only them, {@code RLS_REQUIRE_CITUS=1} them too).
 */
public final class CitusCluster {
    /** The tag of test classes that need the cluster. */
    public static final String TAG = "citus";

    private static final Pattern NODE_PORT = Pattern.compile("(coordinator|worker\\d+)=(\\d+)");
    private static CitusCluster instance;
    private static String unavailable;

    private final PostgresServer coordinator;
    private final int coordinatorPort;
    private final List<PostgresServer> workers;
    private final List<Integer> workerPorts;

    private CitusCluster(int coordinatorPort, List<Integer> workerPorts) {
        this.coordinatorPort = coordinatorPort;
        this.workerPorts = List.copyOf(workerPorts);
        this.coordinator = node("coordinator", coordinatorPort);
        List<PostgresServer> servers = new ArrayList<>();
        for (int i = 0; i < workerPorts.size(); i++) {
            servers.add(node("worker" + (i + 1), workerPorts.get(i)));
        }
        this.workers = List.copyOf(servers);
    }

    /** A fresh database for one test class on the cluster; register it as {@code @RegisterExtension}. */
    public static TestDatabase database() {
        return new TestDatabase(() -> get().coordinator, new TestDatabase.Nodes() {
            @Override
            public void created(TestDatabase database) throws SQLException {
                get().createOnWorkers(database);
            }

            @Override
            public void dropping(TestDatabase database) throws SQLException {
                get().dropOnWorkers(database);
            }

            @Override
            public void dropped(TestDatabase database) throws SQLException {
                get().dropRolesOnWorkers(database);
            }
        });
    }

    /**
     * The running cluster, started on the first call. Aborts the calling test (a skip) when it cannot start, or
     * fails it with {@code RLS_REQUIRE_CITUS=1}.
     */
    public static synchronized CitusCluster get() {
        if (instance == null && unavailable == null) {
            try {
                instance = start();
                System.out.println("[rls-tenancy tests] Citus: coordinator 127.0.0.1:" + instance.coordinatorPort
                        + ", workers " + instance.workerPorts + ", server " + instance.coordinator.serverVersion());
            } catch (IOException | RuntimeException e) {
                unavailable = e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                unavailable = "interrupted while starting the cluster";
            }
        }
        if (instance == null) {
            String message = "No Citus cluster: " + unavailable;
            if ("1".equals(System.getenv("RLS_REQUIRE_CITUS"))) {
                throw new IllegalStateException(message + " (RLS_REQUIRE_CITUS=1)");
            }
            System.out.println("[rls-tenancy tests] skipped: " + message);
            Assumptions.abort(message + "; set RLS_REQUIRE_CITUS=1 to make this a failure");
        }
        return instance;
    }

    /** The coordinator, where the application connects. */
    public PostgresServer coordinator() {
        return coordinator;
    }

    /** The workers, where the shards are. */
    public List<PostgresServer> workers() {
        return workers;
    }

    private static PostgresServer node(String name, int port) {
        return PostgresServer.create("127.0.0.1", port, "postgres", "", "Citus " + name + " on 127.0.0.1:" + port);
    }

    private static CitusCluster start() throws IOException, InterruptedException {
        Path script = findScript();
        String started = run(script, "start");
        String[] lines = started.strip().split("\n");
        int coordinatorPort = Integer.parseInt(lines[lines.length - 1].strip());
        Matcher nodes = NODE_PORT.matcher(run(script, "status"));
        List<Integer> workerPorts = new ArrayList<>();
        while (nodes.find()) {
            if (nodes.group(1).startsWith("worker")) {
                workerPorts.add(Integer.parseInt(nodes.group(2)));
            }
        }
        if (workerPorts.isEmpty()) {
            throw new IllegalStateException(script + " status named no workers");
        }
        return new CitusCluster(coordinatorPort, workerPorts);
    }

    private static Path findScript() {
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path script = dir.resolve("scripts").resolve("citus-cluster");
            if (Files.isExecutable(script)) {
                return script;
            }
        }
        throw new IllegalStateException("scripts/citus-cluster not found above " + System.getProperty("user.dir"));
    }

    /** Runs the script; its standard error (the build's progress) goes to this test's output. */
    private static String run(Path script, String command) throws IOException, InterruptedException {
        Path errors = Files.createTempFile("citus-cluster-", ".log");
        try {
            Process process = new ProcessBuilder(script.toString(), command)
                    .redirectError(errors.toFile())
                    .start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(20, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(script + " " + command + " did not finish in 20 minutes");
            }
            String err = Files.readString(errors, StandardCharsets.UTF_8);
            System.out.print(err);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(script + " " + command + " failed (exit " + process.exitValue()
                        + "): " + lastLines(err + out, 5));
            }
            return out;
        } finally {
            Files.deleteIfExists(errors);
        }
    }

    private static String lastLines(String text, int count) {
        String[] lines = text.strip().split("\n");
        return String.join(" | ", List.of(lines).subList(Math.max(0, lines.length - count), lines.length));
    }

    /**
     * The roles (Citus usually propagates them from the coordinator, this makes sure), the database with the same
     * owner and grants, and the extension on each worker; then the extension on the coordinator and the workers
     * registered there.
     */
    private void createOnWorkers(TestDatabase database) throws SQLException {
        String name = database.name();
        for (PostgresServer worker : workers) {
            execute(worker, "postgres",
                    createRoleIfMissing(database.ownerRole(), database.ownerPassword(), ""),
                    createRoleIfMissing(database.appRole(), database.appPassword(), " NOINHERIT"),
                    "CREATE DATABASE " + name + " OWNER " + database.ownerRole(),
                    "REVOKE ALL ON DATABASE " + name + " FROM PUBLIC",
                    "GRANT CONNECT ON DATABASE " + name + " TO " + database.appRole());
            execute(worker, name,
                    "CREATE EXTENSION citus",
                    "ALTER SCHEMA public OWNER TO " + database.ownerRole(),
                    "REVOKE ALL ON SCHEMA public FROM PUBLIC",
                    "GRANT USAGE ON SCHEMA public TO " + database.appRole());
        }
        List<String> register = new ArrayList<>(List.of("CREATE EXTENSION citus",
                "SELECT citus_set_coordinator_host('127.0.0.1', " + coordinatorPort + ")"));
        for (int port : workerPorts) {
            register.add("SELECT citus_add_node('127.0.0.1', " + port + ")");
        }
        execute(coordinator, name, register.toArray(new String[0]));
    }

    private void dropOnWorkers(TestDatabase database) throws SQLException {
        for (PostgresServer worker : workers) {
            execute(worker, "postgres", "DROP DATABASE IF EXISTS " + database.name() + " WITH (FORCE)");
        }
    }

    /** After the coordinator dropped the roles (Citus propagates that too): any left on a worker. */
    private void dropRolesOnWorkers(TestDatabase database) throws SQLException {
        for (PostgresServer worker : workers) {
            execute(worker, "postgres", "DROP ROLE IF EXISTS " + database.appRole(),
                    "DROP ROLE IF EXISTS " + database.ownerRole());
        }
    }

    private static String createRoleIfMissing(String role, String password, String extra) {
        return "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role + "') THEN CREATE ROLE "
                + role + " LOGIN PASSWORD '" + password + "' NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE" + extra
                + "; END IF; END $$";
    }

    private static void execute(PostgresServer node, String database, String... sql) throws SQLException {
        try (Connection connection = node.superuserConnection(database);
             Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        }
    }
}
