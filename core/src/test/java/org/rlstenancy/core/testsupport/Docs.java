package org.rlstenancy.core.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The project's Markdown documentation, README.md and docs/*.md, read from the source tree for tests. */
public final class Docs {
    private static final Pattern FENCE = Pattern.compile("^\\s*```\\s*([A-Za-z0-9_+-]*)\\s*$");
    private static final Pattern COMMENT = Pattern.compile("^\\s*<!--\\s*(.*?)\\s*-->\\s*$");

    private Docs() {
    }

    /** A fenced code block: its language, its text, the line of its opening fence (from 1) and the HTML comment
     * on the line right before that fence, or null. */
    public record Block(String language, String text, int line, String comment) {
    }

    /** The project's root: the nearest directory, from the working directory up, that holds {@code mvnw}. */
    public static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no directory with mvnw above " + Path.of("").toAbsolutePath());
    }

    /** README.md and every docs/*.md, relative to the root, in name order. */
    public static List<Path> markdownFiles() {
        Path root = root();
        List<Path> files = new ArrayList<>();
        files.add(Path.of("README.md"));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.getFileName().toString().endsWith(".md")).sorted()
                    .forEach(p -> files.add(root.relativize(p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** The lines of a file under the root. */
    public static List<String> lines(Path relative) {
        try {
            return Files.readAllLines(root().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fenced code blocks of {@code lines}, in order. An opening fence may be indented, as in a list. */
    public static List<Block> blocks(List<String> lines) {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            String indent = lines.get(i).substring(0, lines.get(i).indexOf('`'));
            Matcher comment = i > 0 ? COMMENT.matcher(lines.get(i - 1)) : null;
            StringBuilder text = new StringBuilder();
            int j = i + 1;
            for (; j < lines.size() && !lines.get(j).trim().equals("```"); j++) {
                String line = lines.get(j);
                text.append(line.startsWith(indent) ? line.substring(indent.length()) : line).append('\n');
            }
            if (j == lines.size()) {
                throw new IllegalStateException("code block at line " + (i + 1) + " is never closed");
            }
            blocks.add(new Block(open.group(1), text.toString(), i + 1,
                    comment != null && comment.matches() ? comment.group(1) : null));
            i = j;
        }
        return blocks;
    }
}
