package org.rlstenancy.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import org.rlstenancy.benchmarks.CommandLine.UsageException;
import org.rlstenancy.benchmarks.data.DataSize;

/**
 * The command line. {@code url}, {@code user} and {@code password} are null unless given; without {@code url} the
 * benchmark starts an embedded server. {@code h8Jar} is the Hibernate 8 worker's jar when {@code h8-rls} is measured
 * ({@code --h8} or {@code --h8-jar}), else null. {@code linkLatencyMicros} is null unless given: then every pool (and
 * pgbench) connects through a {@link org.rlstenancy.benchmarks.link.LatencyProxy} with that one-way latency.
 * {@code pgbench} asks for the pgbench scripts of the point read to be run too ({@link PgbenchComparison}).
 */
record BenchmarkOptions(boolean quick, DataSize dataSize, String url, String user, String password, int rounds,
        double seconds,
        Path json, List<Workload> workloads, List<Integer> threads, Path h8Jar, Integer linkLatencyMicros,
        boolean pgbench) {

    /** Threads per slice by default, each measured separately. */
    static final List<Integer> DEFAULT_THREADS = List.of(1, 4);
    /** The most threads a slice may run. */
    static final int MAX_THREADS = 64;
    /** Connections in each mode's pool at least; more if more threads are asked for, so none waits for one. */
    static final int MIN_POOL_SIZE = 4;
    /** The largest one-way link latency, in microseconds: 100 ms. */
    static final int MAX_LINK_LATENCY_MICROS = 100_000;
    static final Path DEFAULT_JSON = Path.of("benchmarks", "target", "benchmark-results.json");

    static final String USAGE = String.join("\n",
            "usage: java -jar rls-tenancy-benchmarks.jar [--quick] [--tenants N] [--rows N]",
            "                                            [--url JDBC_URL --user U --password P]",
            "                                            [--rounds N] [--seconds S] [--json FILE]",
            "                                            [--workloads W,...] [--threads T,...] [--h8 | --h8-jar JAR]",
            "                                            [--link-latency-us US] [--pgbench]",
            "  --quick      100 tenants, 100,000 rows, short slices: done in under 3 minutes",
            "  --tenants    how many tenants to generate (default 1,000, quick 100); one holds a tenth of the rows",
            "  --rows       how many tasks to generate, a multiple of 10 (default 1,000,000, quick 100,000)",
            "  --url        a superuser JDBC URL of an existing server; a fresh database is created there and",
            "               dropped at the end (default: an embedded PostgreSQL on 127.0.0.1)",
            "  --user       the superuser (default: the URL's user parameter)",
            "  --password   its password (default: the URL's password parameter)",
            "  --rounds     rounds of every mode per workload and concurrency (default 5)",
            "  --seconds    length of each measured slice in seconds (default 3, quick 0.6)",
            "  --json       where to write the results (default " + DEFAULT_JSON + ")",
            "  --workloads  which workloads to measure, comma-separated (default " + labels(List.of(Workload.values()))
                    + ")",
            "  --threads    thread counts to measure each workload with, comma-separated (default 1,4)",
            "  --h8         also measure h8-rls, Hibernate 8's own RLS, in a JVM of its own, from the worker jar at",
            "               " + H8Worker.DEFAULT_JAR + " (build it with -pl benchmarks,benchmarks-h8)",
            "  --h8-jar     the same, with the worker jar there",
            "  --link-latency-us  a one-way network latency in microseconds (0 to " + MAX_LINK_LATENCY_MICROS + "):",
            "               every pool connects through a proxy on 127.0.0.1 that delays each direction by it",
            "  --pgbench    also run the pgbench scripts of the point read (manual, folded, separate) in rounds on",
            "               the same database, as the application role, for the server-side bound; needs pgbench 14+");

    private static final List<String> VALUED = List.of("--url", "--user", "--password", "--rounds", "--seconds",
            "--json", "--workloads", "--threads", "--h8-jar", "--link-latency-us", "--tenants", "--rows");

    /**
     * The options in {@code args}, or empty when they ask for help.
     *
     * @throws UsageException for an unknown or repeated option, a missing value or a value out of range
     */
    static Optional<BenchmarkOptions> parse(String... args) throws UsageException {
        Optional<CommandLine> parsed = CommandLine.parse(args, List.of("--quick", "--h8", "--pgbench"), VALUED);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        CommandLine values = parsed.get();
        boolean quick = values.flag("--quick");
        String url = values.value("--url");
        if (url != null && !url.startsWith("jdbc:postgresql://")) {
            throw new UsageException("--url must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database)");
        }
        if (url == null && (values.has("--user") || values.has("--password"))) {
            throw new UsageException("--user and --password go with --url");
        }
        int rounds = values.has("--rounds") ? positiveInt("--rounds", values.value("--rounds")) : 5;
        double seconds = values.has("--seconds") ? positiveSeconds(values.value("--seconds")) : quick ? 0.6 : 3;
        Path json = values.has("--json") ? Path.of(values.value("--json")) : DEFAULT_JSON;
        List<Workload> workloads = values.has("--workloads") ? workloads(values.value("--workloads"))
                : List.of(Workload.values());
        List<Integer> threads = values.has("--threads") ? threads(values.value("--threads")) : DEFAULT_THREADS;
        if (values.flag("--h8") && values.has("--h8-jar")) {
            throw new UsageException("--h8-jar already means --h8; give one of them");
        }
        Path h8Jar = values.has("--h8-jar") ? Path.of(values.value("--h8-jar"))
                : values.flag("--h8") ? H8Worker.DEFAULT_JAR : null;
        Integer linkLatency = values.has("--link-latency-us") ? linkLatency(values.value("--link-latency-us")) : null;
        DataSize size = dataSize(quick ? DataSize.QUICK : DataSize.FULL, values.value("--tenants"),
                values.value("--rows"));
        return Optional.of(new BenchmarkOptions(quick, size, url, values.value("--user"), values.value("--password"), rounds,
                seconds, json, workloads, threads, h8Jar, linkLatency, values.flag("--pgbench")));
    }

    /** The most threads of any slice. */
    int maxThreads() {
        return threads.stream().mapToInt(Integer::intValue).max().orElse(1);
    }

    /** Connections in each mode's pool: enough for the most threads of any slice. */
    int poolSize() {
        return Math.max(MIN_POOL_SIZE, maxThreads());
    }

    /** Warm-up per mode and workload, before any measuring. */
    double warmupSeconds() {
        return quick ? 0.4 : 2;
    }

    /** {@code defaults}, with the tenants and rows given (each null if not). */
    private static DataSize dataSize(DataSize defaults, String tenants, String rows) throws UsageException {
        try {
            return new DataSize(tenants != null ? positiveInt("--tenants", tenants) : defaults.tenants(),
                    rows != null ? positiveInt("--rows", rows) : defaults.rows());
        } catch (IllegalArgumentException e) {
            throw new UsageException("--tenants and --rows: " + e.getMessage());
        }
    }

    private static int positiveInt(String name, String value) throws UsageException {
        try {
            int parsed = Integer.parseInt(value);
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(name + " must be a positive whole number, not " + value);
    }

    private static int linkLatency(String value) throws UsageException {
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= 0 && parsed <= MAX_LINK_LATENCY_MICROS) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--link-latency-us must be a whole number from 0 to " + MAX_LINK_LATENCY_MICROS
                + ", not " + value);
    }

    private static List<Workload> workloads(String value) throws UsageException {
        List<Workload> workloads = new ArrayList<>();
        for (String label : distinct("--workloads", value)) {
            Workload workload = Arrays.stream(Workload.values()).filter(w -> w.label().equals(label)).findFirst()
                    .orElseThrow(() -> new UsageException("--workloads: unknown workload '" + label + "'; known: "
                            + labels(List.of(Workload.values()))));
            workloads.add(workload);
        }
        return List.copyOf(workloads);
    }

    private static List<Integer> threads(String value) throws UsageException {
        List<Integer> threads = new ArrayList<>();
        for (String count : distinct("--threads", value)) {
            int parsed = positiveInt("--threads", count);
            if (parsed > MAX_THREADS) {
                throw new UsageException("--threads must be at most " + MAX_THREADS + ", not " + parsed);
            }
            threads.add(parsed);
        }
        return List.copyOf(threads);
    }

    /** The comma-separated items of {@code value}, in order; none may be empty or repeated. */
    private static List<String> distinct(String name, String value) throws UsageException {
        List<String> items = new ArrayList<>();
        for (String item : value.split(",", -1)) {
            String trimmed = item.strip().toLowerCase(Locale.ROOT);
            if (trimmed.isEmpty()) {
                throw new UsageException(name + " has an empty item in '" + value + "'");
            }
            if (items.contains(trimmed)) {
                throw new UsageException(name + " names '" + trimmed + "' twice");
            }
            items.add(trimmed);
        }
        return items;
    }

    private static String labels(List<Workload> workloads) {
        return workloads.stream().map(Workload::label).collect(Collectors.joining(","));
    }

    private static double positiveSeconds(String value) throws UsageException {
        try {
            double parsed = Double.parseDouble(value);
            if (parsed >= 0.05 && parsed <= 3600) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--seconds must be a number from 0.05 to 3600, not " + value);
    }

    @Override
    public String toString() {
        String shownUrl = url == null ? null : url.replaceAll("(?i)(password=)[^&]*", "$1***");
        return "BenchmarkOptions[quick=" + quick + ", dataSize=" + dataSize + ", url=" + shownUrl + ", user=" + user + ", password="
                + (password == null ? null : "***") + ", rounds=" + rounds + ", seconds=" + seconds + ", json=" + json
                + ", workloads=" + labels(workloads) + ", threads=" + threads + ", h8Jar=" + h8Jar
                + ", linkLatencyMicros=" + linkLatencyMicros + ", pgbench=" + pgbench + "]";
    }
}
