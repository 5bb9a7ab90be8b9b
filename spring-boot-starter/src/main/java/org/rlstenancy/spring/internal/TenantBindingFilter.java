package org.rlstenancy.spring.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.rlstenancy.core.InvalidTenantIdException;
import org.rlstenancy.core.TenantContext;
import org.rlstenancy.core.TenantIdType;
import org.rlstenancy.spring.RequestTenantResolver;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Runs after Spring Security has authenticated the request: binds the tenant of the authenticated principal to
 * {@link TenantContext} for the rest of the request, and refuses with 401 an authenticated request that carries no
 * valid tenant, saying what is wrong with it. Requests that are not authenticated pass with no tenant bound, so they can reach no tenant data.
 */
public final class TenantBindingFilter extends OncePerRequestFilter {
    private final RequestTenantResolver resolver;
    private final TenantIdType tenantIdType;

    public TenantBindingFilter(RequestTenantResolver resolver, TenantIdType tenantIdType) {
        this.resolver = resolver;
        this.tenantIdType = tenantIdType;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            chain.doFilter(request, response);
            return;
        }
        Object tenant;
        try {
            Optional<String> text = resolver.tenantOf(authentication);
            if (text.isEmpty()) {
                refuse(response, "The credentials carry no tenant");
                return;
            }
            tenant = tenantIdType.parse(text.get());
        } catch (InvalidTenantIdException e) {
            refuse(response, "The credentials carry no valid tenant: the tenant id " + e.problem());
            return;
        }
        try (TenantContext.Scope scope = TenantContext.bind(tenant)) {
            chain.doFilter(request, response);
        }
    }

    /**
     * Answers 401 with {@code description} in the {@code WWW-Authenticate} header and a JSON body. It names what is
     * wrong, never the value. Characters RFC 6750 does not allow there (all but printable ASCII, and the double
     * quote and backslash) become {@code ?}, whatever a custom resolver put in its exception.
     */
    private static void refuse(HttpServletResponse response, String description) throws IOException {
        String safe = description.replaceAll("[^\\x20-\\x7e]|[\"\\\\]", "?");
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"" + safe + "\"");
        response.setContentType("application/json");
        response.getWriter().write("{\"error\":\"invalid_token\",\"error_description\":\"" + safe + "\"}");
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }
}
