package org.rlstenancy.benchmarks.soak;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.rlstenancy.benchmarks.CommandLine;
import org.rlstenancy.benchmarks.CommandLine.UsageException;

/**
 * The soak's command line: how many operations, threads and tenants, whether the application reaches PostgreSQL
 * through PgBouncer, and which faults are injected while it runs.
 */
public record SoakOptions(long operations, int threads, int tenants, boolean pgBouncer, Set<Fault> faults,
        long seed) {

    /** A fault the soak injects at random moments while the workload runs. */
    public enum Fault {
        /** A backend of the application role ended by {@code pg_terminate_backend}, every few hundred ms. */
        KILL("kill"),
        /** The embedded PostgreSQL stopped and started again on the same data directory. */
        RESTART_POSTGRES("restart-postgres"),
        /** PgBouncer stopped and started again on the same port. */
        RESTART_PGBOUNCER("restart-pgbouncer");

        private final String label;

        Fault(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    static final String USAGE = String.join("\n",
            "usage: java -jar rls-tenancy-benchmarks.jar soak [--operations N] [--threads T] [--tenants N]",
            "                                                 [--pgbouncer] [--faults F,...|all|none] [--seed S]",
            "  --operations  operations to run in all (default 1000000)",
            "  --threads     client threads (default 16)",
            "  --tenants     tenants the operations are spread over (default 100)",
            "  --pgbouncer   connect through PgBouncer in transaction mode, 4 server connections (default: directly)",
            "  --faults      kill, restart-postgres, restart-pgbouncer, all or none (default none); all means every",
            "                fault that applies: restart-pgbouncer only with --pgbouncer",
            "  --seed        seed of the operation mix and tenant choice (default: random)");

    private static final List<String> VALUED = List.of("--operations", "--threads", "--tenants", "--faults", "--seed");

    public SoakOptions {
        faults = Set.copyOf(faults);
    }

    /**
     * The options in {@code args}, or empty when they ask for help.
     *
     * @throws UsageException for an unknown or repeated option, a missing value or a value out of range
     */
    public static Optional<SoakOptions> parse(String... args) throws UsageException {
        Optional<CommandLine> parsed = CommandLine.parse(args, List.of("--pgbouncer"), VALUED);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        CommandLine values = parsed.get();
        boolean pgBouncer = values.flag("--pgbouncer");
        long operations = number(values, "--operations", 1_000_000, 1, Long.MAX_VALUE);
        int threads = (int) number(values, "--threads", 16, 1, 256);
        int tenants = (int) number(values, "--tenants", 100, 2, 100_000);
        Set<Fault> faults = faults(values.value("--faults", "none"), pgBouncer);
        long seed = values.has("--seed") ? number(values, "--seed", 0, Long.MIN_VALUE, Long.MAX_VALUE)
                : System.nanoTime();
        return Optional.of(new SoakOptions(operations, threads, tenants, pgBouncer, faults, seed));
    }

    private static Set<Fault> faults(String value, boolean pgBouncer) throws UsageException {
        String normalized = value.trim().toLowerCase(Locale.ROOT);
        if (normalized.equals("none")) {
            return EnumSet.noneOf(Fault.class);
        }
        if (normalized.equals("all")) {
            return pgBouncer ? EnumSet.allOf(Fault.class) : EnumSet.of(Fault.KILL, Fault.RESTART_POSTGRES);
        }
        Set<Fault> faults = EnumSet.noneOf(Fault.class);
        for (String label : normalized.split(",", -1)) {
            Fault fault = null;
            for (Fault each : Fault.values()) {
                if (each.label.equals(label.trim())) {
                    fault = each;
                }
            }
            if (fault == null) {
                throw new UsageException("unknown fault '" + label.trim()
                        + "': use kill, restart-postgres, restart-pgbouncer, all or none");
            }
            faults.add(fault);
        }
        if (faults.contains(Fault.RESTART_PGBOUNCER) && !pgBouncer) {
            throw new UsageException("fault restart-pgbouncer needs --pgbouncer");
        }
        return faults;
    }

    private static long number(CommandLine values, String option, long fallback, long min, long max)
            throws UsageException {
        String text = values.value(option);
        if (text == null) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(text.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new UsageException("option " + option + " needs a whole number, not '" + text + "'");
        }
        if (value < min || value > max) {
            throw new UsageException("option " + option + " must be between " + min + " and " + max + ", not "
                    + text);
        }
        return value;
    }
}
