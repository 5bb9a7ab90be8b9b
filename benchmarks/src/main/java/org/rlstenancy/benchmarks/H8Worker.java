package org.rlstenancy.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariConfig;
import org.rlstenancy.benchmarks.data.BenchmarkDatabase;
import org.rlstenancy.benchmarks.data.TenantIds;

/**
 * The {@code h8-rls} mode: Hibernate 8's own row-level security, which cannot share a class path with the Hibernate 7
 * of the other modes, so it runs in a JVM of its own ({@code benchmarks-h8}'s jar, main class {@value #MAIN}),
 * started once per run. Each slice is asked for over {@link WorkerProtocol} and run there with the same threads,
 * seeds, tenants and workloads as {@link SliceRunner} runs the others here; the benchmark waits for its answer, so
 * the slices of a round still run one after another.
 */
final class H8Worker implements AutoCloseable {
    /** The worker's main class. */
    static final String MAIN = "org.rlstenancy.benchmarks.h8.Worker";
    /** Where {@code ./mvnw -pl benchmarks,benchmarks-h8 -am package} puts the worker's jar, from the checkout. */
    static final Path DEFAULT_JAR = Path.of("benchmarks-h8", "target", "rls-tenancy-benchmarks-h8.jar");

    private final Process process;
    private final PrintWriter requests;
    private final BufferedReader answers;
    private String hibernateVersion;
    private String jdbcUrl;

    private H8Worker(Process process) {
        this.process = process;
        this.requests = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * Starts the worker from {@code jar} and opens it on {@code database} as the application role, with a pool of
     * {@code poolSize} connections, for {@code tenants}.
     */
    static H8Worker start(Path jar, BenchmarkDatabase database, int poolSize, int maxThreads, TenantIds tenants)
            throws IOException {
        Path found = locate(jar);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", found.toString(), MAIN)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        H8Worker worker = new H8Worker(process);
        try {
            HikariConfig app = database.appPoolConfig("benchmark-h8-rls", poolSize);
            String[] opened = worker.request(WorkerProtocol.open(app.getJdbcUrl(), app.getUsername(),
                    app.getPassword(), poolSize, maxThreads, tenants.listed()));
            long ids = tenants.large().taskCount()
                    + tenants.small().stream().mapToLong(TenantIds.Tenant::taskCount).sum();
            if (Long.parseLong(opened[0]) != ids) {
                throw new IllegalStateException("The Hibernate 8 worker loaded " + opened[0] + " task ids, not " + ids);
            }
            worker.hibernateVersion = opened[1];
            worker.jdbcUrl = app.getJdbcUrl();
            return worker;
        } catch (RuntimeException e) {
            worker.close();
            throw e;
        }
    }

    /** {@code jar} as given if it exists, else the same path from the checkout the benchmark's own jar is in. */
    static Path locate(Path jar) {
        if (Files.isRegularFile(jar) || jar.isAbsolute()) {
            return requireFile(jar);
        }
        try {
            Path own = Path.of(H8Worker.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path checkout = own.getParent() == null ? null : own.getParent().getParent();
            if (checkout != null && checkout.getParent() != null) {
                return requireFile(checkout.getParent().resolve(jar));
            }
        } catch (URISyntaxException | SecurityException e) {
            // reported below
        }
        return requireFile(jar);
    }

    private static Path requireFile(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No Hibernate 8 worker jar at " + jar.toAbsolutePath()
                    + "; build it with ./mvnw -pl benchmarks,benchmarks-h8 -am package -DskipTests, or give --h8-jar");
        }
        return jar;
    }

    /** The Hibernate version the worker runs. */
    String hibernateVersion() {
        return hibernateVersion;
    }

    /** The URL the worker's pool connects to. */
    String jdbcUrl() {
        return jdbcUrl;
    }

    /** Moves the worker's pool to {@code url} (the link's), keeping its JVM and what its JIT compiled. */
    void reconnect(String url) {
        request(List.of(WorkerProtocol.RECONNECT + " " + url));
        jdbcUrl = url;
    }

    /** The tenant's tasks counted by the worker's JPQL and by native SQL only the policy filters. */
    long[] count(UUID tenant) {
        String[] fields = request(List.of(WorkerProtocol.COUNT + " " + tenant));
        return new long[] {Long.parseLong(fields[0]), Long.parseLong(fields[1])};
    }

    /** One slice, as {@link SliceRunner#run} runs one here. */
    SliceResult run(Workload workload, int concurrency, double seconds, long seed) {
        return WorkerProtocol.sliceResult(
                request(List.of(WorkerProtocol.run(workload.label(), concurrency, seconds, seed))));
    }

    /** Sends a request, its first line and any following, and reads the answer's fields. */
    private String[] request(List<String> lines) {
        lines.forEach(requests::println);
        try {
            return WorkerProtocol.okFields(lines.get(0), answers.readLine());
        } catch (IOException e) {
            throw new UncheckedIOException("Reading the Hibernate 8 worker's answer", e);
        }
    }

    @Override
    public void close() {
        try {
            requests.println(WorkerProtocol.QUIT);
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
        }
    }
}
