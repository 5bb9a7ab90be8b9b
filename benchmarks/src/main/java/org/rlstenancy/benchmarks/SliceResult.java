package org.rlstenancy.benchmarks;

/**
 * One mode's measurement in one round: transactions per second, latency percentiles in milliseconds, and the CPU
 * time the benchmark's own threads spent per transaction in microseconds (NaN where the JVM cannot measure thread
 * CPU time). That CPU time is the client's share (Hibernate, the pool, the driver, RLS Tenancy); the rest of a
 * transaction's latency is the network and the server.
 */
public record SliceResult(long transactions, double seconds, double throughput, double p50Millis,
        double p99Millis, double clientCpuMicros) {
}
