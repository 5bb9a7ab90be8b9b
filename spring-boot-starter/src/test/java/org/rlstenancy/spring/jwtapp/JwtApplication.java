package org.rlstenancy.spring.jwtapp;

import java.util.List;
import org.rlstenancy.core.TenantContext;
import org.rlstenancy.spring.app.Note;
import org.rlstenancy.spring.app.NoteRepository;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** An application that leaves the JWT set-up to the starter: no SecurityFilterChain, no JwtDecoder. */
@SpringBootApplication
@EntityScan(basePackageClasses = Note.class)
@EnableJpaRepositories(basePackageClasses = NoteRepository.class)
public class JwtApplication {
    @RestController
    static class NoteController {
        private final NoteRepository notes;

        NoteController(NoteRepository notes) {
            this.notes = notes;
        }

        @GetMapping("/notes")
        List<String> list() {
            return notes.bodies();
        }

        @GetMapping("/tenant")
        String tenant() {
            return String.valueOf(TenantContext.current().orElse("none"));
        }
    }
}
