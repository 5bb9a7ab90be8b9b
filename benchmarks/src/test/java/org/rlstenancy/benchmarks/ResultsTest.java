package org.rlstenancy.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rlstenancy.benchmarks.mode.Mode;

class ResultsTest {

    @Test
    void summariesAreMediansOverRounds() {
        Results results = new Results();
        results.add(Workload.POINT, 1, Mode.MANUAL, slice(100, 1.0, 5.0));
        results.add(Workload.POINT, 1, Mode.MANUAL, slice(300, 3.0, 9.0));
        results.add(Workload.POINT, 1, Mode.MANUAL, slice(200, 2.0, 7.0));

        Results.Summary summary = results.summaries().get(0);

        assertThat(summary.throughput()).isEqualTo(200);
        assertThat(summary.p50Millis()).isEqualTo(2.0);
        assertThat(summary.p99Millis()).isEqualTo(7.0);
        assertThat(summary.rounds()).hasSize(3);
    }

    @Test
    void anEvenNumberOfRoundsTakesTheMeanOfTheMiddleTwo() {
        assertThat(Results.median(List.of(slice(100, 1, 1), slice(400, 1, 1), slice(200, 1, 1), slice(300, 1, 1)),
                SliceResult::throughput)).isEqualTo(250);
    }

    @Test
    void ratioLinesCompareEveryOtherModeWithManual() {
        Results results = new Results();
        results.add(Workload.PAGE, 4, Mode.MANUAL, slice(1000, 1, 1));
        results.add(Workload.PAGE, 4, Mode.DISCRIMINATOR, slice(950, 1, 1));
        results.add(Workload.PAGE, 4, Mode.RLS, slice(876, 1, 1));
        results.add(Workload.PAGE, 4, Mode.RLS_SEPARATE, slice(1234, 1, 1));
        results.add(Workload.PAGE, 4, Mode.RLS_SIGNED, slice(800, 1, 1));

        assertThat(ConsoleReport.ratioLines(results)).containsExactly(
                "ratio discriminator/manual page c4 = 0.95",
                "ratio rls/manual page c4 = 0.88",
                "ratio rls-separate/manual page c4 = 1.23",
                "ratio rls-signed/manual page c4 = 0.80",
                "ratio rls-signed/rls page c4 = 0.91");
    }

    @Test
    void withH8RlsMeasuredRlsIsComparedWithIt() {
        Results results = new Results();
        results.add(Workload.POINT, 1, Mode.MANUAL, slice(1000, 1, 1));
        results.add(Workload.POINT, 1, Mode.RLS, slice(900, 1, 1));
        results.add(Workload.POINT, 1, Mode.H8_RLS, slice(500, 1, 1));

        assertThat(ConsoleReport.ratioLines(results)).containsExactly(
                "ratio rls/manual point c1 = 0.90",
                "ratio h8-rls/manual point c1 = 0.50",
                "ratio rls/h8-rls point c1 = 1.80");
    }

    @Test
    void ratiosPairEachRoundWithTheManualModeOfTheSameRound() {
        Results results = new Results();
        double[] manual = {1000, 2000, 2000};
        double[] rls = {800, 1600, 800};
        for (int round = 0; round < manual.length; round++) {
            results.add(Workload.POINT, 1, Mode.MANUAL, slice(manual[round], 1, 1));
            results.add(Workload.POINT, 1, Mode.RLS, slice(rls[round], 1, 1));
        }

        assertThat(results.roundRatiosToManual(Workload.POINT, 1, Mode.RLS)).containsExactly(0.8, 0.8, 0.4);
        assertThat(results.ratioToManual(Workload.POINT, 1, Mode.RLS)).contains(0.8);
    }

    @Test
    void theJsonHoldsTheRatiosAndEscapesText() {
        Results results = new Results();
        results.add(Workload.MIXED, 1, Mode.MANUAL, slice(1000, 1, 2));
        results.add(Workload.MIXED, 1, Mode.RLS, slice(500, 1, 2));
        results.add(Workload.MIXED, 1, Mode.RLS_SIGNED, slice(400, 1, 2));

        String json = JsonReport.json(new RunInfo("PostgreSQL \"17\"", "embedded", Map.of(), 1, 1, 1, 2, 1,
                0, 0, Map.of(), Map.of()), results);

        assertThat(json).contains("\"postgresqlVersion\": \"PostgreSQL \\\"17\\\"\"")
                .contains("{\"mode\": \"rls\", \"workload\": \"mixed\", \"concurrency\": 1,"
                        + " \"throughputRatioToManual\": 0.5000, \"rounds\": [0.5000]}")
                .contains("{\"mode\": \"rls-signed\", \"base\": \"rls\", \"workload\": \"mixed\", \"concurrency\": 1,"
                        + " \"throughputRatio\": 0.8000, \"rounds\": [0.8000]}");
    }

    @Test
    void percentilesAreNearestRank() {
        long[] sorted = new long[100];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = (i + 1) * 1_000_000L;
        }

        assertThat(LatencyRecorder.percentileMillis(sorted, 0.50)).isEqualTo(50.0);
        assertThat(LatencyRecorder.percentileMillis(sorted, 0.99)).isEqualTo(99.0);
        assertThat(LatencyRecorder.percentileMillis(new long[] {7_000_000L}, 0.99)).isEqualTo(7.0);
    }

    @Test
    void clientCpuIsPerTransactionOverEveryThreadAndUnknownIfAnyThreadsIs() {
        LatencyRecorder first = recorder(3, 30_000);
        LatencyRecorder second = recorder(1, 10_000);

        assertThat(LatencyRecorder.cpuMicrosPerTransaction(List.of(first, second))).isEqualTo(10.0);
        assertThat(LatencyRecorder.cpuMicrosPerTransaction(List.of(first, recorder(1, -1)))).isNaN();
        assertThat(LatencyRecorder.cpuMicrosPerTransaction(List.of(recorder(0, 5_000)))).isNaN();
    }

    @Test
    void theReportsGiveTheMedianClientCpuAndMarkItUnknownWhereItIs() {
        Results results = new Results();
        results.add(Workload.POINT, 1, Mode.MANUAL, new SliceResult(100, 1, 100, 1, 1, 20.0));
        results.add(Workload.POINT, 1, Mode.MANUAL, new SliceResult(100, 1, 100, 1, 1, 24.0));
        results.add(Workload.POINT, 1, Mode.MANUAL, new SliceResult(100, 1, 100, 1, 1, 22.0));
        results.add(Workload.POINT, 1, Mode.RLS, new SliceResult(100, 1, 100, 1, 1, Double.NaN));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        ConsoleReport.print(results, new PrintStream(printed, true, StandardCharsets.UTF_8));
        String json = JsonReport.json(new RunInfo("17", "embedded", Map.of(), 1, 1, 1, 2, 1, 0, 0, Map.of(),
                Map.of()),
                results);

        assertThat(results.summaries().get(0).clientCpuMicros()).isEqualTo(22.0);
        assertThat(printed.toString(StandardCharsets.UTF_8).lines())
                .anySatisfy(line -> assertThat(line).contains("client cpu us/tx"))
                .anySatisfy(line -> assertThat(line).contains("manual").endsWith(" 22.0"))
                .anySatisfy(line -> assertThat(line).contains("rls").endsWith(" n/a"));
        assertThat(json).contains("\"clientCpuMicros\": 22.0000,").contains("\"clientCpuMicros\": null");
    }

    private static LatencyRecorder recorder(int transactions, long cpuNanos) {
        LatencyRecorder recorder = new LatencyRecorder();
        for (int i = 0; i < transactions; i++) {
            recorder.add(1_000);
        }
        recorder.cpuNanos(cpuNanos);
        return recorder;
    }

    private static SliceResult slice(double throughput, double p50, double p99) {
        return new SliceResult((long) throughput, 1.0, throughput, p50, p99, Double.NaN);
    }
}
