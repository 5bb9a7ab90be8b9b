package org.rlstenancy.benchmarks.pgbench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The throughput is read from pgbench's own summary, as pgbench 14 and later print it, and as 13 did. */
class PgbenchOutputTest {
    private static final String PGBENCH_15 = """
            pgbench (15.20 (Debian 15.20-0+deb12u1))
            transaction type: /tmp/rls-tenancy-pgbench123/folded.sql
            scaling factor: 1
            query mode: prepared
            number of clients: 4
            number of threads: 4
            maximum number of tries: 1
            duration: 1 s
            number of transactions actually processed: 20745
            number of failed transactions: 0 (0.000%)
            latency average = 0.192 ms
            initial connection time = 3.373 ms
            tps = 20770.528404 (without initial connection time)
            """;
    private static final String PGBENCH_13 = """
            transaction type: manual.sql
            number of transactions actually processed: 80212
            latency average = 0.100 ms
            tps = 10012.000001 (including connections establishing)
            tps = 10026.512345 (excluding connections establishing)
            """;

    @Test
    void theThroughputWithoutConnectingIsRead() {
        assertThat(Pgbench.tps(PGBENCH_15)).contains(20770.528404);
    }

    @Test
    void beforePgbench14TheLineExcludingConnectingIsRead() {
        assertThat(Pgbench.tps(PGBENCH_13)).contains(10026.512345);
    }

    @Test
    void outputWithoutASummaryHasNoThroughput() {
        assertThat(Pgbench.tps("pgbench: error: connection to server failed\n")).isEmpty();
        assertThat(Pgbench.tps("latency average = 0.1 ms\ntps = fast\n")).isEmpty();
    }

    @Test
    void everyScriptIsInTheJarAndRunsInAPipeline() {
        for (PgbenchScript script : PgbenchScript.values()) {
            assertThat(script.text()).contains("\\startpipeline", "\\endpipeline", "random(1, :rows)", "% :others");
        }
        assertThat(PgbenchScript.MANUAL.text()).contains("FROM task_plain").doesNotContain("set_config");
        assertThat(PgbenchScript.FOLDED.text()).containsSubsequence("BEGIN;", "set_config", "FROM task ",
                "\\endpipeline", "COMMIT;");
        assertThat(PgbenchScript.SEPARATE.text()).containsSubsequence("BEGIN;", "set_config", "\\endpipeline",
                "FROM task ", "COMMIT;");
    }
}
