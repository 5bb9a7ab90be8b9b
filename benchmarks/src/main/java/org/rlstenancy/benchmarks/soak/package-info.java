/**
 * The soak: a long, concurrent workload through Hibernate and RLS Tenancy, directly or through PgBouncer, with
 * backends killed and servers restarted while it runs, checked afterwards from the database's side.
 */
package org.rlstenancy.benchmarks.soak;
