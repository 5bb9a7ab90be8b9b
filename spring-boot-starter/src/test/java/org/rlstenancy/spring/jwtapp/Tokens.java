package org.rlstenancy.spring.jwtapp;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/** HS256 tokens for the tests, signed as an application would sign them. */
public final class Tokens {
    private Tokens() {
    }

    /** A new random secret of {@code bytes} bytes, in Base64. */
    public static String secret(int bytes) {
        byte[] secret = new byte[bytes];
        new SecureRandom().nextBytes(secret);
        return Base64.getEncoder().encodeToString(secret);
    }

    /** A token for {@code tenant} signed with {@code base64Secret}, expiring {@code expiresIn} from now. */
    public static String hs256(String base64Secret, Object tenant, Duration expiresIn) throws JOSEException {
        long expires = Instant.now().plus(expiresIn).getEpochSecond();
        JWSObject jws = new JWSObject(new JWSHeader(JWSAlgorithm.HS256), new Payload("{\"sub\":\"someone\",\"exp\":"
                + expires + ",\"tenant_id\":\"" + tenant + "\"}"));
        jws.sign(new MACSigner(Base64.getDecoder().decode(base64Secret)));
        return jws.serialize();
    }

    /** A token for {@code tenant} signed with {@code base64Secret}, valid for an hour. */
    public static String hs256(String base64Secret, Object tenant) throws JOSEException {
        return hs256(base64Secret, tenant, Duration.ofHours(1));
    }
}
