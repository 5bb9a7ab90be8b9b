package org.rlstenancy.benchmarks.pgbench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The point read as pgbench sends it, on the benchmark's tables ({@code task_plain} and {@code task}, uuid tenants):
 * the counterparts of {@code benchmarks/pgbench/manual.sql}, {@code folded.sql} and {@code separate.sql}, which run
 * on {@code setup.sql}'s tables instead. Each picks a row id uniformly, so the large tenant's rows (a tenth) come up
 * a tenth of the time, as in the point workload.
 */
public enum PgbenchScript {
    /** The tenant in the WHERE clause, on the table without RLS: the manual mode's statements. */
    MANUAL("manual"),
    /** Under RLS, {@code set_config} folded into the first round trip: the rls mode's statements. */
    FOLDED("folded"),
    /** Under RLS, {@code set_config} in a round trip of its own: the rls-separate mode's statements. */
    SEPARATE("separate");

    private final String label;

    PgbenchScript(String label) {
        this.label = label;
    }

    /** The name printed in reports, such as {@code folded}. */
    public String label() {
        return label;
    }

    /** The script's text, from the jar. */
    public String text() {
        try (InputStream in = PgbenchScript.class.getResourceAsStream(label + ".sql")) {
            if (in == null) {
                throw new IllegalStateException("The pgbench script " + label + ".sql is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the script to {@code directory} for pgbench's {@code -f}; returns its path. */
    public Path writeTo(Path directory) throws IOException {
        return Files.writeString(directory.resolve(label + ".sql"), text());
    }
}
