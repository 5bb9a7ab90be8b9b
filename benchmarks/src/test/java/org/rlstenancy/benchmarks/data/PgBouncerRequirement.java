package org.rlstenancy.benchmarks.data;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * Tests that need Debian's PgBouncer, and {@code psql} to read its statistics, call {@link #check()} first: without
 * them they are skipped with a message, unless {@code RLS_REQUIRE_PGBOUNCER=1} (as in CI), which makes them fail
 * instead.
 */
public final class PgBouncerRequirement {
    private PgBouncerRequirement() {
    }

    public static void check() {
        if (PgBouncer.binary().isPresent() && PgBouncer.psql().isPresent()) {
            return;
        }
        String missing = "PgBouncer or psql is not installed (apt-get install pgbouncer postgresql-client)";
        if ("1".equals(System.getenv("RLS_REQUIRE_PGBOUNCER"))) {
            fail(missing + "; RLS_REQUIRE_PGBOUNCER=1 requires the PgBouncer tests to run");
        }
        System.out.println("[rls-tenancy tests] " + missing + ": skipping the PgBouncer tests");
        Assumptions.abort(missing);
    }
}
