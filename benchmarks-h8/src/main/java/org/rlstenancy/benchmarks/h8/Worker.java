package org.rlstenancy.benchmarks.h8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.rlstenancy.benchmarks.SliceLoop;
import org.rlstenancy.benchmarks.SliceResult;
import org.rlstenancy.benchmarks.WorkerProtocol;
import org.rlstenancy.benchmarks.data.TenantIds;

/**
 * The Hibernate 8 worker: serves {@link WorkerProtocol} on stdin and stdout for the benchmark, which starts it in a
 * JVM of its own ({@code java -cp rls-tenancy-benchmarks-h8.jar org.rlstenancy.benchmarks.h8.Worker}). Anything else
 * the libraries print goes to stderr, so stdout carries only the answers.
 */
public final class Worker implements AutoCloseable {
    private HikariDataSource pool;
    private H8Mode mode;
    private SliceLoop loop;

    public static void main(String[] args) throws IOException {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        System.setProperty("org.jboss.logging.provider", System.getProperty("org.jboss.logging.provider", "slf4j"));
        PrintStream answers = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        try (Worker worker = new Worker()) {
            worker.serve(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), answers);
        }
    }

    /** Answers the requests on {@code requests} until {@code quit} or their end. */
    public void serve(BufferedReader requests, PrintStream answers) throws IOException {
        for (String line = requests.readLine(); line != null; line = requests.readLine()) {
            String[] fields = line.strip().split(" ");
            String answer;
            try {
                answer = answer(fields, requests);
            } catch (RuntimeException | SQLException e) {
                answer = WorkerProtocol.error(e);
            }
            answers.println(answer);
            if (fields[0].equals(WorkerProtocol.QUIT)) {
                return;
            }
        }
    }

    private String answer(String[] fields, BufferedReader requests) throws IOException, SQLException {
        switch (fields[0]) {
            case WorkerProtocol.OPEN -> {
                List<TenantIds.Listed> listed = new ArrayList<>();
                for (int i = Integer.parseInt(fields[6]); i > 0; i--) {
                    listed.add(WorkerProtocol.tenant(requests.readLine()));
                }
                return WorkerProtocol.OK + " " + open(fields[1], fields[2], fields[3], Integer.parseInt(fields[4]),
                        Integer.parseInt(fields[5]), listed) + " " + org.hibernate.Version.getVersionString();
            }
            case WorkerProtocol.RECONNECT -> {
                reconnect(fields[1]);
                return WorkerProtocol.OK;
            }
            case WorkerProtocol.COUNT -> {
                long[] counted = opened().count(UUID.fromString(fields[1]));
                return WorkerProtocol.OK + " " + counted[0] + " " + counted[1];
            }
            case WorkerProtocol.RUN -> {
                String workload = fields[1];
                H8Mode opened = opened();
                SliceResult result = loop.run(workload + " in h8-rls",
                        (tenant, random) -> opened.run(workload, tenant, random), Integer.parseInt(fields[2]),
                        Double.parseDouble(fields[3]), Long.parseLong(fields[4]));
                return WorkerProtocol.ok(result);
            }
            case WorkerProtocol.QUIT -> {
                return WorkerProtocol.OK;
            }
            default -> throw new IllegalArgumentException("Unknown request " + fields[0]);
        }
    }

    /** Opens the pool, the mode and the slice threads; the number of task ids loaded. */
    private long open(String url, String user, String password, int poolSize, int maxThreads,
            List<TenantIds.Listed> listed) throws SQLException {
        if (mode != null) {
            throw new IllegalStateException("Already open");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(poolSize);
        config.setPoolName("benchmark-h8-rls");
        pool = new HikariDataSource(config);
        TenantIds tenants;
        try (Connection connection = pool.getConnection()) {
            tenants = TenantIds.load(connection, listed);
        }
        mode = new H8Mode(pool);
        loop = new SliceLoop(maxThreads, tenants);
        return tenants.large().taskCount()
                + tenants.small().stream().mapToLong(TenantIds.Tenant::taskCount).sum();
    }

    /** A new pool to {@code url} as the same role and of the same size, and the mode on it; the old ones closed. */
    private void reconnect(String url) {
        opened();
        HikariConfig config = new HikariConfig();
        pool.copyStateTo(config);
        config.setJdbcUrl(url);
        HikariDataSource replacement = new HikariDataSource(config);
        H8Mode previous = mode;
        HikariDataSource previousPool = pool;
        try {
            mode = new H8Mode(replacement);
        } catch (RuntimeException e) {
            replacement.close();
            throw e;
        }
        pool = replacement;
        previous.close();
        previousPool.close();
    }

    private H8Mode opened() {
        if (mode == null) {
            throw new IllegalStateException("Not open yet");
        }
        return mode;
    }

    @Override
    public void close() {
        if (loop != null) {
            loop.close();
        }
        if (mode != null) {
            mode.close();
        }
        if (pool != null) {
            pool.close();
        }
    }
}
