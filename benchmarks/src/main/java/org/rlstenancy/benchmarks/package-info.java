/**
 * The performance harness: {@code java -jar rls-tenancy-benchmarks.jar} compares the tenant isolation modes of
 * {@link org.rlstenancy.benchmarks.mode.Mode} side by side on one PostgreSQL, workload by workload
 * ({@link org.rlstenancy.benchmarks.Workload}), the modes interleaved in rounds, and reports median throughput and
 * latency with each mode's throughput ratio to the manual mode. Entry point:
 * {@link org.rlstenancy.benchmarks.BenchmarkMain}.
 */
package org.rlstenancy.benchmarks;
