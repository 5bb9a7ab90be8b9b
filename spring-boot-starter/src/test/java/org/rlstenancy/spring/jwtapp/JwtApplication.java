package org.rlstenancy.spring.jwtapp;

import org.rlstenancy.spring.app.Note;
import org.rlstenancy.spring.app.NoteRepository;
import org.rlstenancy.spring.app.StarterTestApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.context.annotation.Import;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;

/** {@link StarterTestApplication}'s notes, with the JWT set-up left to the starter: no chain, no decoder of its own. */
@SpringBootApplication
@EntityScan(basePackageClasses = Note.class)
@EnableJpaRepositories(basePackageClasses = NoteRepository.class)
@Import(StarterTestApplication.NoteController.class)
public class JwtApplication {
}
