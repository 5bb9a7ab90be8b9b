/**
 * pgbench from the benchmark command ({@code --pgbench}): finding the binary
 * ({@link org.rlstenancy.benchmarks.pgbench.Pgbench}), the point read's scripts on the benchmark's own tables
 * ({@link org.rlstenancy.benchmarks.pgbench.PgbenchScript}), one run and its throughput read from pgbench's output.
 */
package org.rlstenancy.benchmarks.pgbench;
