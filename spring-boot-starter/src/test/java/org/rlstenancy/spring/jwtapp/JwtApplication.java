package org.rlstenancy.spring.jwtapp;

import org.rlstenancy.spring.app.Note;
import org.rlstenancy.spring.app.StarterTestApplication;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** {@link StarterTestApplication}'s notes, with the JWT set-up left to the starter: no chain, no decoder of its own. */
@SpringBootApplication
@AutoConfigurationPackage(basePackageClasses = Note.class)
@Import(StarterTestApplication.NoteController.class)
public class JwtApplication {
}
