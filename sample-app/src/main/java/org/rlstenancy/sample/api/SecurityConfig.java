package org.rlstenancy.sample.api;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The page and the token endpoint are open; every other request needs a bearer token this app signed. The
 * starter binds the token's {@code tenant_id} claim for the request. {@code /api/admin/**} is for platform admins,
 * and so is {@code /actuator/**}: metrics count every tenant's work, so no tenant user may read them. The starter's
 * own chain and decoder ({@code rls.tenancy.jwt.hmac-secret}) back off for these: this app opens its page and token
 * endpoint, has an admin rule, signs its tokens with the same key, and makes a random key when none is given.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfig {
    private static final int MIN_KEY_BYTES = 32;

    @Bean
    SecurityFilterChain api(HttpSecurity http, PlatformAdmins platformAdmins) throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.GET, "/", "/index.html", "/app.js", "/app.css", "/favicon.ico")
                        .permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/auth/token").permitAll()
                        .requestMatchers("/error").permitAll()
                        .requestMatchers("/api/admin/**", "/actuator/**").access((authentication, request) ->
                                new AuthorizationDecision(platformAdmins.isAdmin(authentication.get())))
                        .anyRequest().authenticated())
                .oauth2ResourceServer(server -> server.jwt(Customizer.withDefaults()))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .build();
    }

    /** The HMAC key: {@code demo.jwt-secret}, or a random one at each start when it is empty. */
    @Bean
    SecretKey tokenKey(@Value("${demo.jwt-secret:}") String secret) {
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        if (secret.isEmpty()) {
            key = new byte[MIN_KEY_BYTES];
            new SecureRandom().nextBytes(key);
        } else if (key.length < MIN_KEY_BYTES) {
            throw new IllegalStateException("demo.jwt-secret must be at least " + MIN_KEY_BYTES + " bytes long");
        }
        return new SecretKeySpec(key, "HmacSHA256");
    }

    @Bean
    JwtDecoder jwtDecoder(SecretKey tokenKey) {
        return NimbusJwtDecoder.withSecretKey(tokenKey).macAlgorithm(MacAlgorithm.HS256).build();
    }

    @Bean
    JwtEncoder jwtEncoder(SecretKey tokenKey) {
        return new NimbusJwtEncoder(new ImmutableSecret<>(tokenKey));
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }
}
