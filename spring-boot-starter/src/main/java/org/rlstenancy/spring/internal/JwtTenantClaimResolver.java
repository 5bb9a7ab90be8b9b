package org.rlstenancy.spring.internal;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import org.rlstenancy.core.InvalidTenantIdException;
import org.rlstenancy.core.TenantIdType;
import org.rlstenancy.spring.RequestTenantResolver;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The starter's default {@link RequestTenantResolver}: the tenant claim of a JWT principal. The claim must be a JSON
 * string, or for long ids a JSON string or integer; any other JSON value (a boolean, an array, an object, a number
 * with a fraction or an exponent) is refused rather than turned into text.
 */
public record JwtTenantClaimResolver(String claim, TenantIdType tenantIdType) implements RequestTenantResolver {
    /** @throws InvalidTenantIdException if the claim holds a JSON value of another type */
    @Override
    public Optional<String> tenantOf(Authentication authentication) {
        if (!(authentication.getPrincipal() instanceof Jwt jwt)) {
            return Optional.empty();
        }
        Object value = jwt.getClaims().get(claim);
        if (value == null || value instanceof String) {
            return Optional.ofNullable((String) value);
        }
        boolean integer = value instanceof Long || value instanceof Integer || value instanceof Short;
        if (tenantIdType == TenantIdType.LONG && integer) {
            return Optional.of(value.toString());
        }
        String problem = tenantIdType == TenantIdType.LONG && value instanceof Number
                ? "is a JSON number that is not an integer within the range of a bigint"
                : "is " + jsonType(value) + ", not a string";
        throw new InvalidTenantIdException(problem, " (claim '" + claim + "')");
    }

    private static String jsonType(Object value) {
        if (value instanceof Boolean) {
            return "a JSON boolean";
        }
        if (value instanceof Number) {
            return "a JSON number";
        }
        if (value instanceof Collection || value.getClass().isArray()) {
            return "a JSON array";
        }
        if (value instanceof Map) {
            return "a JSON object";
        }
        return "a " + value.getClass().getSimpleName();
    }
}
