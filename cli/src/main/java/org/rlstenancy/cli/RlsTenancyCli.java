package org.rlstenancy.cli;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.postgresql.Driver;
import org.rlstenancy.cli.VerifyOptions.UsageException;
import org.rlstenancy.core.IsolationFinding;
import org.rlstenancy.core.IsolationVerifier;
import org.rlstenancy.core.RlsConfig;

/**
 * {@code java -jar rls-tenancy-cli.jar verify ...}: connects as the application role, runs
 * {@link IsolationVerifier} and prints its findings. Exits 0 without an ERROR finding, 1 with one, 2 on bad usage
 * or when the database cannot be reached or read.
 */
public final class RlsTenancyCli {
    static final int OK = 0;
    static final int FINDINGS = 1;
    static final int FAILED = 2;

    static final String USAGE = """
            Usage: java -jar rls-tenancy-cli.jar verify --url JDBC_URL --user ROLE [--password PW]
                       [--schema S | --tables T1,T2] [--tenant-column C] [--setting-name N] [--format text|json]

            Connects as ROLE, the role the application uses, and checks in a read-only transaction that
            PostgreSQL enforces tenant isolation on the tables that have the tenant column: the role's
            attributes and ownership, ENABLE and FORCE, the tenant policy and any policy that widens it,
            policy functions, the tenant index, views and SECURITY DEFINER functions over the tables,
            TRUNCATE/TRIGGER/REFERENCES grants, keys without the tenant column, partitions, and the
            server's minor release.

              --url JDBC_URL       jdbc:postgresql://host:port/database
              --user ROLE          the role the application connects as
              --password PW        its password; without it, the environment variable RLS_PASSWORD
              --schema S           check the tables of schema S that have the tenant column
                                   (default: those of the schemas on the search path)
              --tables T1,T2       check exactly these tables (names as in SQL, such as app.task)
              --tenant-column C    the tenant column (default: tenant_id)
              --setting-name N     the setting the policies read (default: app.tenant_id)
              --format text|json   the output (default: text)
              --help               print this help

            Exit codes: 0 no finding of severity ERROR, 1 at least one, 2 bad usage or the database
            could not be reached or read.
            """;

    private RlsTenancyCli() {
    }

    /**
     * Runs the command line and exits with its status.
     *
     * @param args the command and its options, as the help text lists them
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line, printing to {@code out} and {@code err}; returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, System.getenv(), out, err);
    }

    /** Like {@link #run(String[], PrintStream, PrintStream)}, reading {@code RLS_PASSWORD} from {@code env}. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        VerifyOptions options;
        IsolationVerifier verifier;
        try {
            if (args.length == 0) {
                throw new UsageException("no command given");
            }
            if (List.of("--help", "-h", "help").contains(args[0])) {
                out.print(USAGE);
                return OK;
            }
            if (!args[0].equals("verify")) {
                throw new UsageException("unknown command " + args[0]);
            }
            Optional<VerifyOptions> parsed = VerifyOptions.parse(Arrays.asList(args).subList(1, args.length), env);
            if (parsed.isEmpty()) {
                out.print(USAGE);
                return OK;
            }
            options = parsed.get();
            verifier = verifier(options);
        } catch (UsageException e) {
            err.println("rls-tenancy-cli: " + e.getMessage());
            err.println();
            err.print(USAGE);
            return FAILED;
        }
        return verify(options, verifier, out, err);
    }

    private static IsolationVerifier verifier(VerifyOptions options) throws UsageException {
        try {
            return IsolationVerifier.of(RlsConfig.defaults().withSettingName(options.settingName()),
                    options.tenantColumn());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static int verify(VerifyOptions options, IsolationVerifier verifier, PrintStream out, PrintStream err) {
        Connection connection;
        try {
            connection = connect(options);
        } catch (SQLException e) {
            err.println("rls-tenancy-cli: cannot connect as " + options.user() + ": " + message(e, options));
            return FAILED;
        }
        Report report;
        List<String> withoutColumn = new ArrayList<>();
        try (connection) {
            report = report(connection, options, verifier);
            for (String table : report.tables()) {
                if (!verifier.hasTenantColumn(connection, table)) {
                    withoutColumn.add(table);
                }
            }
        } catch (SQLException e) {
            err.println("rls-tenancy-cli: cannot read the catalog as " + options.user() + ": " + message(e, options));
            return FAILED;
        }
        if (options.tables() == null && report.tables().isEmpty()) {
            err.println("rls-tenancy-cli: no table " + (options.schema() == null ? "on the search path"
                    : "in schema " + options.schema()) + " has the column " + options.tenantColumn()
                    + ": nothing was checked");
            return FAILED;
        }
        for (String table : withoutColumn) {
            err.println("rls-tenancy-cli: table " + table + " does not exist or has no column "
                    + options.tenantColumn() + ": it was not checked");
        }
        if (withoutColumn.size() == report.tables().size()) {
            return FAILED;
        }
        out.print(options.format() == VerifyOptions.Format.JSON ? report.json() : report.text());
        out.flush();
        return report.errors() > 0 ? FINDINGS : OK;
    }

    private static Connection connect(VerifyOptions options) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", options.user());
        if (options.password() != null) {
            properties.setProperty("password", options.password());
        }
        properties.setProperty("ApplicationName", "rls-tenancy-cli");
        Connection connection = new Driver().connect(options.url(), properties);
        if (connection == null) {
            throw new SQLException("the URL is not a valid PostgreSQL JDBC URL");
        }
        return connection;
    }

    private static Report report(Connection connection, VerifyOptions options, IsolationVerifier verifier)
            throws SQLException {
        connection.setAutoCommit(false);
        connection.setReadOnly(true);
        String database;
        String role;
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT current_database(), current_user")) {
            rs.next();
            database = rs.getString(1);
            role = rs.getString(2);
        }
        List<String> tables = options.tables() != null ? options.tables()
                : verifier.discover(connection, options.schema());
        List<IsolationFinding> findings = verifier.verify(connection, tables);
        return new Report(database, role, tables, findings);
    }

    /** The exception's message on one line, never with the password in it. */
    private static String message(SQLException e, VerifyOptions options) {
        String message = String.valueOf(e.getMessage()).replaceAll("\\s*\\R\\s*", " ").strip();
        String password = options.password();
        return password == null || password.isEmpty() ? message : message.replace(password, "***");
    }
}
