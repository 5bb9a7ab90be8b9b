package org.rlstenancy.liquibase;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.rlstenancy.core.TenantIdType;
import org.rlstenancy.core.TenantMode;

/**
 * Command-line entry point of {@link TenantChangelogGenerator}; run it with the application's classes and this
 * module on the class path:
 *
 * <pre>
 * java -cp "app-classes:dependencies/*" org.rlstenancy.liquibase.GenerateChangelog \
 *     --persistence-unit app --app-role app_user --output db/changelog/tenant-isolation.yaml
 * </pre>
 *
 * Exit code 0 on success, 1 when the model cannot be read, 2 for bad usage.
 */
public final class GenerateChangelog {
    static final String USAGE = """
            Usage: GenerateChangelog (--persistence-unit NAME | --entities CLASS[,CLASS...]) [options]
              --output FILE          write here (.yaml, .yml or .xml); standard output when omitted
              --format yaml|xml      format for standard output (default yaml)
              --app-role ROLE        role to grant table access to (no grants when omitted)
              --tenant-column NAME   tenant column (default tenant_id)
              --tenant-id-type T     uuid, text or long: type of added tenant columns (default uuid)
              --setting-name NAME    setting that holds the tenant (default app.tenant_id)
              --author NAME          changeset author (default rls-tenancy)
              --every-entity         treat every entity as tenant data
              --mode plain|signed    signed: install the signed mode and its key first (needs --app-role;
                                     Liquibase reads the secret from the environment variable
                                     RLS_TENANCY_SIGNING_KEY)
              --signing-key-id ID    the signed mode's key id (default k1)
            """;
    private static final Set<String> FLAGS = Set.of("--every-entity");
    private static final Set<String> OPTIONS = Set.of("--persistence-unit", "--entities", "--output", "--format",
            "--app-role", "--tenant-column", "--tenant-id-type", "--setting-name", "--author", "--mode",
            "--signing-key-id");

    private GenerateChangelog() {
    }

    /**
     * Runs the command and exits with its code: 0 on success, 1 when the model cannot be read, 2 for bad usage.
     *
     * @param args the options the usage text lists, such as {@code --persistence-unit app --app-role app_user}
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options;
        TenantChangelogGenerator generator;
        try {
            options = parse(args);
            generator = generator(options);
        } catch (IllegalArgumentException e) {
            err.println("Error: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        try {
            String output = options.get("--output");
            if (output == null) {
                out.print(generator.generate(options.getOrDefault("--format", "yaml")));
            } else {
                generator.write(Path.of(output));
                err.println("Wrote " + output);
            }
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("Error: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("Error: could not generate the changelog: " + e);
            return 1;
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (FLAGS.contains(arg)) {
                options.put(arg, "true");
            } else if (OPTIONS.contains(arg)) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(arg + " needs a value");
                }
                options.put(arg, args[++i]);
            } else {
                throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        if (options.containsKey("--persistence-unit") == options.containsKey("--entities")) {
            throw new IllegalArgumentException("give either --persistence-unit or --entities");
        }
        return options;
    }

    private static TenantChangelogGenerator generator(Map<String, String> options) {
        TenantChangelogGenerator generator;
        if (options.containsKey("--entities")) {
            List<Class<?>> classes = new ArrayList<>();
            for (String name : Arrays.stream(options.get("--entities").split(",")).map(String::trim).toList()) {
                try {
                    classes.add(Class.forName(name, false, Thread.currentThread().getContextClassLoader()));
                } catch (ClassNotFoundException e) {
                    throw new IllegalArgumentException("entity class " + name + " is not on the class path");
                }
            }
            generator = TenantChangelogGenerator.forEntities(classes);
        } else {
            generator = TenantChangelogGenerator.forPersistenceUnit(options.get("--persistence-unit"));
        }
        if (options.containsKey("--app-role")) {
            generator.applicationRole(options.get("--app-role"));
        }
        if (options.containsKey("--tenant-column")) {
            generator.tenantColumn(options.get("--tenant-column"));
        }
        if (options.containsKey("--tenant-id-type")) {
            String type = options.get("--tenant-id-type");
            try {
                generator.tenantIdType(TenantIdType.valueOf(type.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown tenant id type '" + type + "': use uuid, text or long");
            }
        }
        if (options.containsKey("--setting-name")) {
            generator.settingName(options.get("--setting-name"));
        }
        if (options.containsKey("--author")) {
            generator.author(options.get("--author"));
        }
        if (options.containsKey("--mode")) {
            generator.mode(TenantMode.fromSetting(options.get("--mode")));
        }
        if (options.containsKey("--signing-key-id")) {
            generator.signingKeyId(options.get("--signing-key-id"));
        }
        generator.everyEntity(options.containsKey("--every-entity"));
        return generator;
    }
}
