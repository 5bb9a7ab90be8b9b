package org.rlstenancy.core;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret the signed mode signs each transaction's tenant with (HMAC-SHA256), and its id. The database holds the
 * same secret where the application role cannot read it ({@link TenantSigningSql#addKey}); several keys may be
 * there at once, which is how a key is rotated. The secret is never printed: {@link #toString()} shows the id only.
 */
public final class TenantSigningKey {
    /** The fewest bytes a secret may have: 256 bits. */
    public static final int MIN_SECRET_BYTES = 32;
    /** The most bytes a secret may have: one SHA-256 block, so the database needs no hashing of the key. */
    public static final int MAX_SECRET_BYTES = 64;
    private static final int BLOCK = 64;
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    private final String keyId;
    private final byte[] secret;
    private final ThreadLocal<Mac> macs;

    private TenantSigningKey(String keyId, byte[] secret) {
        this.keyId = keyId;
        this.secret = secret;
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /**
     * A key with id {@code keyId} (letters, digits, {@code _} and {@code -}, at most 32) and {@code secret} (32 to 64
     * bytes, from a secure random source). The array is copied.
     *
     * @param keyId the id the database knows the key by
     * @param secret the secret bytes; the caller may clear its array afterwards
     * @return the key
     * @throws IllegalArgumentException naming what is wrong, never showing the secret
     */
    public static TenantSigningKey of(String keyId, byte[] secret) {
        if (keyId == null || !KEY_ID.matcher(keyId).matches()) {
            throw new IllegalArgumentException("Invalid signing key id '" + keyId + "': use 1 to 32 letters, digits,"
                    + " _ or -");
        }
        Objects.requireNonNull(secret, "secret");
        if (secret.length < MIN_SECRET_BYTES || secret.length > MAX_SECRET_BYTES) {
            throw new IllegalArgumentException("The signing key " + keyId + " has " + secret.length + " bytes: use "
                    + MIN_SECRET_BYTES + " to " + MAX_SECRET_BYTES + " random bytes, such as the output of"
                    + " 'openssl rand -base64 32'");
        }
        return new TenantSigningKey(keyId, secret.clone());
    }

    /**
     * A key whose secret is given in Base64, as in configuration.
     *
     * @param keyId the id the database knows the key by, as for {@link #of(String, byte[])}
     * @param base64Secret the secret, 32 to 64 bytes in Base64, such as the output of {@code openssl rand -base64 32}
     * @return the key
     * @throws IllegalArgumentException if the text is not Base64 or the key is invalid; the message never shows it
     */
    public static TenantSigningKey fromBase64(String keyId, String base64Secret) {
        if (base64Secret == null || base64Secret.isBlank()) {
            throw new IllegalArgumentException("The signing key " + keyId + " is empty: give 32 to 64 random bytes in"
                    + " Base64, such as the output of 'openssl rand -base64 32'");
        }
        byte[] secret;
        try {
            secret = Base64.getDecoder().decode(base64Secret.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The signing key " + keyId + " is not valid Base64", null);
        }
        try {
            return of(keyId, secret);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** {@return the key's id, which each token names and which {@link #toString()} shows} */
    public String keyId() {
        return keyId;
    }

    /**
     * The token the signed mode passes to {@code rls_tenancy.bind}:
     * {@code v1.<key id>.<issued at, epoch milliseconds>.<HMAC-SHA256, hex>.<tenant>}, the HMAC taken over the same
     * text without the HMAC part.
     *
     * @param tenant the tenant id's text form, as {@link TenantIdType#toSettingValue(Object)} gives it
     * @param issuedAtMillis when the token is issued, in milliseconds since the epoch
     * @return the token
     */
    public String token(String tenant, long issuedAtMillis) {
        String signed = "v1." + keyId + "." + issuedAtMillis + ".";
        Mac mac = macs.get();
        mac.update(signed.getBytes(StandardCharsets.UTF_8));
        byte[] digest = mac.doFinal(tenant.getBytes(StandardCharsets.UTF_8));
        return signed + HexFormat.of().formatHex(digest) + "." + tenant;
    }

    /** The HMAC inner pad: the secret, zero-padded to 64 bytes, XOR 0x36. The database stores it with the outer pad. */
    byte[] innerPad() {
        return pad((byte) 0x36);
    }

    /** The HMAC outer pad: the secret, zero-padded to 64 bytes, XOR 0x5c. */
    byte[] outerPad() {
        return pad((byte) 0x5c);
    }

    private byte[] pad(byte with) {
        byte[] pad = Arrays.copyOf(secret, BLOCK);
        for (int i = 0; i < BLOCK; i++) {
            pad[i] ^= with;
        }
        return pad;
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "TenantSigningKey[" + keyId + "]";
    }
}
