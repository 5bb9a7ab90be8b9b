package org.rlstenancy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rlstenancy.core.TenantPolicySql;
import org.rlstenancy.core.testsupport.Docs;
import org.rlstenancy.core.testsupport.TestDatabase;

/**
 * The command of the guide {@code docs/5-proving-isolation.md}, as written there, in a process of its own: only the
 * URL, the role and the password are this test database's, and {@code -jar cli/target/rls-tenancy-cli.jar} runs
 * this module's classes (the jar is built after the tests). The password travels in {@code RLS_PASSWORD}, as the
 * guide shows.
 */
class GuideCommandTest {
    static final Path GUIDE = Path.of("docs", "5-proving-isolation.md");

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void theGuidesVerifyCommandReportsAProtectedTableAsIsolatedAndAnUnforcedOneAsAnError() throws Exception {
        db.ownerExecute("CREATE TABLE shop_order (id bigint PRIMARY KEY, tenant_id uuid NOT NULL)");
        db.protect(TenantPolicySql.forTable("shop_order"));
        Run clean = run(command());
        assertThat(clean.exitCode()).as(clean.output()).isZero();

        db.ownerExecute("ALTER TABLE shop_order NO FORCE ROW LEVEL SECURITY");
        Run broken = run(command());
        assertThat(broken.exitCode()).as(broken.output()).isNotZero();
        assertThat(broken.output()).contains("table shop_order: does not force row-level security")
                .doesNotContain(db.appPassword());
    }

    /** The guide's one {@code java -jar ... verify} command, split into words, with the shell's line joins undone. */
    static List<String> command() {
        List<Docs.Block> commands = Docs.blocks(Docs.lines(GUIDE)).stream()
                .filter(block -> block.language().equals("sh") && block.text().contains("rls-tenancy-cli.jar verify"))
                .toList();
        assertThat(commands).as("the verify command of " + GUIDE).hasSize(1);
        List<String> words = new ArrayList<>(List.of(commands.get(0).text().replace("\\\n", " ").trim().split("\\s+")));
        assertThat(words.get(0)).isEqualTo("RLS_PASSWORD=change-me-too");
        assertThat(words.subList(1, 4)).containsExactly("java", "-jar", "cli/target/rls-tenancy-cli.jar");
        return words;
    }

    record Run(int exitCode, String output) {
    }

    Run run(List<String> guide) throws IOException, InterruptedException, SQLException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), RlsTenancyCli.class.getName()));
        for (int i = 4; i < guide.size(); i++) {
            String word = guide.get(i);
            String previous = guide.get(i - 1);
            command.add(previous.equals("--url") ? db.jdbcUrl() : previous.equals("--user") ? db.appRole() : word);
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("RLS_PASSWORD", db.appPassword());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }
}
