package org.rlstenancy.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import org.rlstenancy.benchmarks.data.BenchmarkDatabase;
import org.rlstenancy.benchmarks.data.BenchmarkServer;
import org.rlstenancy.benchmarks.data.DataSize;
import org.rlstenancy.benchmarks.data.H8Schema;
import org.rlstenancy.benchmarks.data.SigningSecret;
import org.rlstenancy.benchmarks.data.TaskSchema;
import org.rlstenancy.benchmarks.data.TenantIds;
import org.rlstenancy.benchmarks.data.TenantIds.Tenant;
import org.rlstenancy.benchmarks.link.LatencyProxy;
import org.rlstenancy.benchmarks.mode.Mode;
import org.rlstenancy.benchmarks.mode.TenancyMode;
import org.rlstenancy.benchmarks.mode.Tasks;
import org.rlstenancy.benchmarks.pgbench.Pgbench;

/**
 * One run: a server and a fresh database, the data, a check that every mode sees exactly the tenant's rows, a
 * warm-up, then for each workload and thread count the modes interleaved in rounds; the report last. The database
 * (and an embedded server) is gone when the run ends.
 */
final class BenchmarkRun {
    private final BenchmarkOptions options;
    private final PrintStream out;

    BenchmarkRun(BenchmarkOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    void run() throws Exception {
        out.println("RLS Tenancy benchmarks" + (options.quick() ? " (quick)" : ""));
        try (BenchmarkServer server = options.url() == null ? BenchmarkServer.embedded()
                : BenchmarkServer.connect(options.url(), options.user(), options.password())) {
            String version = server.version();
            out.println("PostgreSQL: " + version + " (" + server.description() + ")");
            try (BenchmarkDatabase database = BenchmarkDatabase.create(server)) {
                Thread dropOnExit = new Thread(database::closeQuietly, "benchmark-cleanup");
                Runtime.getRuntime().addShutdownHook(dropOnExit);
                try {
                    run(server, version, database);
                } finally {
                    Runtime.getRuntime().removeShutdownHook(dropOnExit);
                }
            }
        }
    }

    private void run(BenchmarkServer server, String version, BenchmarkDatabase database) throws Exception {
        long started = System.nanoTime();
        out.printf(Locale.ROOT, "generating %d tenants and %d rows in database %s...%n",
                options.dataSize().tenants(), options.dataSize().rows(), database.name());
        TenantIds tenants;
        SigningSecret signing = SigningSecret.random();
        try (Connection owner = database.ownerConnection()) {
            TaskSchema.create(owner, database.appRole(), options.dataSize(), signing);
            if (options.h8Jar() != null) {
                H8Schema.create(owner, database.appRole(), options.dataSize());
            }
            tenants = TenantIds.load(owner);
        }
        out.printf(Locale.ROOT, "generated in %.1f s%n", (System.nanoTime() - started) / 1e9);
        RunInfo info;
        try (Connection superuser = database.superuserConnection()) {
            info = RunInfo.collect(version, server.description(), superuser, tenants, options);
        }
        info.lines().forEach(out::println);
        int maxConcurrency = options.maxThreads();
        try (LatencyProxy link = openLink(server, database);
             OpenModes open = OpenModes.open(database, options.poolSize(), signing,
                     url -> link == null ? url : link.jdbcUrlThrough(url));
             SliceRunner runner = new SliceRunner(maxConcurrency, tenants);
             H8Worker h8 = options.h8Jar() == null ? null
                     : H8Worker.start(options.h8Jar(), database, options.poolSize(), maxConcurrency, tenants)) {
            if (h8 != null) {
                out.println("h8-rls: Hibernate " + h8.hibernateVersion() + ", in a JVM of its own");
            }
            checkIsolation(open.modes(), h8, tenants);
            if (link != null) {
                warmUpDirectly(runner, database, signing, h8, maxConcurrency);
                if (h8 != null) {
                    h8.reconnect(link.jdbcUrlThrough(h8.jdbcUrl()));
                    checkMovedWorker(h8, database, tenants);
                }
            }
            warmUp(runner, open.modes(), h8, maxConcurrency);
            Results results = measure(runner, open.modes(), h8);
            out.println();
            if (link != null) {
                LatencyProxy.Stats stats = link.stats();
                out.printf(Locale.ROOT, "through the link: %d us each way; the proxy held %d chunks %.1f us on"
                        + " average%n", options.linkLatencyMicros(), stats.chunks(), stats.meanDelayMicros());
            }
            ConsoleReport.print(results, out);
            if (link != null) {
                out.println();
                LinkRoundTrips.measure(runner, open.modes(), h8, options.workloads(), link).forEach(out::println);
            }
            if (options.pgbench()) {
                out.println();
                PgbenchComparison.run(options, pgbenchTarget(server, database, link), results, out);
            }
            JsonReport.write(info, results, options.json());
            out.printf(Locale.ROOT, "results written to %s; total time %.0f s%n", options.json(),
                    (System.nanoTime() - started) / 1e9);
        }
    }

    /**
     * With {@code --link-latency-us}, a {@link LatencyProxy} on 127.0.0.1 to the server, which every pool (and
     * pgbench) connects through; otherwise null. Says so in the header.
     */
    private LatencyProxy openLink(BenchmarkServer server, BenchmarkDatabase database) throws IOException {
        if (options.linkLatencyMicros() == null) {
            return null;
        }
        InetSocketAddress target = LatencyProxy.targetOf(server.jdbcUrl(database.name()));
        LatencyProxy link = LatencyProxy.start(target,
                TimeUnit.MICROSECONDS.toNanos(options.linkLatencyMicros()));
        out.printf(Locale.ROOT, "link: every pool connects through a proxy on 127.0.0.1:%d to %s:%d that delays"
                + " each direction by %d us (each round trip by %d us or more)%n", link.port(),
                target.getHostString(), target.getPort(), options.linkLatencyMicros(),
                2 * options.linkLatencyMicros());
        return link;
    }

    /** Where pgbench connects: as the application role, through the link if there is one. */
    private Pgbench.Target pgbenchTarget(BenchmarkServer server, BenchmarkDatabase database, LatencyProxy link) {
        InetSocketAddress direct = LatencyProxy.targetOf(server.jdbcUrl(database.name()));
        String host = link == null ? direct.getHostString() : "127.0.0.1";
        int port = link == null ? direct.getPort() : link.port();
        DataSize size = options.dataSize();
        return new Pgbench.Target(host, port, database.name(), database.appRole(), database.appPassword(),
                Map.of("rows", String.valueOf(size.rows()), "others", String.valueOf(size.tenants() - 1)));
    }

    /**
     * Every mode must count exactly the large tenant's and a small tenant's rows: isolation is in force. {@code h8}
     * (null unless measured) counts them twice: by its JPQL, and by native SQL that only the database's policy
     * filters.
     */
    private void checkIsolation(List<TenancyMode> modes, H8Worker h8, TenantIds tenants) {
        for (Tenant tenant : List.of(tenants.large(), tenants.small().get(0))) {
            for (TenancyMode mode : modes) {
                requireCount(mode.mode().label(), mode.inTransaction(tenant.id(), Tasks::count), tenant,
                        tenant.taskCount());
            }
            if (h8 != null) {
                requireH8Counts(h8, tenant, tenant.taskCount());
            }
        }
        out.printf(Locale.ROOT, "checked: every mode counts exactly the tenant's rows (large tenant %d, small tenant"
                + " %d)%s%n", tenants.large().taskCount(), tenants.small().get(0).taskCount(),
                h8 == null ? "" : "; h8-rls too, and by native SQL, which only its policy filters");
    }

    /**
     * After {@code h8} moved onto the link: its new pool must count, by JPQL and by native SQL, what a superuser
     * (past every policy) counts in its table now, the warm-up's inserts included.
     */
    private void checkMovedWorker(H8Worker h8, BenchmarkDatabase database, TenantIds tenants) throws SQLException {
        try (Connection superuser = database.superuserConnection();
             PreparedStatement count = superuser.prepareStatement(
                     "SELECT count(*) FROM " + H8Schema.TABLE + " WHERE tenant_id = ?")) {
            for (Tenant tenant : List.of(tenants.large(), tenants.small().get(0))) {
                count.setObject(1, tenant.id());
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    requireH8Counts(h8, tenant, rows.getLong(1));
                }
            }
        }
        out.println("checked: h8-rls through the link counts exactly the tenant's rows in its table now");
    }

    private static void requireH8Counts(H8Worker h8, Tenant tenant, long expected) {
        long[] counted = h8.count(tenant.id());
        requireCount(Mode.H8_RLS.label(), counted[0], tenant, expected);
        requireCount(Mode.H8_RLS.label() + " (native SQL, the policy alone)", counted[1], tenant, expected);
    }

    private static void requireCount(String mode, long counted, Tenant tenant, long expected) {
        if (counted != expected) {
            throw new IllegalStateException(mode + " counts " + counted + " tasks for tenant " + tenant.id()
                    + ", which has " + expected);
        }
    }

    /**
     * Through the link a warm-up slice runs a few hundred transactions, too few for the JIT: so first the same
     * warm-up on pools of the same size straight to the server, closed afterwards, and for {@code h8} (null unless
     * measured) on the pool it started with, which also goes straight to the server.
     */
    private void warmUpDirectly(SliceRunner runner, BenchmarkDatabase database, SigningSecret signing, H8Worker h8,
            int concurrency) {
        out.println("warming up without the link first, so the client code is compiled:");
        try (OpenModes direct = OpenModes.open(database, options.poolSize(), signing)) {
            warmUp(runner, direct.modes(), h8, concurrency);
        }
    }

    private void warmUp(SliceRunner runner, List<TenancyMode> modes, H8Worker h8, int concurrency) {
        out.printf(Locale.ROOT, "warming up: every workload in every mode, %d threads, %.2f s each%n", concurrency,
                options.warmupSeconds());
        for (Workload workload : options.workloads()) {
            for (TenancyMode mode : modes) {
                runner.run(mode, workload, concurrency, options.warmupSeconds(), seed(workload, concurrency, -1));
            }
            if (h8 != null) {
                // The modes here share one JIT, which all their warm-ups warm; the worker's JVM has only its own.
                h8.run(workload, concurrency, options.warmupSeconds() * modes.size(), seed(workload, concurrency, -1));
            }
        }
    }

    /** Each round runs the modes of this JVM in turn, then {@code h8}'s slice (null unless measured). */
    private Results measure(SliceRunner runner, List<TenancyMode> modes, H8Worker h8) {
        Results results = new Results();
        for (Workload workload : options.workloads()) {
            for (int concurrency : options.threads()) {
                out.printf(Locale.ROOT, "measuring %s c%d: %d modes x %d rounds x %.2f s%n", workload.label(),
                        concurrency, modes.size() + (h8 == null ? 0 : 1), options.rounds(), options.seconds());
                for (int round = 0; round < options.rounds(); round++) {
                    long seed = seed(workload, concurrency, round);
                    for (TenancyMode mode : modes) {
                        results.add(workload, concurrency, mode.mode(),
                                runner.run(mode, workload, concurrency, options.seconds(), seed));
                    }
                    if (h8 != null) {
                        results.add(workload, concurrency, Mode.H8_RLS,
                                h8.run(workload, concurrency, options.seconds(), seed));
                    }
                }
            }
        }
        return results;
    }

    /** The same seed for every mode of a round, so they get the same tenants and ids. */
    private static long seed(Workload workload, int concurrency, int round) {
        return Objects.hash(workload.label(), concurrency, round) * 1_000L;
    }
}
