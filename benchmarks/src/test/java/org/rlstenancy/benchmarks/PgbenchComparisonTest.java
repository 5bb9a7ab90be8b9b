package org.rlstenancy.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rlstenancy.benchmarks.pgbench.PgbenchScript;

class PgbenchComparisonTest {
    private static final Map<PgbenchScript, List<Double>> TPS = Map.of(
            PgbenchScript.MANUAL, List.of(1000.0, 2000.0, 1000.0),
            PgbenchScript.FOLDED, List.of(930.0, 1900.0, 910.0),
            PgbenchScript.SEPARATE, List.of(700.0, 1400.0, 720.0));

    @Test
    void theBoundIsTheMedianOfTheRoundRatiosAndTheGapIsItMinusRls() {
        assertThat(PgbenchComparison.lines(TPS, 4, 0.915)).containsExactly(
                "pgbench point c4 tx/s (median): manual 1000.0, folded 930.0, separate 720.0",
                "pgbench bound folded/manual point c4 = 0.93",
                "pgbench ratio separate/manual point c4 = 0.70",
                "client-side gap point c4 = bound - rls/manual = 0.02 (0.930 - 0.915)");
    }

    @Test
    void withoutTheHibernatePointReadTheGapIsNotMeasured() {
        assertThat(PgbenchComparison.lines(TPS, 1, Double.NaN)).last().asString()
                .isEqualTo("client-side gap point c1: not measured (no point workload at 1 threads through Hibernate"
                        + " in this run)");
    }
}
