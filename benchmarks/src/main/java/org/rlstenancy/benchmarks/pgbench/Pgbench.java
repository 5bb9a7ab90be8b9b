package org.rlstenancy.benchmarks.pgbench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A pgbench binary: the one on the PATH, else the newest of Debian's {@code /usr/lib/postgresql/<major>/bin}. Its
 * scripts use pipelines, so it must be pgbench 14 or later.
 */
public final class Pgbench {
    /** The first release whose pgbench has {@code \startpipeline}. */
    public static final int MIN_MAJOR = 14;

    private static final Pattern VERSION = Pattern.compile("pgbench \\(PostgreSQL\\) (\\d+)(\\S*)");
    /**
     * The throughput line: {@code tps = 123.4 (without initial connection time)} from pgbench 14 on; before that
     * {@code (excluding connections establishing)}, printed after the {@code including} line.
     */
    private static final Pattern TPS = Pattern.compile(
            "^tps = ([0-9.]+) \\((without initial connection time|excluding connections establishing)\\)$",
            Pattern.MULTILINE);
    private static final Path DEBIAN_VERSIONS = Path.of("/usr/lib/postgresql");

    private final Path binary;
    private final String version;
    private final int major;

    private Pgbench(Path binary, String version, int major) {
        this.binary = binary;
        this.version = version;
        this.major = major;
    }

    /** Where a database is reached: as whom, and the variables the scripts need ({@code -D name=value}). */
    public record Target(String host, int port, String database, String user, String password,
            Map<String, String> variables) {
    }

    /** The pgbench found, whatever its version; empty if there is none. */
    public static Optional<Pgbench> find() throws IOException, InterruptedException {
        Optional<Path> binary = onPath().or(Pgbench::newestDebian);
        if (binary.isEmpty()) {
            return Optional.empty();
        }
        String output = exec(List.of(binary.get().toString(), "--version"), Map.of()).strip();
        Matcher matcher = VERSION.matcher(output);
        if (!matcher.find()) {
            throw new IOException(binary.get() + " --version printed no version: " + output);
        }
        return Optional.of(new Pgbench(binary.get(), matcher.group(1) + matcher.group(2),
                Integer.parseInt(matcher.group(1))));
    }

    private static Optional<Path> onPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(java.io.File.pathSeparator)).map(dir -> Path.of(dir, "pgbench"))
                .filter(Files::isExecutable).findFirst();
    }

    private static Optional<Path> newestDebian() {
        if (!Files.isDirectory(DEBIAN_VERSIONS)) {
            return Optional.empty();
        }
        try (Stream<Path> majors = Files.list(DEBIAN_VERSIONS)) {
            return majors.filter(dir -> dir.getFileName().toString().matches("\\d+"))
                    .max(Comparator.comparingInt(dir -> Integer.parseInt(dir.getFileName().toString())))
                    .map(dir -> dir.resolve("bin").resolve("pgbench")).filter(Files::isExecutable);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public Path binary() {
        return binary;
    }

    /** Such as {@code 15.14}. */
    public String version() {
        return version;
    }

    /** Whether this pgbench can run the scripts: {@value #MIN_MAJOR} or later. */
    public boolean runsPipelines() {
        return major >= MIN_MAJOR;
    }

    /**
     * Runs {@code script} (a file) for {@code seconds} whole seconds with {@code clients} connections, one thread
     * each, prepared statements, no vacuum; returns the transactions per second, connecting excluded.
     *
     * @throws IOException if pgbench fails (its output is in the message) or prints no throughput
     */
    public double run(Path script, Target target, int clients, int seconds) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "-n", "-M", "prepared",
                "-c", String.valueOf(clients), "-j", String.valueOf(clients), "-T", String.valueOf(seconds),
                "-h", target.host(), "-p", String.valueOf(target.port()), "-U", target.user()));
        target.variables().forEach((name, value) -> command.addAll(List.of("-D", name + "=" + value)));
        command.addAll(List.of("-f", script.toString(), target.database()));
        String output = exec(command, Map.of("PGPASSWORD", target.password(), "PGSSLMODE", "disable"));
        return tps(output).orElseThrow(() -> new IOException("pgbench printed no throughput: " + output));
    }

    /** The throughput pgbench printed in {@code output}, connecting excluded; empty if it printed none. */
    public static Optional<Double> tps(String output) {
        Matcher matcher = TPS.matcher(output);
        return matcher.find() ? Optional.of(Double.parseDouble(matcher.group(1))) : Optional.empty();
    }

    private static String exec(List<String> command, Map<String, String> environment)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(String.format(Locale.ROOT, "%s failed: %s", command.get(0), output.strip()));
        }
        return output;
    }
}
