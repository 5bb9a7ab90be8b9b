package com.example.notes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.rlstenancy.core.MissingTenantException;
import org.rlstenancy.core.TenantContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application on Spring Boot 3.5 with the RLS Tenancy starter, on an embedded PostgreSQL: the migrations protect
 * the table, the start-up check passes, each tenant sees its own notes only, and no tenant means no data.
 */
@SpringBootTest(properties = "spring.main.web-application-type=none")
class NotesIsolationTest {
    static final UUID ACME = UUID.randomUUID();
    static final UUID GLOBEX = UUID.randomUUID();
    static EmbeddedPostgres postgres;

    @Autowired
    NoteRepository notes;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws IOException, SQLException {
        postgres = EmbeddedPostgres.builder().start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE notes_owner LOGIN PASSWORD 'owner'");
            s.execute("CREATE ROLE notes_app LOGIN PASSWORD 'app' NOSUPERUSER NOBYPASSRLS");
            s.execute("CREATE DATABASE notes OWNER notes_owner");
        }
        String url = postgres.getJdbcUrl("postgres", "notes").replaceFirst("\\?.*", "");
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> "notes_app");
        registry.add("spring.datasource.password", () -> "app");
        registry.add("spring.liquibase.user", () -> "notes_owner");
        registry.add("spring.liquibase.password", () -> "owner");
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    @Test
    void eachTenantSeesItsOwnNotesOnlyAndNoTenantSeesNothing() {
        assertThat(SpringBootVersion.getVersion()).startsWith("3.5.");
        TenantContext.runAs(ACME, () -> notes.save(new Note("acme note")));
        TenantContext.runAs(GLOBEX, () -> notes.save(new Note("globex note")));

        List<Note> acme = TenantContext.callAs(ACME, () -> notes.findAll());
        List<Note> globex = TenantContext.callAs(GLOBEX, () -> notes.findAll());
        assertThat(acme).extracting(Note::getBody).containsExactly("acme note");
        assertThat(globex).extracting(Note::getBody).containsExactly("globex note");
        Long globexId = TenantContext.callAs(GLOBEX, () -> notes.findAll().get(0).getId());
        assertThat(TenantContext.callAs(ACME, () -> notes.findById(globexId))).isEmpty();
        assertThatThrownBy(notes::findAll).isInstanceOf(MissingTenantException.class);
    }
}
