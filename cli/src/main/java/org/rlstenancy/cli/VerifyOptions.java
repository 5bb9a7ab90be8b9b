package org.rlstenancy.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.rlstenancy.core.RlsConfig;
import org.rlstenancy.core.TenantPolicySql;

/** The options of the {@code verify} command. {@code password}, {@code schema} and {@code tables} may be null. */
record VerifyOptions(String url, String user, String password, String schema, String tenantColumn,
        String settingName, List<String> tables, Format format) {

    /** The environment variable read when {@code --password} is absent. */
    static final String PASSWORD_VARIABLE = "RLS_PASSWORD";

    enum Format { TEXT, JSON }

    /** A command line that cannot be run; the message says why. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private static final List<String> OPTIONS = List.of("--url", "--user", "--password", "--schema",
            "--tenant-column", "--setting-name", "--tables", "--format");

    /**
     * The options in {@code args} (the arguments after {@code verify}), or empty when they ask for help.
     *
     * @throws UsageException for an unknown, repeated or incomplete option, or a missing or invalid value
     */
    static Optional<VerifyOptions> parse(List<String> args, Map<String, String> env) throws UsageException {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--help") || arg.equals("-h")) {
                return Optional.empty();
            }
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (!OPTIONS.contains(name)) {
                throw new UsageException(arg.startsWith("-") ? "unknown option " + name
                        : "unexpected argument " + arg);
            }
            if (value == null) {
                if (i + 1 == args.size()) {
                    throw new UsageException("option " + name + " needs a value");
                }
                value = args.get(++i);
            }
            if (values.put(name, value) != null) {
                throw new UsageException("option " + name + " is given twice");
            }
        }
        String url = required(values, "--url");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new UsageException("--url must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database)");
        }
        String user = required(values, "--user");
        String password = values.containsKey("--password") ? values.get("--password") : env.get(PASSWORD_VARIABLE);
        String schema = values.get("--schema");
        List<String> tables = values.containsKey("--tables") ? tables(values.get("--tables")) : null;
        if (schema != null && tables != null) {
            throw new UsageException("give either --schema or --tables, not both");
        }
        return Optional.of(new VerifyOptions(url, user, password, schema,
                values.getOrDefault("--tenant-column", TenantPolicySql.DEFAULT_COLUMN),
                values.getOrDefault("--setting-name", RlsConfig.DEFAULT_SETTING_NAME), tables, format(values.getOrDefault("--format", "text"))));
    }

    private static String required(Map<String, String> values, String name) throws UsageException {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw new UsageException("option " + name + " is required");
        }
        return value;
    }

    private static List<String> tables(String list) throws UsageException {
        List<String> tables = new ArrayList<>();
        Arrays.stream(list.split(",")).map(String::trim).filter(table -> !table.isEmpty()).forEach(tables::add);
        if (tables.isEmpty()) {
            throw new UsageException("--tables needs at least one table name");
        }
        return List.copyOf(tables);
    }

    private static Format format(String format) throws UsageException {
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "text" -> Format.TEXT;
            case "json" -> Format.JSON;
            default -> throw new UsageException("--format must be text or json, not " + format);
        };
    }

    @Override
    public String toString() {
        return "VerifyOptions[url=" + url + ", user=" + user + ", password=" + (password == null ? null : "***")
                + ", schema=" + schema + ", tenantColumn=" + tenantColumn + ", settingName=" + settingName
                + ", tables=" + tables + ", format=" + format + "]";
    }
}
