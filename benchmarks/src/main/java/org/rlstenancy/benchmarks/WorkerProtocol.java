package org.rlstenancy.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.rlstenancy.benchmarks.data.TenantIds;

/**
 * The line protocol between the benchmark and a mode that runs in a JVM of its own (the Hibernate 8 worker,
 * {@code benchmarks-h8}, which compiles this source too). The benchmark writes one request a line to the worker's
 * stdin; the worker answers each with one line on its stdout, {@code ok ...} or {@code error <message>}:
 * <ul>
 *   <li>{@code open <url> <user> <password> <pool size> <max threads> <n>}, then {@code n} lines
 *       {@code <tenant> <large>} ({@link TenantIds#listed()}): connect as the application role and load the tenants'
 *       task ids; answers {@code ok <task ids loaded>};</li>
 *   <li>{@code reconnect <url>}: replace the pool (and the mode on it) by one to {@code url}, with the same role
 *       and size, keeping the JVM and its compiled code; answers {@code ok};</li>
 *   <li>{@code count <tenant>}: the tenant's tasks counted in one transaction, by the mode's JPQL and by native SQL
 *       that only the database's policy filters; answers {@code ok <jpql count> <native count>};</li>
 *   <li>{@code run <workload> <threads> <seconds> <seed>}: one slice, as {@link SliceRunner} runs one; answers
 *       {@code ok} and the {@link SliceResult}'s fields in order;</li>
 *   <li>{@code quit}: answers {@code ok} and exits.</li>
 * </ul>
 */
public final class WorkerProtocol {
    public static final String OPEN = "open";
    public static final String RECONNECT = "reconnect";
    public static final String COUNT = "count";
    public static final String RUN = "run";
    public static final String QUIT = "quit";
    public static final String OK = "ok";
    public static final String ERROR = "error";

    private WorkerProtocol() {
    }

    /** The {@code open} request's lines. */
    public static List<String> open(String url, String user, String password, int poolSize, int maxThreads,
            List<TenantIds.Listed> tenants) {
        List<String> lines = new ArrayList<>();
        lines.add(String.join(" ", OPEN, url, user, password, Integer.toString(poolSize), Integer.toString(maxThreads),
                Integer.toString(tenants.size())));
        tenants.forEach(tenant -> lines.add(tenant.id() + " " + tenant.large()));
        return lines;
    }

    /** One {@code <tenant> <large>} line of an {@code open} request, back as the tenant. */
    public static TenantIds.Listed tenant(String line) {
        String[] fields = line.strip().split(" ");
        return new TenantIds.Listed(UUID.fromString(fields[0]), Boolean.parseBoolean(fields[1]));
    }

    public static String run(String workload, int concurrency, double seconds, long seed) {
        return String.join(" ", RUN, workload, Integer.toString(concurrency), Double.toString(seconds),
                Long.toString(seed));
    }

    /** {@code ok} and {@code result}'s fields. */
    public static String ok(SliceResult result) {
        return String.join(" ", OK, Long.toString(result.transactions()), Double.toString(result.seconds()),
                Double.toString(result.throughput()), Double.toString(result.p50Millis()),
                Double.toString(result.p99Millis()), Double.toString(result.clientCpuMicros()));
    }

    /** The answer to a {@code run} request, without its {@code ok}, back as the slice's result. */
    public static SliceResult sliceResult(String[] fields) {
        if (fields.length != 6) {
            throw new IllegalArgumentException("A slice's result has 6 fields, not " + fields.length);
        }
        return new SliceResult(Long.parseLong(fields[0]), Double.parseDouble(fields[1]), Double.parseDouble(fields[2]),
                Double.parseDouble(fields[3]), Double.parseDouble(fields[4]), Double.parseDouble(fields[5]));
    }

    /** An {@code error} answer: the message on one line. */
    public static String error(Throwable failure) {
        StringBuilder message = new StringBuilder(String.valueOf(failure));
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            message.append("; caused by ").append(cause);
        }
        return ERROR + " " + message.toString().replaceAll("\\s+", " ");
    }

    /**
     * The fields of an {@code ok} answer, after the {@code ok}.
     *
     * @throws IllegalStateException for an {@code error} answer or none, saying what {@code request} it answers
     */
    public static String[] okFields(String request, String answer) {
        String verb = request.split(" ", 2)[0];
        if (answer == null) {
            throw new IllegalStateException("The worker ended without answering " + verb);
        }
        if (answer.equals(OK)) {
            return new String[0];
        }
        if (answer.startsWith(OK + " ")) {
            return answer.substring(OK.length() + 1).split(" ");
        }
        throw new IllegalStateException(String.format(Locale.ROOT, "The worker answered %s with: %s", verb, answer));
    }
}
