package org.rlstenancy.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.rlstenancy.benchmarks.mode.Mode;
import org.rlstenancy.benchmarks.pgbench.Pgbench;
import org.rlstenancy.benchmarks.pgbench.Pgbench.Target;
import org.rlstenancy.benchmarks.pgbench.PgbenchScript;

/**
 * {@code --pgbench}: the point read as pgbench sends it ({@link PgbenchScript}), on the same database and rows as
 * the application role, through the same link, for each thread count; the scripts interleaved in rounds as the
 * modes are. Prints, beside the Hibernate run's {@code rls/manual}, the server-side bound {@code folded/manual} and
 * the client-side gap between the two:
 * <pre>
 * pgbench bound folded/manual point c1 = 0.93
 * client-side gap point c1 = bound - rls/manual = 0.02 (0.932 - 0.915)
 * </pre>
 */
final class PgbenchComparison {
    private final Pgbench pgbench;
    private final Target target;
    private final BenchmarkOptions options;
    private final PrintStream out;

    private PgbenchComparison(Pgbench pgbench, Target target, BenchmarkOptions options, PrintStream out) {
        this.pgbench = pgbench;
        this.target = target;
        this.options = options;
        this.out = out;
    }

    /**
     * Runs the comparison against {@code target} and prints it, or says why it cannot run: no pgbench, or one
     * older than {@value Pgbench#MIN_MAJOR}.
     */
    static void run(BenchmarkOptions options, Target target, Results results, PrintStream out)
            throws IOException, InterruptedException {
        Optional<Pgbench> found = Pgbench.find();
        if (found.isEmpty()) {
            out.println("pgbench: not run: no pgbench on the PATH or in /usr/lib/postgresql/*/bin");
            return;
        }
        if (!found.get().runsPipelines()) {
            out.println("pgbench: not run: " + found.get().binary() + " is pgbench " + found.get().version()
                    + "; the scripts need " + Pgbench.MIN_MAJOR + " or later");
            return;
        }
        new PgbenchComparison(found.get(), target, options, out).run(results);
    }

    /** Whole seconds per pgbench run: the slice length, at least one. */
    int seconds() {
        return (int) Math.max(1, Math.round(options.seconds()));
    }

    private void run(Results results) throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory("rls-tenancy-pgbench");
        try {
            Map<PgbenchScript, Path> scripts = new EnumMap<>(PgbenchScript.class);
            for (PgbenchScript script : PgbenchScript.values()) {
                scripts.put(script, script.writeTo(directory));
            }
            out.printf(Locale.ROOT, "pgbench %s (%s): the point read's scripts %s, %d rounds x %d s, as the"
                    + " application role on %s:%d%n", pgbench.version(), pgbench.binary(), labels(), options.rounds(),
                    seconds(), target.host(), target.port());
            for (PgbenchScript script : PgbenchScript.values()) {
                pgbench.run(scripts.get(script), target, options.maxThreads(), 1);
            }
            List<String> lines = new ArrayList<>();
            for (int concurrency : options.threads()) {
                lines.addAll(measure(scripts, concurrency, results));
            }
            out.println();
            lines.forEach(out::println);
        } finally {
            for (PgbenchScript script : PgbenchScript.values()) {
                Files.deleteIfExists(directory.resolve(script.label() + ".sql"));
            }
            Files.deleteIfExists(directory);
        }
    }

    private List<String> measure(Map<PgbenchScript, Path> scripts, int concurrency, Results results)
            throws IOException, InterruptedException {
        out.printf(Locale.ROOT, "measuring pgbench point c%d: %d scripts x %d rounds x %d s%n", concurrency,
                scripts.size(), options.rounds(), seconds());
        Map<PgbenchScript, List<Double>> tps = new EnumMap<>(PgbenchScript.class);
        for (int round = 0; round < options.rounds(); round++) {
            for (PgbenchScript script : PgbenchScript.values()) {
                tps.computeIfAbsent(script, s -> new ArrayList<>())
                        .add(pgbench.run(scripts.get(script), target, concurrency, seconds()));
            }
        }
        return lines(tps, concurrency,
                results.ratioToManual(Workload.POINT, concurrency, Mode.RLS).orElse(Double.NaN));
    }

    /**
     * The report lines of one thread count, from each script's throughput in each round and the Hibernate run's
     * {@code rls/manual} for the point read (NaN if it was not measured).
     */
    static List<String> lines(Map<PgbenchScript, List<Double>> tps, int concurrency, double rlsRatio) {
        List<String> lines = new ArrayList<>();
        StringBuilder medians = new StringBuilder();
        for (PgbenchScript script : PgbenchScript.values()) {
            medians.append(medians.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.1f",
                    script.label(), Results.median(tps.get(script))));
        }
        lines.add(String.format(Locale.ROOT, "pgbench point c%d tx/s (median): %s", concurrency, medians));
        double bound = ratio(tps, PgbenchScript.FOLDED);
        lines.add(String.format(Locale.ROOT, "pgbench bound folded/manual point c%d = %.2f", concurrency, bound));
        lines.add(String.format(Locale.ROOT, "pgbench ratio separate/manual point c%d = %.2f", concurrency,
                ratio(tps, PgbenchScript.SEPARATE)));
        if (Double.isNaN(rlsRatio)) {
            lines.add(String.format(Locale.ROOT, "client-side gap point c%d: not measured (no point workload at %d"
                    + " threads through Hibernate in this run)", concurrency, concurrency));
        } else {
            lines.add(String.format(Locale.ROOT, "client-side gap point c%d = bound - rls/manual = %.2f (%.3f - %.3f)",
                    concurrency, bound - rlsRatio, bound, rlsRatio));
        }
        return lines;
    }

    /** The median over rounds of {@code script}'s throughput over the manual script's in the same round. */
    private static double ratio(Map<PgbenchScript, List<Double>> tps, PgbenchScript script) {
        List<Double> manual = tps.get(PgbenchScript.MANUAL);
        List<Double> measured = tps.get(script);
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round < Math.min(manual.size(), measured.size()); round++) {
            ratios.add(measured.get(round) / manual.get(round));
        }
        return Results.median(ratios);
    }

    private static String labels() {
        StringBuilder labels = new StringBuilder();
        for (PgbenchScript script : PgbenchScript.values()) {
            labels.append(labels.length() == 0 ? "" : ", ").append(script.label());
        }
        return labels.toString();
    }
}
