package org.rlstenancy.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.rlstenancy.benchmarks.mode.Mode;
import org.rlstenancy.core.internal.JsonText;

/**
 * The run as JSON: {@code info} (versions, rows, settings), {@code results} (per workload, threads and mode: the
 * medians and every round), {@code ratios} (throughput over the manual mode's: the median and each round's) and
 * {@code comparisons} (the same over another mode's, for each of {@link Results#ALSO_COMPARED}).
 */
final class JsonReport {
    private JsonReport() {
    }

    static void write(RunInfo info, Results results, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, json(info, results), StandardCharsets.UTF_8);
    }

    static String json(RunInfo info, Results results) {
        List<String> summaries = new ArrayList<>();
        List<String> ratios = new ArrayList<>();
        List<String> comparisons = new ArrayList<>();
        for (Results.Summary summary : results.summaries()) {
            Results.Key key = summary.key();
            List<String> rounds = summary.rounds().stream()
                    .map(round -> "{\"transactions\": " + round.transactions() + ", \"seconds\": "
                            + number(round.seconds()) + ", \"throughput\": " + number(round.throughput())
                            + ", \"p50Millis\": " + number(round.p50Millis()) + ", \"p99Millis\": "
                            + number(round.p99Millis()) + ", \"clientCpuMicros\": "
                            + number(round.clientCpuMicros()) + "}")
                    .toList();
            summaries.add("{\"workload\": " + string(key.workload().label()) + ", \"concurrency\": "
                    + key.concurrency() + ", \"mode\": " + string(key.mode().label()) + ", \"throughput\": "
                    + number(summary.throughput()) + ", \"p50Millis\": " + number(summary.p50Millis())
                    + ", \"p99Millis\": " + number(summary.p99Millis()) + ", \"clientCpuMicros\": "
                    + number(summary.clientCpuMicros()) + ",\n      \"rounds\": ["
                    + String.join(", ", rounds) + "]}");
            if (key.mode() != Mode.MANUAL) {
                List<String> perRound = results.roundRatiosToManual(key.workload(), key.concurrency(), key.mode())
                        .stream().map(JsonReport::number).toList();
                results.ratioToManual(key.workload(), key.concurrency(), key.mode()).ifPresent(ratio -> ratios.add(
                        "{\"mode\": " + string(key.mode().label()) + ", \"workload\": "
                                + string(key.workload().label()) + ", \"concurrency\": " + key.concurrency()
                                + ", \"throughputRatioToManual\": " + number(ratio) + ", \"rounds\": ["
                                + String.join(", ", perRound) + "]}"));
            }
            for (Results.Comparison comparison : Results.ALSO_COMPARED) {
                if (key.mode() == comparison.mode()) {
                    List<String> perRound = results.roundRatios(key.workload(), key.concurrency(), key.mode(),
                            comparison.base()).stream().map(JsonReport::number).toList();
                    results.ratio(key.workload(), key.concurrency(), key.mode(), comparison.base())
                            .ifPresent(ratio -> comparisons.add("{\"mode\": " + string(key.mode().label())
                                    + ", \"base\": " + string(comparison.base().label()) + ", \"workload\": "
                                    + string(key.workload().label()) + ", \"concurrency\": " + key.concurrency()
                                    + ", \"throughputRatio\": " + number(ratio) + ", \"rounds\": ["
                                    + String.join(", ", perRound) + "]}"));
                }
            }
        }
        return "{\n  \"info\": {\n    \"postgresqlVersion\": " + string(info.postgresVersion())
                + ",\n    \"server\": " + string(info.server())
                + ",\n    \"versions\": " + object(info.versions())
                + ",\n    \"rows\": {\"task\": " + info.taskRows() + ", \"task_plain\": " + info.plainRows()
                + ", \"task_signed\": " + info.signedRows()
                + ", \"tenants\": " + info.tenants() + ", \"largeTenant\": " + info.largeTenantRows()
                + ", \"smallTenantMin\": " + info.smallTenantMinRows() + ", \"smallTenantMax\": "
                + info.smallTenantMaxRows() + "}"
                + ",\n    \"settings\": " + object(info.settings())
                + ",\n    \"serverSettings\": " + object(info.serverSettings())
                + "\n  },\n  \"results\": [\n    " + String.join(",\n    ", summaries)
                + "\n  ],\n  \"ratios\": [\n    " + String.join(",\n    ", ratios)
                + "\n  ],\n  \"comparisons\": [\n    " + String.join(",\n    ", comparisons) + "\n  ]\n}\n";
    }

    private static String object(Map<String, String> values) {
        return values.entrySet().stream().map(e -> string(e.getKey()) + ": " + string(e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static String number(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.4f", value) : "null";
    }

    static String string(String value) {
        return JsonText.quote(value);
    }
}
