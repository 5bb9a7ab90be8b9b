package org.rlstenancy.benchmarks.soak;

import java.io.IOException;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.rlstenancy.benchmarks.data.BenchmarkDatabase;
import org.rlstenancy.benchmarks.data.BenchmarkServer;
import org.rlstenancy.benchmarks.data.PgBouncer;
import org.rlstenancy.benchmarks.soak.SoakOptions.Fault;

/**
 * Injects the soak's faults from a thread of its own, and watches the server: how many server connections the
 * application role holds at most (through PgBouncer, at most its pool size), and a progress line every few seconds.
 * <ul>
 *   <li>{@link Fault#KILL}: every 100–400 ms, one random backend of the application role is ended with
 *       {@code pg_terminate_backend}, wherever its transaction is;</li>
 *   <li>{@link Fault#RESTART_POSTGRES}: at 30% and 65% of the operations, PostgreSQL stops (fast shutdown) and
 *       starts again a second later;</li>
 *   <li>{@link Fault#RESTART_PGBOUNCER}: at 45% and 80%, PgBouncer stops and starts again half a second later.</li>
 * </ul>
 * The last tenth of the operations runs without faults, so the run shows that the application recovered by itself.
 */
final class FaultInjector {
    private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long SAMPLE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final double[] POSTGRES_RESTARTS = {0.30, 0.65};
    private static final double[] PGBOUNCER_RESTARTS = {0.45, 0.80};
    private static final double QUIET_FROM = 0.90;

    private final SoakOptions options;
    private final BenchmarkServer server;
    private final PgBouncer pgBouncer;
    private final BenchmarkDatabase database;
    private final SoakCounters counters;
    private final AtomicLong issued;
    private final PrintStream out;
    private final AtomicLong kills = new AtomicLong();
    private final AtomicLong postgresRestarts = new AtomicLong();
    private final AtomicLong pgBouncerRestarts = new AtomicLong();
    private final AtomicLong maxServerConnections = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean running;
    private Thread thread;
    private long lastProgress;

    FaultInjector(SoakOptions options, BenchmarkServer server, PgBouncer pgBouncer, BenchmarkDatabase database,
            SoakCounters counters, AtomicLong issued, PrintStream out) {
        this.options = options;
        this.server = server;
        this.pgBouncer = pgBouncer;
        this.database = database;
        this.counters = counters;
        this.issued = issued;
        this.out = out;
    }

    void start() {
        running = true;
        lastProgress = System.nanoTime();
        thread = new Thread(this::loop, "soak-faults");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops injecting; leaves PostgreSQL and PgBouncer running, for the check that follows. */
    void stop() throws InterruptedException, IOException {
        running = false;
        thread.join(TimeUnit.MINUTES.toMillis(1));
        server.start();
        if (pgBouncer != null) {
            pgBouncer.start();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("The fault injector failed", failure.get());
        }
    }

    /** Prints a progress line when the last one is five seconds old. */
    void progress(long startedNanos) {
        long now = System.nanoTime();
        if (now - lastProgress < PROGRESS_NANOS) {
            return;
        }
        lastProgress = now;
        long done = counters.succeeded.sum() + counters.failed.sum();
        double seconds = (now - startedNanos) / 1e9;
        out.printf("  %,d / %,d operations, %,.0f/s, %,d failed, %,d faults, %,d leaks%n", done,
                options.operations(), done / seconds, counters.failed.sum(), faults(),
                counters.crossTenantRowsSeen.sum() + counters.crossTenantWritesAccepted.sum()
                        + counters.tenantlessRowsSeen.sum());
    }

    /** The faults injected so far, and the most server connections the application role held at once. */
    Faults counts() {
        return new Faults(kills.get(), postgresRestarts.get(), pgBouncerRestarts.get(), maxServerConnections.get());
    }

    /** What {@link FaultInjector} did and saw. */
    public record Faults(long kills, long postgresRestarts, long pgBouncerRestarts, long maxServerConnections) {
        public long total() {
            return kills + postgresRestarts + pgBouncerRestarts;
        }

        @Override
        public String toString() {
            return String.format("%,d backends terminated, %,d PostgreSQL restarts, %,d PgBouncer restarts;"
                    + " server connections of the application role: at most %d", kills, postgresRestarts,
                    pgBouncerRestarts, maxServerConnections);
        }
    }

    private long faults() {
        return kills.get() + postgresRestarts.get() + pgBouncerRestarts.get();
    }

    private void loop() {
        SplittableRandom random = new SplittableRandom(options.seed() ^ 0x5DEECE66DL);
        int nextPostgres = 0;
        int nextPgBouncer = 0;
        long nextKill = System.nanoTime() + millis(random.nextInt(100, 400));
        long nextSample = System.nanoTime();
        try {
            while (running) {
                double progress = (double) issued.get() / options.operations();
                if (options.faults().contains(Fault.RESTART_POSTGRES) && nextPostgres < POSTGRES_RESTARTS.length
                        && progress >= POSTGRES_RESTARTS[nextPostgres]) {
                    nextPostgres++;
                    restartPostgres();
                } else if (options.faults().contains(Fault.RESTART_PGBOUNCER)
                        && nextPgBouncer < PGBOUNCER_RESTARTS.length && progress >= PGBOUNCER_RESTARTS[nextPgBouncer]) {
                    nextPgBouncer++;
                    restartPgBouncer();
                } else if (options.faults().contains(Fault.KILL) && progress < QUIET_FROM
                        && System.nanoTime() >= nextKill) {
                    kill();
                    nextKill = System.nanoTime() + millis(random.nextInt(100, 400));
                }
                if (System.nanoTime() >= nextSample) {
                    sampleServerConnections();
                    nextSample = System.nanoTime() + SAMPLE_NANOS;
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            failure.set(e);
        }
    }

    private void restartPostgres() throws IOException, InterruptedException {
        out.println("  fault: stopping PostgreSQL");
        server.stop();
        Thread.sleep(1_000);
        server.start();
        postgresRestarts.incrementAndGet();
        counters.faultEnded();
        out.println("  fault: PostgreSQL is back");
    }

    private void restartPgBouncer() throws IOException, InterruptedException {
        out.println("  fault: stopping PgBouncer");
        pgBouncer.stop();
        Thread.sleep(500);
        pgBouncer.start();
        pgBouncerRestarts.incrementAndGet();
        counters.faultEnded();
        out.println("  fault: PgBouncer is back");
    }

    private void kill() {
        try (Connection superuser = database.superuserConnection();
             PreparedStatement statement = superuser.prepareStatement("select pg_terminate_backend(pid)"
                     + " from pg_stat_activity where usename = ? and backend_type = 'client backend'"
                     + " order by random() limit 1")) {
            statement.setString(1, database.appRole());
            try (ResultSet rs = statement.executeQuery()) {
                if (rs.next() && rs.getBoolean(1)) {
                    kills.incrementAndGet();
                    counters.faultEnded();
                }
            }
        } catch (SQLException e) {
            // The server is restarting; the next kill comes soon enough.
        }
    }

    private void sampleServerConnections() {
        try {
            maxServerConnections.accumulateAndGet(database.appServerConnections(), Math::max);
        } catch (SQLException e) {
            // The server is restarting.
        }
    }


    private static long millis(int millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }
}
