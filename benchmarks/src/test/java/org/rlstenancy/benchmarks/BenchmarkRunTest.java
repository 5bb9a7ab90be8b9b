package org.rlstenancy.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole run through the link, on the workload that writes: every mode is checked before anything writes, warmed
 * up straight to the server and through the link, measured, and its round trips through the link counted.
 */
class BenchmarkRunTest {
    @TempDir
    Path directory;

    @Test
    void aRunThroughTheLinkOnTheWritingWorkloadChecksFirstAndReportsEveryMode() throws Exception {
        Path json = directory.resolve("results.json");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            new BenchmarkRun(BenchmarkOptions.parse("--quick", "--workloads", "mixed", "--threads", "1", "--rounds",
                    "1", "--seconds", "0.1", "--link-latency-us", "50", "--json", json.toString()).orElseThrow(),
                    out).run();
        }
        String report = bytes.toString(StandardCharsets.UTF_8);

        assertThat(report.indexOf("checked: every mode counts exactly the tenant's rows"))
                .isPositive().isLessThan(report.indexOf("warming up"));
        assertThat(report).contains("ratio rls/manual mixed c1 = ", "ratio rls-separate/manual mixed c1 = ",
                "through the link: 50 us each way");
        assertThat(report).containsPattern("link round trips per transaction, mixed: manual \\d\\.\\d\\d, .*"
                + "rls \\d\\.\\d\\d, rls-separate \\d\\.\\d\\d");
        assertThat(Files.readString(json)).contains("\"mixed\"");
    }
}
