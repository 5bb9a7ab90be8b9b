package org.rlstenancy.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.rlstenancy.benchmarks.soak.SoakOptions;
import org.rlstenancy.core.testsupport.Docs;

/**
 * The benchmark commands of the guides {@code docs/6-performance.md} and {@code docs/7-operations.md}, as written:
 * each {@code java -jar benchmarks/target/rls-tenancy-benchmarks.jar} line is accepted by the benchmark's own
 * argument parser (a full run takes minutes; {@code .ci/run} runs the soak, and the options checked here are the
 * ones those runs take), and the pgbench scripts the performance guide loops over exist.
 */
class GuideCommandsTest {
    static final String JAR = "java -jar benchmarks/target/rls-tenancy-benchmarks.jar";
    static final Pattern PGBENCH_LOOP = Pattern.compile("for script in ([a-z\\- ]+); do");

    @Test
    void everyBenchmarkCommandOfTheGuidesIsAcceptedAsWritten() throws Exception {
        List<String> commands = new ArrayList<>();
        for (String guide : List.of("docs/6-performance.md", "docs/7-operations.md")) {
            commands.addAll(commands(guide));
        }
        assertThat(commands).hasSizeGreaterThanOrEqualTo(10);
        for (String command : commands) {
            String[] args = words(command.substring(JAR.length()));
            if (args.length > 0 && args[0].equals("soak")) {
                assertThat(SoakOptions.parse(Arrays.copyOfRange(args, 1, args.length))).as(command).isPresent();
            } else {
                assertThat(BenchmarkOptions.parse(args)).as(command).isPresent();
            }
        }
    }

    @Test
    void thePgbenchScriptsThePerformanceGuideRunsExist() {
        String text = String.join("\n", Docs.lines(Path.of("docs/6-performance.md")));
        Matcher loop = PGBENCH_LOOP.matcher(text);
        assertThat(loop.find()).isTrue();
        List<String> scripts = new ArrayList<>(List.of(loop.group(1).trim().split("\\s+")));
        scripts.add("setup");
        scripts.add("session-setting");
        for (String script : scripts) {
            assertThat(Files.isRegularFile(Docs.root().resolve("benchmarks/pgbench/" + script + ".sql")))
                    .as(script).isTrue();
        }
    }

    /** The benchmark commands of a guide's {@code sh} blocks, each on one line, without its comment. */
    static List<String> commands(String guide) {
        List<String> commands = new ArrayList<>();
        for (Docs.Block block : Docs.blocks(Docs.lines(Path.of(guide)))) {
            if (!block.language().equals("sh")) {
                continue;
            }
            for (String line : block.text().replace("\\\n", " ").split("\n")) {
                String command = line.replaceAll("\\s+#.*$", "").trim();
                if (command.startsWith(JAR)) {
                    commands.add(command);
                }
            }
        }
        return commands;
    }

    static String[] words(String text) {
        return text.isBlank() ? new String[0] : text.trim().split("\\s+");
    }
}
