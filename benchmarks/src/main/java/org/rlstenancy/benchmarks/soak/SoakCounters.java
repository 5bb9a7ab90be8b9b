package org.rlstenancy.benchmarks.soak;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** What the soak's threads saw while it ran, counted as it happens; the database's side is checked afterwards. */
final class SoakCounters {
    /** SQLSTATE classes and codes of a broken connection or a server that is going away or not there yet. */
    private static final String[] CONNECTION_STATES = {"08", "57P01", "57P02", "57P03"};

    final LongAdder succeeded = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder reads = new LongAdder();
    final LongAdder rowsChecked = new LongAdder();
    final LongAdder crossTenantRowsSeen = new LongAdder();
    final LongAdder crossTenantWritesTried = new LongAdder();
    final LongAdder crossTenantWritesRefused = new LongAdder();
    final LongAdder crossTenantWritesAccepted = new LongAdder();
    final LongAdder tenantlessBorrows = new LongAdder();
    final LongAdder tenantlessRowsSeen = new LongAdder();
    final LongAdder unexpectedErrors = new LongAdder();
    /** Operations that started after the last fault had ended and succeeded: the application recovered. */
    final AtomicLong succeededAfterLastFault = new AtomicLong();
    private final AtomicLong lastFaultEndedNanos = new AtomicLong(Long.MIN_VALUE);
    private final Map<String, LongAdder> failuresByKind = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> samples = new ConcurrentLinkedQueue<>();
    private final AtomicLong sampleCount = new AtomicLong();

    void success(long startedNanos) {
        succeeded.increment();
        long lastFault = lastFaultEndedNanos.get();
        if (lastFault != Long.MIN_VALUE && startedNanos > lastFault) {
            succeededAfterLastFault.incrementAndGet();
        }
    }

    /** A fault has just ended: only operations that start from now on count as recovered. */
    void faultEnded() {
        lastFaultEndedNanos.set(System.nanoTime());
        succeededAfterLastFault.set(0);
    }

    /**
     * Counts a failed operation by its kind. A failure that is not a broken connection, an unreachable server or a
     * pool that timed out waiting for one, or any failure when no fault is injected, is unexpected.
     */
    void failure(Throwable thrown, boolean faultsInjected) {
        failed.increment();
        SQLException connectionFailure = connectionFailure(thrown);
        SQLException sql = connectionFailure != null ? connectionFailure : rootSqlException(thrown);
        String kind = kind(thrown, sql);
        failuresByKind.computeIfAbsent(kind, k -> new LongAdder()).increment();
        if (!faultsInjected || connectionFailure == null) {
            unexpectedErrors.increment();
            sample("unexpected " + kind + ": " + thrown);
        }
    }

    /** A leak or a loss, described for the summary; the first few are kept. */
    void sample(String description) {
        if (sampleCount.incrementAndGet() <= 10) {
            samples.add(description);
        }
    }

    Map<String, Long> failuresByKind() {
        Map<String, Long> sorted = new TreeMap<>();
        failuresByKind.forEach((kind, count) -> sorted.put(kind, count.sum()));
        return sorted;
    }

    Iterable<String> samples() {
        return samples;
    }

    /**
     * The first exception, among {@code thrown}, its causes and what they suppressed, that says the connection broke,
     * the server is away, or the pool timed out waiting for a connection while it was; null if there is none.
     */
    static SQLException connectionFailure(Throwable thrown) {
        Deque<Throwable> pending = new ArrayDeque<>(List.of(thrown));
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        while (!pending.isEmpty()) {
            Throwable t = pending.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (t instanceof SQLException && isConnectionFailure((SQLException) t)) {
                return (SQLException) t;
            }
            if (t.getCause() != null) {
                pending.add(t.getCause());
            }
            pending.addAll(List.of(t.getSuppressed()));
        }
        return null;
    }

    private static boolean isConnectionFailure(SQLException e) {
        String state = e.getSQLState();
        if (state == null) {
            // HikariCP: "Connection is not available, request timed out" while the server is away, and "Connection
            // is closed" on a connection it has evicted as broken.
            return e instanceof SQLTransientConnectionException || "Connection is closed".equals(e.getMessage());
        }
        for (String prefix : CONNECTION_STATES) {
            if (state.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** The innermost SQLException in the cause chain: the driver's own, with its SQLSTATE. */
    static SQLException rootSqlException(Throwable thrown) {
        SQLException found = null;
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException) {
                found = (SQLException) t;
            }
        }
        return found;
    }

    private static String kind(Throwable thrown, SQLException sql) {
        if (sql == null) {
            return thrown.getClass().getSimpleName();
        }
        String message = String.valueOf(sql.getMessage());
        int end = message.indexOf('\n');
        message = (end < 0 ? message : message.substring(0, end)).replaceAll("[0-9]+", "N");
        if (message.length() > 80) {
            message = message.substring(0, 80) + "...";
        }
        return (sql.getSQLState() == null ? "no SQLSTATE" : "SQLSTATE " + sql.getSQLState()) + " " + message;
    }
}
