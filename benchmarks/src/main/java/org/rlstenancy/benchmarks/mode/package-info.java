/**
 * The five ways of isolating tenants that the benchmark compares, each a Hibernate SessionFactory over its own
 * pool of the application role: {@link org.rlstenancy.benchmarks.mode.Mode} names them, and
 * {@link org.rlstenancy.benchmarks.mode.Tasks} holds the queries every mode runs.
 */
package org.rlstenancy.benchmarks.mode;
