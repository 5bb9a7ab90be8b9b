package org.rlstenancy.sample.api;

import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.stereotype.Component;

/**
 * Lets a request through only for a platform admin: the subject of its signed token is a user whose
 * {@code app_user.platform_admin} is true. Read at each request, so taking the flag away takes effect at once.
 */
@Component
class PlatformAdmins implements AuthorizationManager<RequestAuthorizationContext> {
    private final JdbcClient jdbc;

    PlatformAdmins(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
            RequestAuthorizationContext request) {
        Authentication user = authentication.get();
        if (user == null || !user.isAuthenticated() || user instanceof AnonymousAuthenticationToken) {
            return new AuthorizationDecision(false);
        }
        // app_user holds identities, not tenant data: it is read before any tenant is bound.
        boolean admin = jdbc.sql("SELECT platform_admin FROM app_user WHERE email = ?").param(user.getName())
                .query(Boolean.class).optional().orElse(false);
        return new AuthorizationDecision(admin);
    }
}
