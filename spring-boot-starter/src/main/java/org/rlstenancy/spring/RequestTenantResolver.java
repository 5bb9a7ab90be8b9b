package org.rlstenancy.spring;

import java.util.Optional;
import org.springframework.security.core.Authentication;

/**
 * Finds the tenant of an authenticated request. The starter's default reads the {@code rls.tenancy.tenant-claim}
 * claim of a JWT; declare a bean of this type to map other principals. The text it returns is parsed with the
 * configured tenant id type; a request whose authentication yields none is refused with 401.
 */
@FunctionalInterface
public interface RequestTenantResolver {
    /**
     * The tenant id of {@code authentication}, as text; empty when it carries none.
     *
     * @param authentication the request's authentication
     * @return the tenant id as text, to be parsed with the configured tenant id type; empty when there is none
     */
    Optional<String> tenantOf(Authentication authentication);
}
