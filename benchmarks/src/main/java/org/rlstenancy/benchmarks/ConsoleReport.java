package org.rlstenancy.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.rlstenancy.benchmarks.mode.Mode;

/** The results as a table, then one line per comparison with the manual mode, and of rls-signed with rls. */
final class ConsoleReport {
    private static final String ROW = "%-8s %7s  %-14s %10s %9s %9s %10s %16s%n";

    private ConsoleReport() {
    }

    static void print(Results results, PrintStream out) {
        out.printf(Locale.ROOT, ROW, "workload", "threads", "mode", "tx/s", "p50 ms", "p99 ms", "vs manual",
                "client cpu us/tx");
        Workload previous = null;
        int previousConcurrency = 0;
        for (Results.Summary summary : results.summaries()) {
            Results.Key key = summary.key();
            if (previous != null && (key.workload() != previous || key.concurrency() != previousConcurrency)) {
                out.println();
            }
            previous = key.workload();
            previousConcurrency = key.concurrency();
            String ratio = results.ratioToManual(key.workload(), key.concurrency(), key.mode())
                    .map(value -> String.format(Locale.ROOT, "%.2f", value)).orElse("");
            out.printf(Locale.ROOT, ROW, key.workload().label(), key.concurrency(), key.mode().label(),
                    String.format(Locale.ROOT, "%.1f", summary.throughput()),
                    String.format(Locale.ROOT, "%.3f", summary.p50Millis()),
                    String.format(Locale.ROOT, "%.3f", summary.p99Millis()), ratio,
                    Double.isNaN(summary.clientCpuMicros()) ? "n/a"
                            : String.format(Locale.ROOT, "%.1f", summary.clientCpuMicros()));
        }
        out.println();
        ratioLines(results).forEach(out::println);
    }

    /**
     * {@code ratio <mode>/manual <workload> c<threads> = <x.xx>} for every mode but manual and every cell, then
     * {@code ratio rls-signed/rls ...} for each of {@link Results#ALSO_COMPARED}.
     */
    static List<String> ratioLines(Results results) {
        List<Results.Key> keys = results.summaries().stream().map(Results.Summary::key).toList();
        List<String> lines = new ArrayList<>();
        for (Results.Key key : keys) {
            if (key.mode() != Mode.MANUAL) {
                results.ratioToManual(key.workload(), key.concurrency(), key.mode())
                        .ifPresent(ratio -> lines.add(line(key, Mode.MANUAL, ratio)));
            }
        }
        for (Results.Comparison comparison : Results.ALSO_COMPARED) {
            for (Results.Key key : keys) {
                if (key.mode() == comparison.mode()) {
                    results.ratio(key.workload(), key.concurrency(), key.mode(), comparison.base())
                            .ifPresent(ratio -> lines.add(line(key, comparison.base(), ratio)));
                }
            }
        }
        return lines;
    }

    private static String line(Results.Key key, Mode base, double ratio) {
        return String.format(Locale.ROOT, "ratio %s/%s %s c%d = %.2f", key.mode().label(), base.label(),
                key.workload().label(), key.concurrency(), ratio);
    }
}
