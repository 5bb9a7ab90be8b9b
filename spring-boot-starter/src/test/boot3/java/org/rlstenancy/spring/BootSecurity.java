package org.rlstenancy.spring;

import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;

/** Spring Boot 3.5's own security auto-configurations, which the starter's must fit in with. */
final class BootSecurity {
    static final Class<?>[] AUTO_CONFIGURATIONS = {
        OAuth2ResourceServerAutoConfiguration.class,
        SecurityAutoConfiguration.class
    };

    /** The chain of an application with an issuer URI: Spring Boot's own: there one auto-configuration makes the decoder and its chain together, so the starter's, which needs the decoder first, backs off. */
    static final String ISSUER_CHAIN = "jwtSecurityFilterChain";

    private BootSecurity() {
    }
}
