package org.rlstenancy.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.rlstenancy.core.testsupport.Docs;

/**
 * Every relative link of README.md and docs/*.md points at a file that exists, and every anchor at a heading of
 * that file, named as GitHub names it: lower case, punctuation other than {@code -} and {@code _} removed, spaces
 * made {@code -}, a repeated heading given {@code -1}, {@code -2}. Links in code are no links.
 */
class DocsLinksTest {
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern CODE_SPAN = Pattern.compile("`+[^`]*`+");
    private static final Pattern COMMENT = Pattern.compile("<!--.*?-->");

    static String anchor(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                out.appendCodePoint(c);
            } else if (c == ' ') {
                out.append('-');
            }
        });
        return out.toString();
    }

    /** The anchors of a Markdown file's headings, outside code blocks. */
    static Set<String> anchors(List<String> lines) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : prose(lines)) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String anchor = anchor(heading.group(1));
                int n = seen.merge(anchor, 1, Integer::sum) - 1;
                anchors.add(n == 0 ? anchor : anchor + "-" + n);
            }
        }
        return anchors;
    }

    /** The lines outside fenced code blocks; lines inside are left empty, so line numbers stay. */
    static List<String> prose(List<String> lines) {
        List<String> out = new ArrayList<>();
        boolean inside = false;
        for (String line : lines) {
            if (line.trim().startsWith("```")) {
                inside = !inside;
                out.add("");
            } else {
                out.add(inside ? "" : line);
            }
        }
        return out;
    }

    @Test
    void anchorsAreNamedAsGitHubNamesThem() {
        assertThat(anchor("The signed mode: a tenant SQL cannot forge"))
                .isEqualTo("the-signed-mode-a-tenant-sql-cannot-forge");
        assertThat(anchor("Using it with Hibernate / JPA")).isEqualTo("using-it-with-hibernate--jpa");
        assertThat(anchor("`IsolationVerifier`")).isEqualTo("isolationverifier");
        assertThat(anchor("4. The application role in changelogs")).isEqualTo("4-the-application-role-in-changelogs");
        assertThat(anchor("Validation, `updateSql`, running twice")).isEqualTo("validation-updatesql-running-twice");
        assertThat(anchors(List.of("## Notes", "```yaml", "# not a heading", "```", "### Notes")))
                .containsExactly("notes", "notes-1");
    }

    @Test
    void everyRelativeLinkAndAnchorResolves() {
        Path root = Docs.root();
        List<Path> files = Docs.markdownFiles();
        assertThat(files).contains(Path.of("README.md"), Path.of("docs/1-hibernate.md"));
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path file : files) {
            List<String> lines = prose(Docs.lines(file));
            for (int i = 0; i < lines.size(); i++) {
                String line = COMMENT.matcher(CODE_SPAN.matcher(lines.get(i)).replaceAll("code")).replaceAll("");
                Matcher link = LINK.matcher(line);
                while (link.find()) {
                    String target = link.group(1);
                    if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                        continue;   // http:, https:, mailto:
                    }
                    checked++;
                    String where = file + ":" + (i + 1) + ": " + target;
                    int hash = target.indexOf('#');
                    String path = hash < 0 ? target : target.substring(0, hash);
                    Path resolved = path.isEmpty() ? root.resolve(file)
                            : root.resolve(file).getParent().resolve(path).normalize();
                    if (!resolved.startsWith(root) || !Files.exists(resolved)) {
                        broken.add(where + ": no such file");
                        continue;
                    }
                    if (hash >= 0) {
                        String fragment = target.substring(hash + 1);
                        if (!resolved.toString().endsWith(".md")) {
                            broken.add(where + ": an anchor into a file that is not Markdown");
                        } else if (!anchors(Docs.lines(root.relativize(resolved))).contains(fragment)) {
                            broken.add(where + ": no heading with anchor #" + fragment + " in " + root.relativize(resolved));
                        }
                    }
                }
            }
        }
        assertThat(broken).as("broken links").isEmpty();
        assertThat(checked).as("relative links checked").isGreaterThan(20);
    }
}
