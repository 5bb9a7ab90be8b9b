package org.rlstenancy.benchmarks.soak;

import java.util.Optional;

/**
 * {@code java -jar rls-tenancy-benchmarks.jar soak [options]}: exit code 0 when the soak finds no leak and no loss,
 * 1 when it does or cannot run, 2 for a wrong command line.
 */
public final class SoakMain {
    private SoakMain() {
    }

    /** Runs the soak with {@code args} (the words after {@code soak}) and returns the exit code. */
    public static int run(String... args) {
        Optional<SoakOptions> options;
        try {
            options = SoakOptions.parse(args);
        } catch (org.rlstenancy.benchmarks.CommandLine.UsageException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(SoakOptions.USAGE);
            return 2;
        }
        if (options.isEmpty()) {
            System.out.println(SoakOptions.USAGE);
            return 0;
        }
        try {
            SoakResult result = new Soak(options.get(), System.out).run();
            result.print(System.out);
            return result.passed() ? 0 : 1;
        } catch (Exception e) {
            System.err.println("soak failed: " + e);
            e.printStackTrace();
            return 1;
        } catch (AssertionError | OutOfMemoryError e) {
            System.err.println("soak failed: " + e);
            return 1;
        }
    }
}
