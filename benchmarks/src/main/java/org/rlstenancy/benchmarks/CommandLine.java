package org.rlstenancy.benchmarks;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The words of a command line: flags that stand alone, and options that take the next word as their value. */
public final class CommandLine {
    private final Set<String> flags;
    private final Map<String, String> values;

    private CommandLine(Set<String> flags, Map<String, String> values) {
        this.flags = flags;
        this.values = values;
    }

    /** A command line that cannot be run; the message says why. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }

    /**
     * The words of {@code args}, or empty when they ask for help ({@code --help} or {@code -h}).
     *
     * @throws UsageException for a word that is neither one of {@code flags} nor one of {@code valued}, an option
     *     without its value, or an option given twice
     */
    public static Optional<CommandLine> parse(String[] args, List<String> flags, List<String> valued)
            throws UsageException {
        Set<String> given = new HashSet<>();
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                return Optional.empty();
            }
            if (flags.contains(arg)) {
                given.add(arg);
                continue;
            }
            if (!valued.contains(arg)) {
                throw new UsageException(arg.startsWith("-") ? "unknown option " + arg : "unexpected argument " + arg);
            }
            if (i + 1 == args.length) {
                throw new UsageException("option " + arg + " needs a value");
            }
            if (values.put(arg, args[++i]) != null) {
                throw new UsageException("option " + arg + " is given twice");
            }
        }
        return Optional.of(new CommandLine(given, values));
    }

    /** Whether the flag {@code name} was given. */
    public boolean flag(String name) {
        return flags.contains(name);
    }

    /** Whether the option {@code name} was given a value. */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** The value of the option {@code name}, or null. */
    public String value(String name) {
        return values.get(name);
    }

    /** The value of the option {@code name}, or {@code fallback}. */
    public String value(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }
}
