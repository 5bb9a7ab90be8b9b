package org.rlstenancy.benchmarks.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rlstenancy.benchmarks.CommandLine.UsageException;
import org.rlstenancy.benchmarks.soak.SoakOptions.Fault;

class SoakOptionsTest {
    @Test
    void defaultsAreAMillionOperationsSixteenThreadsAHundredTenantsDirectlyWithoutFaults() throws Exception {
        SoakOptions options = SoakOptions.parse().orElseThrow();

        assertThat(options.operations()).isEqualTo(1_000_000);
        assertThat(options.threads()).isEqualTo(16);
        assertThat(options.tenants()).isEqualTo(100);
        assertThat(options.pgBouncer()).isFalse();
        assertThat(options.faults()).isEmpty();
    }

    @Test
    void allFaultsMeanEveryFaultThatApplies() throws Exception {
        assertThat(SoakOptions.parse("--faults", "all").orElseThrow().faults())
                .isEqualTo(EnumSet.of(Fault.KILL, Fault.RESTART_POSTGRES));
        assertThat(SoakOptions.parse("--pgbouncer", "--faults", "all").orElseThrow().faults())
                .isEqualTo(EnumSet.allOf(Fault.class));
        assertThat(SoakOptions.parse("--operations", "50,000", "--faults", "kill,restart-postgres", "--seed", "7")
                .orElseThrow()).extracting(SoakOptions::operations, SoakOptions::faults, SoakOptions::seed)
                .containsExactly(50_000L, EnumSet.of(Fault.KILL, Fault.RESTART_POSTGRES), 7L);
    }

    @Test
    void helpAsksForTheUsage() throws Exception {
        assertThat(SoakOptions.parse("--threads", "4", "--help")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--operations 0|option --operations must be between 1 and",
        "--threads many|option --threads needs a whole number, not 'many'",
        "--tenants 1|option --tenants must be between 2 and",
        "--faults reboot|unknown fault 'reboot'",
        "--faults restart-pgbouncer|fault restart-pgbouncer needs --pgbouncer",
        "--threads 4 --threads 8|option --threads is given twice",
        "--operations|option --operations needs a value",
        "--fast|unknown option --fast"})
    void aWrongCommandLineIsRefusedWithWhatIsWrong(String args, String message) {
        assertThatThrownBy(() -> SoakOptions.parse(args.split(" "))).isInstanceOf(UsageException.class)
                .hasMessageContaining(message);
    }
}
