/**
 * The benchmark's entities: one task row mapped four ways, to the plain table with an explicit tenant field
 * ({@link org.rlstenancy.benchmarks.model.ManualTask}), to the plain table with Hibernate's {@code @TenantId}
 * ({@link org.rlstenancy.benchmarks.model.DiscriminatorTask}), to the RLS table with no tenant field
 * ({@link org.rlstenancy.benchmarks.model.RlsTask}), and to the signed mode's RLS table with no tenant field
 * ({@link org.rlstenancy.benchmarks.model.SignedTask}).
 */
package org.rlstenancy.benchmarks.model;
