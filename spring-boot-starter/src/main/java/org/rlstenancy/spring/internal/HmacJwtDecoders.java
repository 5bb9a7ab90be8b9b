package org.rlstenancy.spring.internal;

import java.util.Base64;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The decoder of {@code rls.tenancy.jwt.hmac-secret}: HS256 only, with Spring Security's default validation
 * ({@code exp} and {@code nbf}, 60 seconds of clock skew). A secret that is not Base64 of at least 32 bytes is
 * refused with a message that names the property and never shows the secret.
 */
public final class HmacJwtDecoders {
    static final String PROPERTY = "rls.tenancy.jwt.hmac-secret";
    static final int MIN_BYTES = 32;
    private static final String HOW = ": give the Base64 of at least " + MIN_BYTES
            + " random bytes (256 bits) for HS256, such as the output of 'openssl rand -base64 32'";

    private HmacJwtDecoders() {
    }

    /** @throws IllegalStateException if {@code base64Secret} is empty, not Base64, or shorter than 32 bytes */
    public static JwtDecoder hs256(String base64Secret) {
        if (base64Secret == null || base64Secret.isBlank()) {
            throw new IllegalStateException(PROPERTY + " is empty" + HOW);
        }
        byte[] secret;
        try {
            secret = Base64.getDecoder().decode(base64Secret.strip());
        } catch (IllegalArgumentException e) {
            // Base64's own message quotes a character of the secret.
            throw new IllegalStateException(PROPERTY + " is not valid Base64" + HOW);
        }
        if (secret.length < MIN_BYTES) {
            throw new IllegalStateException(PROPERTY + " has " + secret.length + " bytes, too few" + HOW);
        }
        return NimbusJwtDecoder.withSecretKey(new SecretKeySpec(secret, "HmacSHA256")).macAlgorithm(MacAlgorithm.HS256)
                .build();
    }

    /**
     * Refuses the HMAC secret next to Spring Boot's own JWT decoder properties: Spring Boot's decoder would win and the
     * secret would be ignored without a word.
     */
    public static void refuseBesides(Environment environment) {
        for (String name : new String[] {"issuer-uri", "jwk-set-uri", "public-key-location"}) {
            String property = "spring.security.oauth2.resourceserver.jwt." + name;
            if (environment.containsProperty(property)) {
                throw new IllegalStateException(PROPERTY + " and " + property + " are both set: keep one. The HMAC"
                        + " secret is for tokens the application signs itself; " + property
                        + " for tokens of an identity provider.");
            }
        }
    }
}
