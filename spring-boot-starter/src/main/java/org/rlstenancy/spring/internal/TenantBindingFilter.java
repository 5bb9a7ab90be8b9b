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
 * valid tenant. Requests that are not authenticated pass with no tenant bound, so they can reach no tenant data.
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
        Optional<Object> tenant;
        try {
            tenant = resolver.tenantOf(authentication).map(tenantIdType::parse);
        } catch (InvalidTenantIdException e) {
            tenant = Optional.empty();
        }
        if (tenant.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setHeader("WWW-Authenticate",
                    "Bearer error=\"invalid_token\", error_description=\"The credentials carry no valid tenant\"");
            response.setContentType("application/json");
            response.getWriter().write("{\"error\":\"The credentials carry no valid tenant\"}");
            return;
        }
        try (TenantContext.Scope scope = TenantContext.bind(tenant.get())) {
            chain.doFilter(request, response);
        }
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }
}
