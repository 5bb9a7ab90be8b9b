package org.rlstenancy.sample.api;

import jakarta.persistence.EntityNotFoundException;
import org.rlstenancy.sample.data.TenantRepository;
import org.springframework.security.core.Authentication;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Who the token belongs to, and the name of its tenant: the one tenant row the database shows it. */
@RestController
public class MeController {
    private final TenantRepository tenants;

    MeController(TenantRepository tenants) {
        this.tenants = tenants;
    }

    record Me(String user, String tenant) {
    }

    @GetMapping("/api/me")
    @Transactional(readOnly = true)
    Me me(Authentication authentication) {
        String tenant = tenants.findAll().stream().findFirst().map(t -> t.getName())
                .orElseThrow(EntityNotFoundException::new);
        return new Me(authentication.getName(), tenant);
    }
}
