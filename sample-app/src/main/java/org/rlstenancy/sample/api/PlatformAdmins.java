package org.rlstenancy.sample.api;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Lets a request through only for a platform admin: the subject of its signed token is a user whose
 * {@code app_user.platform_admin} is true. Read at each request, so taking the flag away takes effect at once. Not an
 * {@code AuthorizationManager} itself: that interface's method differs between Spring Security 6 and 7, so
 * {@link SecurityConfig} wraps {@link #isAdmin} in a lambda that fits either.
 */
@Component
class PlatformAdmins {
    private final JdbcClient jdbc;

    PlatformAdmins(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    boolean isAdmin(Authentication user) {
        if (user == null || !user.isAuthenticated() || user instanceof AnonymousAuthenticationToken) {
            return false;
        }
        // app_user holds identities, not tenant data: it is read before any tenant is bound.
        return jdbc.sql("SELECT platform_admin FROM app_user WHERE email = ?").param(user.getName())
                .query(Boolean.class).optional().orElse(false);
    }
}
