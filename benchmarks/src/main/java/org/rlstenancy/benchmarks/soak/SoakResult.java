package org.rlstenancy.benchmarks.soak;

import java.io.PrintStream;
import java.util.Map;

/** What a soak run found: the client's counts, the faults injected, and the database's side afterwards. */
public record SoakResult(SoakOptions options, String description, double seconds, long succeeded, long failed,
        Map<String, Long> failuresByKind, long unexpectedErrors, long succeededAfterLastFault, long reads,
        long rowsChecked, long crossTenantRowsSeen, long crossTenantWritesTried, long crossTenantWritesAccepted,
        long tenantlessBorrows, long tenantlessRowsSeen, FaultInjector.Faults faults, Verification verification,
        Iterable<String> samples) {

    SoakResult(SoakOptions options, String description, double seconds, SoakCounters counters,
            FaultInjector faults, Verification verification) {
        this(options, description, seconds, counters.succeeded.sum(), counters.failed.sum(),
                counters.failuresByKind(), counters.unexpectedErrors.sum(), counters.succeededAfterLastFault.get(),
                counters.reads.sum(), counters.rowsChecked.sum(), counters.crossTenantRowsSeen.sum(),
                counters.crossTenantWritesTried.sum(), counters.crossTenantWritesAccepted.sum(),
                counters.tenantlessBorrows.sum(), counters.tenantlessRowsSeen.sum(), faults.counts(), verification,
                counters.samples());
    }

    /** Rows of another tenant seen, by a read or by a connection with no tenant, and writes into another tenant. */
    public long leaks() {
        return crossTenantRowsSeen + crossTenantWritesAccepted + tenantlessRowsSeen;
    }

    /** Acknowledged writes lost, misplaced or duplicated, failed writes stored in part, and rows no write made. */
    public long losses() {
        return verification.losses();
    }

    /**
     * Whether the run proved its claim: no leak, no loss, every failure explained by an injected fault, and, when
     * faults were injected, operations that succeeded after the last one.
     */
    public boolean passed() {
        return leaks() == 0 && losses() == 0 && unexpectedErrors == 0
                && (faults.total() == 0 || succeededAfterLastFault > 0);
    }

    /** Acknowledged writes; each is two rows. */
    public long acknowledgedWrites() {
        return verification.acknowledged();
    }

    public void print(PrintStream out) {
        long operations = succeeded + failed;
        out.println(description);
        out.printf("  %,d operations in %.1f s: %,.0f/s; %,d succeeded, %,d failed%n", operations, seconds,
                operations / seconds, succeeded, failed);
        failuresByKind.forEach((kind, count) -> out.printf("    %,d x %s%n", count, kind));
        out.printf("  faults: %s%n", faults);
        if (faults.total() > 0) {
            out.printf("  after the last fault: %,d operations succeeded%n", succeededAfterLastFault);
        }
        out.printf("  reads: %,d, %,d rows checked; rows of another tenant seen: %,d%n", reads, rowsChecked,
                crossTenantRowsSeen);
        out.printf("  writes into another tenant: %,d tried, %,d accepted%n", crossTenantWritesTried,
                crossTenantWritesAccepted);
        out.printf("  connections borrowed with no tenant: %,d; rows they saw: %,d%n", tenantlessBorrows,
                tenantlessRowsSeen);
        out.printf("  writes: %,d acknowledged (%,d rows stored in all); lost %,d, misplaced %,d, duplicated %,d;"
                + " rows no write made: %,d; rows outside every tenant: %,d%n", verification.acknowledged(),
                verification.rowsStored(), verification.lost(), verification.misplaced(), verification.duplicated(),
                verification.unknownRows(), verification.rowsOutsideEveryTenant());
        out.printf("  writes whose commit failed: %,d; stored in part: %,d; stored whole (the commit reached the"
                + " server, its answer did not reach the client): %,d%n", verification.failedWrites(),
                verification.failedHalfThere(), verification.failedButCommitted());
        out.printf("  unexpected errors: %,d%n", unexpectedErrors);
        for (String sample : samples) {
            out.println("    e.g. " + sample);
        }
        out.println(passed() ? "RESULT: PASS: no leak, no loss"
                : "RESULT: FAIL: " + leaks() + " leaks, " + losses() + " losses, " + unexpectedErrors
                        + " unexpected errors" + (faults.total() > 0 && succeededAfterLastFault == 0
                                ? ", nothing succeeded after the last fault" : ""));
    }
}
