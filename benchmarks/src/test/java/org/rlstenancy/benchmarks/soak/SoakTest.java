package org.rlstenancy.benchmarks.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.rlstenancy.benchmarks.data.PgBouncerRequirement;
import org.rlstenancy.benchmarks.soak.SoakOptions.Fault;

/**
 * The soak, shortened, on its own embedded PostgreSQL each time: 16 threads and 100 tenants through Hibernate, with
 * and without PgBouncer, with and without faults. What each run must show comes from the database's side too: the
 * owner reads every tenant's rows afterwards, and every acknowledged write must be there exactly once.
 */
class SoakTest {
    private static final int THREADS = 16;
    private static final int TENANTS = 100;

    @Test
    void throughPgBouncerSixteenClientsShareFourServerConnectionsAndNoTenantSeesAnotherOrALeftOverTenant()
            throws Exception {
        PgBouncerRequirement.check();
        SoakResult result = soak(20_000, true, EnumSet.noneOf(Fault.class));

        assertPassed(result);
        assertThat(result.failed()).as("failed operations without faults").isZero();
        assertThat(result.faults().maxServerConnections()).as("server connections of the application role")
                .isBetween(1L, (long) Soak.PGBOUNCER_POOL_SIZE);
        assertThat(result.rowsChecked()).as("rows read and checked").isGreaterThan(50_000);
        assertThat(result.crossTenantWritesTried()).isGreaterThan(1_000);
        assertThat(result.tenantlessBorrows()).isGreaterThan(500);
        assertThat(result.acknowledgedWrites()).isGreaterThan(5_000);
    }

    @Test
    void directlyWithBackendsKilledAndPostgresRestartedTheApplicationRecoversAndLosesNothingAcknowledged()
            throws Exception {
        SoakResult result = soak(20_000, false, EnumSet.of(Fault.KILL, Fault.RESTART_POSTGRES));

        assertPassed(result);
        assertFaultsBrokeTransactions(result);
        assertThat(result.faults().postgresRestarts()).isEqualTo(2);
    }

    @Test
    void throughPgBouncerWithBackendsKilledAndBothServersRestartedTheApplicationRecoversAndLosesNothingAcknowledged()
            throws Exception {
        PgBouncerRequirement.check();
        SoakResult result = soak(20_000, true, EnumSet.allOf(Fault.class));

        assertPassed(result);
        assertFaultsBrokeTransactions(result);
        assertThat(result.faults().postgresRestarts()).isEqualTo(2);
        assertThat(result.faults().pgBouncerRestarts()).isEqualTo(2);
        assertThat(result.faults().maxServerConnections()).isLessThanOrEqualTo(Soak.PGBOUNCER_POOL_SIZE);
    }

    private static SoakResult soak(long operations, boolean pgBouncer, Set<Fault> faults) throws Exception {
        SoakResult result = new Soak(new SoakOptions(operations, THREADS, TENANTS, pgBouncer, faults, 42),
                System.out).run();
        result.print(System.out);
        return result;
    }

    private static void assertPassed(SoakResult result) {
        assertThat(result.succeeded() + result.failed()).isEqualTo(result.options().operations());
        assertThat(result.leaks()).as("rows of another tenant seen or written, e.g. %s", result.samples()).isZero();
        assertThat(result.losses()).as("acknowledged writes lost, e.g. %s", result.samples()).isZero();
        assertThat(result.unexpectedErrors()).as("failures no fault explains, e.g. %s", result.samples()).isZero();
        assertThat(result.passed()).isTrue();
    }

    private static void assertFaultsBrokeTransactions(SoakResult result) {
        assertThat(result.faults().kills()).as("backends terminated").isPositive();
        assertThat(result.failed()).as("operations the faults broke").isPositive();
        assertThat(result.failuresByKind().keySet()).as("failure kinds")
                .allMatch(kind -> kind.startsWith("SQLSTATE 08") || kind.startsWith("SQLSTATE 57P0")
                        || kind.startsWith("no SQLSTATE Connection is not available"));
        assertThat(result.succeededAfterLastFault()).as("operations that succeeded after the last fault")
                .isGreaterThan(result.options().operations() / 20);
        assertThat(result.acknowledgedWrites()).isPositive();
    }
}
