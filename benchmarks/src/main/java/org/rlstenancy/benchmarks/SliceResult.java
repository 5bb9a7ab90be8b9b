package org.rlstenancy.benchmarks;

/** One mode's measurement in one round: transactions per second and latency percentiles in milliseconds. */
public record SliceResult(long transactions, double seconds, double throughput, double p50Millis,
        double p99Millis) {
}
