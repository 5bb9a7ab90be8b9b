/**
 * The benchmark's database: the server ({@link org.rlstenancy.benchmarks.data.BenchmarkServer}), a fresh database
 * with an owner and an application role ({@link org.rlstenancy.benchmarks.data.BenchmarkDatabase}), its tables and
 * rows ({@link org.rlstenancy.benchmarks.data.TaskSchema}) and the tenants' task ids read back for the workloads
 * ({@link org.rlstenancy.benchmarks.data.TenantIds}).
 */
package org.rlstenancy.benchmarks.data;
