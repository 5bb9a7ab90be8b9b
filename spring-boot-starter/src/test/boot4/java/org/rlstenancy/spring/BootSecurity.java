package org.rlstenancy.spring;

import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.OAuth2ResourceServerWebSecurityAutoConfiguration;

/** Spring Boot 4's own security auto-configurations, which the starter's must fit in with. */
final class BootSecurity {
    static final Class<?>[] AUTO_CONFIGURATIONS = {
        SecurityAutoConfiguration.class,
        ServletWebSecurityAutoConfiguration.class,
        OAuth2ResourceServerAutoConfiguration.class,
        OAuth2ResourceServerWebSecurityAutoConfiguration.class
    };

    /** The chain of an application with an issuer URI: the starter's, once Spring Boot has made the decoder. */
    static final String ISSUER_CHAIN = "rlsTenancySecurityFilterChain";

    private BootSecurity() {
    }
}
