package org.rlstenancy.spring.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.rlstenancy.core.testsupport.TestDatabase;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** An ordinary Spring Boot application: JPA, Spring Data, a JWT resource server, {@code @Async}. */
@SpringBootApplication
@EnableAsync
public class StarterTestApplication {
    public static final byte[] KEY = "starter-test-signing-key-of-32-bytes!!".getBytes();

    /** Starts the application on {@code db} as its application role, on any free port, with {@code extra}. */
    public static ConfigurableApplicationContext start(TestDatabase db, String... extra) {
        List<String> properties = new ArrayList<>(List.of("server.address=127.0.0.1", "server.port=0",
                "spring.jpa.hibernate.ddl-auto=none", "spring.datasource.url=" + db.jdbcUrl(),
                "spring.datasource.username=" + db.appRole(), "spring.datasource.password=" + db.appPassword()));
        properties.addAll(List.of(extra));
        return new SpringApplicationBuilder(StarterTestApplication.class).properties(properties.toArray(String[]::new))
                .run();
    }

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.requestMatchers("/public/**", "/error").permitAll()
                        .anyRequest().authenticated())
                .oauth2ResourceServer(server -> server.jwt(Customizer.withDefaults()))
                .csrf(csrf -> csrf.disable())
                .build();
    }

    @Bean
    JwtDecoder jwtDecoder() {
        return NimbusJwtDecoder.withSecretKey(new SecretKeySpec(KEY, "HmacSHA256")).macAlgorithm(MacAlgorithm.HS256)
                .build();
    }

    @RestController
    public static class NoteController {
        private final NoteRepository notes;

        NoteController(NoteRepository notes) {
            this.notes = notes;
        }

        @GetMapping("/notes")
        List<String> list() {
            return notes.bodies();
        }

        @PostMapping("/notes")
        Map<String, Object> create(@RequestBody Map<String, String> body) {
            Note note = notes.save(new Note(body.get("body")));
            return Map.of("id", note.getId());
        }

        @GetMapping("/public/ping")
        String ping() {
            return "pong";
        }

        @GetMapping("/public/count")
        long count() {
            return notes.count();
        }
    }

}
