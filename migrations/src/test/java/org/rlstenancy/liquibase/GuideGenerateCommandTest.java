package org.rlstenancy.liquibase;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlstenancy.core.testsupport.Docs;

/**
 * The generator's command in the guide {@code docs/4-from-tenant-id.md}, with the options as written there; only the
 * persistence unit is this module's test unit and the output file a temporary one.
 */
class GuideGenerateCommandTest {
    static final String MAIN = GenerateChangelog.class.getName();

    @TempDir
    Path dir;

    @Test
    void theGuidesCommandWritesAChangelogOfTheModel() throws Exception {
        List<String> args = guideArguments();
        assertThat(args).contains("--persistence-unit", "--app-role", "--output");
        Path output = dir.resolve("tenant-isolation.yaml");
        List<String> run = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String previous = i == 0 ? "" : args.get(i - 1);
            run.add(previous.equals("--persistence-unit") ? "generator-test"
                    : previous.equals("--output") ? output.toString() : args.get(i));
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = GenerateChangelog.run(run.toArray(String[]::new), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(Files.readString(output)).contains("enableTenantIsolation").contains("roleName: app_user");
    }

    /** The words after the main class in the guide's {@code sh} block that runs it. */
    static List<String> guideArguments() {
        String command = Docs.blocks(Docs.lines(Path.of("docs", "4-from-tenant-id.md"))).stream()
                .filter(block -> block.language().equals("sh") && block.text().contains(MAIN))
                .findFirst().orElseThrow().text().replace("\\\n", " ");
        String[] words = command.substring(command.indexOf(MAIN) + MAIN.length()).trim().split("\\s+");
        return List.of(words);
    }
}
