package org.rlstenancy.benchmarks;

import java.util.Arrays;

/** The latencies of one thread's transactions, in nanoseconds, and its CPU time. Not thread-safe. */
final class LatencyRecorder {
    private long[] nanos = new long[1024];
    private int count;
    private long cpuNanos = -1;

    void add(long latencyNanos) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = latencyNanos;
    }

    /** Records the CPU time the thread spent on the transactions; negative when it could not be measured. */
    void cpuNanos(long cpuNanos) {
        this.cpuNanos = cpuNanos;
    }

    /**
     * The CPU time of {@code recorders}' threads per transaction, in microseconds; NaN if any thread's CPU time is
     * unknown or there were no transactions.
     */
    static double cpuMicrosPerTransaction(Iterable<LatencyRecorder> recorders) {
        long cpu = 0;
        long transactions = 0;
        for (LatencyRecorder recorder : recorders) {
            if (recorder.cpuNanos < 0) {
                return Double.NaN;
            }
            cpu += recorder.cpuNanos;
            transactions += recorder.count;
        }
        return transactions == 0 ? Double.NaN : cpu / 1e3 / transactions;
    }

    /** All recorded latencies of {@code recorders}, sorted. */
    static long[] sorted(Iterable<LatencyRecorder> recorders) {
        int total = 0;
        for (LatencyRecorder recorder : recorders) {
            total += recorder.count;
        }
        long[] all = new long[total];
        int at = 0;
        for (LatencyRecorder recorder : recorders) {
            System.arraycopy(recorder.nanos, 0, all, at, recorder.count);
            at += recorder.count;
        }
        Arrays.sort(all);
        return all;
    }

    /** The nearest-rank percentile {@code p} (0 to 1) of {@code sorted}, in milliseconds. */
    static double percentileMillis(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)] / 1e6;
    }
}
