package org.rlstenancy.benchmarks;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.Optional;

import org.rlstenancy.benchmarks.soak.SoakMain;

/**
 * {@code java -jar rls-tenancy-benchmarks.jar [--quick] [--url JDBC_URL --user U --password P] [--rounds N]
 * [--seconds S] [--json FILE]}. Exit code 0 when the run completes, 1 when it fails, 2 for a wrong command line.
 * {@code java -jar rls-tenancy-benchmarks.jar soak ...} runs the soak instead ({@link SoakMain}).
 */
public final class BenchmarkMain {
    private BenchmarkMain() {
    }

    private static void quiet(String logger) {
        String property = "org.slf4j.simpleLogger.log." + logger;
        System.setProperty(property, System.getProperty(property, "off"));
    }

    public static void main(String[] args) {
        // Libraries log warnings only; the report is the output. Set before any logger exists.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        System.setProperty("org.jboss.logging.provider", System.getProperty("org.jboss.logging.provider", "slf4j"));
        if (args.length > 0 && args[0].equals("soak")) {
            // Refused writes and broken connections are what the soak provokes; it counts them itself.
            quiet("org.hibernate");
            quiet("com.zaxxer.hikari");
            System.exit(SoakMain.run(Arrays.copyOfRange(args, 1, args.length)));
            return;
        }
        Optional<BenchmarkOptions> options;
        try {
            options = BenchmarkOptions.parse(args);
        } catch (CommandLine.UsageException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(BenchmarkOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.isEmpty()) {
            System.out.println(BenchmarkOptions.USAGE);
            return;
        }
        try {
            new BenchmarkRun(options.get(), System.out).run();
        } catch (SQLException e) {
            System.err.println("benchmark failed: " + e.getMessage() + " (SQLSTATE " + e.getSQLState() + ")");
            System.exit(1);
        } catch (Exception e) {
            System.err.println("benchmark failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }
}
