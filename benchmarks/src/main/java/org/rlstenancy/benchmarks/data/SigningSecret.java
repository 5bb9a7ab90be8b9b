package org.rlstenancy.benchmarks.data;

import java.security.SecureRandom;
import java.util.Base64;

import org.rlstenancy.core.TenantSigningKey;

/**
 * The signing key of the {@code rls-signed} mode as configuration gives it: an id and the secret in Base64. Made at
 * random for each database, stored there by {@link TaskSchema#create}, and given to that mode's SessionFactory as
 * {@code rls.tenancy.signing_key_id} and {@code rls.tenancy.signing_key}. {@link #toString()} hides the secret.
 */
public record SigningSecret(String keyId, String base64) {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new key {@code benchmark} with 32 random bytes. */
    public static SigningSecret random() {
        byte[] secret = new byte[TenantSigningKey.MIN_SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return new SigningSecret("benchmark", Base64.getEncoder().encodeToString(secret));
    }

    /** The key, as the library reads it from the settings. */
    public TenantSigningKey key() {
        return TenantSigningKey.fromBase64(keyId, base64);
    }

    @Override
    public String toString() {
        return "SigningSecret[" + keyId + "]";
    }
}
