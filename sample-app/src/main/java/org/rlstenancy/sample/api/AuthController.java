package org.rlstenancy.sample.api;

import jakarta.validation.Valid;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.rlstenancy.spring.RlsTenancyProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Signs a token carrying the user's tenant, for a user name and password. */
@RestController
public class AuthController {
    /** A hash to check against when the user does not exist, so both cases take as long. */
    private static final String NO_USER_HASH = "$2a$10$kfCE0fA0iTvhAS8PUWl95.BGzRSovb7R7q9EYyeBMe69bbJpZfQa6";

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final JwtEncoder encoder;
    private final Duration lifetime;
    private final String tenantClaim;

    AuthController(JdbcClient jdbc, PasswordEncoder passwords, JwtEncoder encoder,
            @Value("${demo.token-lifetime:8h}") Duration lifetime, RlsTenancyProperties tenancy) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.encoder = encoder;
        this.lifetime = lifetime;
        this.tenantClaim = tenancy.getTenantClaim();
    }

    /** An email address is at most 254 characters; bcrypt reads at most 72 bytes of a password. */
    record Credentials(@Text(max = 254) String username,
            @Text(max = 72, unit = Text.Unit.UTF8_BYTES) String password) {
    }

    private record User(String email, String passwordHash, String tenantId) {
    }

    @PostMapping("/api/auth/token")
    Map<String, String> token(@Valid @RequestBody Credentials credentials) {
        // app_user holds identities, not tenant data: it is read before any tenant is known.
        Optional<User> user = jdbc.sql("SELECT email, password_hash, home_tenant_id::text FROM app_user WHERE email = ?")
                .param(TextRules.strip(credentials.username()).toLowerCase(Locale.ROOT))
                .query((rs, row) -> new User(rs.getString(1), rs.getString(2), rs.getString(3)))
                .optional();
        boolean matches = passwords.matches(credentials.password(), user.map(User::passwordHash).orElse(NO_USER_HASH));
        if (user.isEmpty() || !matches) {
            throw new ResponseStatusException(HttpStatus.UNAUTHORIZED, "invalid username or password");
        }
        Instant now = Instant.now();
        JwtClaimsSet claims = JwtClaimsSet.builder().subject(user.get().email()).issuedAt(now)
                .expiresAt(now.plus(lifetime)).claim(tenantClaim, user.get().tenantId()).build();
        String token = encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                .getTokenValue();
        return Map.of("token", token);
    }
}
