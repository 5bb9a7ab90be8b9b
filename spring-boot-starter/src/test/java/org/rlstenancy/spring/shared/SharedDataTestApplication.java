package org.rlstenancy.spring.shared;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import jakarta.persistence.EntityNotFoundException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.rlstenancy.core.TenantContext;
import org.rlstenancy.core.testsupport.TestDatabase;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Shared lookup tables (specialty, color) next to a tenant table (visit). With {@code test.bad-shared-repository},
 * also a repository marked shared over the tenant entity.
 */
@SpringBootApplication
public class SharedDataTestApplication {
    /** Starts on {@code db} as its application role, on any free port, with {@code extra}. */
    public static ConfigurableApplicationContext start(TestDatabase db, String... extra) {
        List<String> properties = new ArrayList<>(List.of("server.address=127.0.0.1", "server.port=0",
                "spring.jpa.hibernate.ddl-auto=none", "spring.datasource.url=" + db.jdbcUrl(),
                "spring.datasource.username=" + db.appRole(), "spring.datasource.password=" + db.appPassword()));
        properties.addAll(List.of(extra));
        return new SpringApplicationBuilder(SharedDataTestApplication.class)
                .properties(properties.toArray(String[]::new)).run();
    }

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).build();
    }

    /** Binds the tenant of the X-Tenant header, to keep the test free of tokens; before open-in-view's Session. */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> tenantHeader() {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
                new OncePerRequestFilter() {
                    @Override
                    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                            FilterChain chain) throws ServletException, IOException {
                        String tenant = request.getHeader("X-Tenant");
                        if (tenant == null) {
                            chain.doFilter(request, response);
                            return;
                        }
                        try (TenantContext.Scope scope = TenantContext.bind(UUID.fromString(tenant))) {
                            chain.doFilter(request, response);
                        }
                    }
                });
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty("test.bad-shared-repository")
    @EnableJpaRepositories(basePackages = {"org.rlstenancy.spring.shared", "org.rlstenancy.spring.sharedbad"})
    static class BadSharedRepository {
    }

    @RestController
    static class VisitController {
        private final VisitRepository visits;
        private final SpecialtyRepository specialties;

        VisitController(VisitRepository visits, SpecialtyRepository specialties) {
            this.visits = visits;
            this.specialties = specialties;
        }

        @GetMapping("/visits/{id}")
        String visit(@PathVariable("id") long id) {
            return visits.findById(id).orElseThrow(EntityNotFoundException::new).getNote();
        }

        /** A public page: no tenant, in open-in-view's Session (Spring Boot's default). */
        @GetMapping("/specialties")
        List<String> specialties() {
            return specialties.findAllByOrderByIdAsc().stream().map(Specialty::getName).toList();
        }
    }
}
