package org.rlstenancy.benchmarks.pgbench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlstenancy.benchmarks.data.BenchmarkDatabase;
import org.rlstenancy.benchmarks.data.BenchmarkServer;
import org.rlstenancy.benchmarks.data.DataSize;
import org.rlstenancy.benchmarks.data.SigningSecret;
import org.rlstenancy.benchmarks.data.TaskSchema;
import org.rlstenancy.benchmarks.link.LatencyProxy;

/**
 * One quick real run of each script, as the application role on the benchmark's tables, directly and through the
 * latency proxy; skipped without pgbench 14 or later. The reads return their row only if the script computed the
 * row's own tenant; that they do is checked by running each script once more with {@code \gset} after its read,
 * which fails a run in which any read returns no row.
 */
class PgbenchRunTest {
    @TempDir
    Path directory;

    @Test
    void everyScriptRunsOnTheBenchmarkTablesDirectlyAndThroughTheLink() throws Exception {
        Optional<Pgbench> pgbench = Pgbench.find();
        assumeTrue(pgbench.isPresent() && pgbench.get().runsPipelines(), "needs pgbench 14 or later");
        DataSize size = new DataSize(10, 1_000);
        try (BenchmarkServer server = BenchmarkServer.embedded();
             BenchmarkDatabase database = BenchmarkDatabase.create(server)) {
            try (Connection owner = database.ownerConnection()) {
                TaskSchema.create(owner, database.appRole(), size, SigningSecret.random());
            }
            Map<String, String> variables = Map.of("rows", "1000", "others", "9");
            Pgbench.Target direct = new Pgbench.Target("127.0.0.1", server.port(), database.name(),
                    database.appRole(), database.appPassword(), variables);
            for (PgbenchScript script : PgbenchScript.values()) {
                assertThat(pgbench.get().run(script.writeTo(directory), direct, 2, 1)).isPositive();
            }
            for (PgbenchScript script : PgbenchScript.values()) {
                assertThat(pgbench.get().run(checking(script, directory), direct, 1, 1)).isPositive();
            }
            try (LatencyProxy link = LatencyProxy.start(new InetSocketAddress("127.0.0.1", server.port()),
                    TimeUnit.MICROSECONDS.toNanos(200))) {
                Pgbench.Target linked = new Pgbench.Target("127.0.0.1", link.port(), database.name(),
                        database.appRole(), database.appPassword(), variables);
                double tps = pgbench.get().run(directory.resolve("folded.sql"), linked, 1, 1);
                // Two round trips a transaction, each at least 2 x 200 us: at most 1,250 per second.
                assertThat(tps).isPositive().isLessThan(1_250);
                assertThat(link.stats().chunksToTarget()).isPositive();
            }
        }
        assertThat(Files.exists(directory.resolve("manual.sql"))).isTrue();
    }

    /**
     * {@code script} without its pipeline, each read ending in {@code \gset}, which fails the transaction (and so
     * the run) unless the read returns exactly one row.
     */
    private static Path checking(PgbenchScript script, Path directory) throws Exception {
        String text = script.text().replace("\\startpipeline\n", "").replace("\\endpipeline\n", "")
                .replaceAll("(SELECT id, created_at[^;]*);", "$1 \\\\gset");
        assertThat(text).contains("\\gset").doesNotContain("pipeline\n");
        return Files.writeString(directory.resolve("check-" + script.label() + ".sql"), text);
    }
}
