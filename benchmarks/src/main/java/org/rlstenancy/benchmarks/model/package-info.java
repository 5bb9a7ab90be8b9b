/**
 * The benchmark's entities: one task row mapped three ways, to the plain table with an explicit tenant field
 * ({@link org.rlstenancy.benchmarks.model.ManualTask}), to the plain table with Hibernate's {@code @TenantId}
 * ({@link org.rlstenancy.benchmarks.model.DiscriminatorTask}), and to the RLS table with no tenant field
 * ({@link org.rlstenancy.benchmarks.model.RlsTask}).
 */
package org.rlstenancy.benchmarks.model;
