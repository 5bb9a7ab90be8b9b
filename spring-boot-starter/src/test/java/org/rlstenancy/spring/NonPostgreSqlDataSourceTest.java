package org.rlstenancy.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rlstenancy.core.TenantContext;
import org.rlstenancy.spring.app.Note;
import org.rlstenancy.spring.app.NoteRepository;
import org.rlstenancy.spring.app.StarterTestApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Not PostgreSQL: on an embedded test database (H2 here) the starter backs off with one log line and repositories
 * work without a tenant; rls.tenancy.require-postgresql=true makes it an error, and so is any other database.
 */
@ExtendWith(OutputCaptureExtension.class)
class NonPostgreSqlDataSourceTest {
    private static ConfigurableApplicationContext start(String... extra) {
        List<String> properties = new ArrayList<>(List.of("server.address=127.0.0.1", "server.port=0",
                "spring.jpa.hibernate.ddl-auto=create-drop"));
        properties.addAll(List.of(extra));
        return new SpringApplicationBuilder(StarterTestApplication.class).properties(properties.toArray(String[]::new))
                .run();
    }

    private static List<String> messages(Throwable e) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.add(String.valueOf(t.getMessage()));
        }
        return messages;
    }

    private static long offLines(CapturedOutput output) {
        return output.getAll().lines().filter(line -> line.contains("RLS Tenancy is off")).count();
    }

    @Test
    void onH2ItBacksOffWithOneLineAndRepositoriesNeedNoTenant(CapturedOutput output) {
        try (ConfigurableApplicationContext app = start("spring.datasource.url=jdbc:h2:mem:notes;DB_CLOSE_DELAY=-1")) {
            assertThat(TenantContext.current()).isEmpty();
            NoteRepository notes = app.getBean(NoteRepository.class);
            notes.save(new Note("on h2"));
            assertThat(notes.findAll()).extracting(Note::getBody).containsExactly("on h2");
            assertThat(app.containsBean("rlsTenancyHibernateProperties")).isFalse();
            assertThat(app.containsBean("rlsTenancyTaskDecorator")).isFalse();
        }
        assertThat(offLines(output)).isOne();
        assertThat(output).contains("RLS Tenancy is off: the data source is H2 (jdbc:h2:mem:notes;DB_CLOSE_DELAY=-1),"
                + " not PostgreSQL; tenant isolation is not enforced."
                + " Set rls.tenancy.require-postgresql=true to make this an error");
    }

    @Test
    void withoutAUrlSpringBootsEmbeddedH2IsDetectedToo(CapturedOutput output) {
        try (ConfigurableApplicationContext app = start()) {
            assertThat(app.getBean(NoteRepository.class).findAll()).isEmpty();
        }
        assertThat(offLines(output)).isOne();
        assertThat(output).contains("RLS Tenancy is off: the data source is H2");
    }

    @Test
    void requirePostgresqlMakesH2AnError() {
        assertThatThrownBy(() -> start("spring.datasource.url=jdbc:h2:mem:required",
                "rls.tenancy.require-postgresql=true")).satisfies(e -> assertThat(messages(e)).anySatisfy(message ->
                assertThat(message).contains("RLS Tenancy needs PostgreSQL, but the data source is H2",
                        "Set rls.tenancy.enabled=false")));
    }

    @Test
    void anyOtherDatabaseIsAnErrorThatNamesTheSetting() {
        assertThatThrownBy(() -> start("spring.datasource.url=jdbc:mysql://127.0.0.1:1/app")).satisfies(e ->
                assertThat(messages(e)).anySatisfy(message -> assertThat(message).contains(
                        "RLS Tenancy needs PostgreSQL, but the data source is mysql (jdbc:mysql://127.0.0.1:1/app).",
                        "Set rls.tenancy.enabled=false to run without tenant isolation")));
    }

    @Test
    void enabledFalseTurnsItOffWithOneLine(CapturedOutput output) {
        try (ConfigurableApplicationContext app = start("spring.datasource.url=jdbc:h2:mem:disabled",
                "rls.tenancy.enabled=false", "rls.tenancy.require-postgresql=true")) {
            assertThat(app.getBean(NoteRepository.class).findAll()).isEmpty();
        }
        assertThat(offLines(output)).isOne();
        assertThat(output).contains("RLS Tenancy is off: rls.tenancy.enabled=false");
    }
}
