package org.rlstenancy.spring;

import static org.springframework.security.config.Customizer.withDefaults;

import java.util.Optional;
import org.rlstenancy.spring.internal.HmacJwtDecoders;
import org.rlstenancy.spring.internal.JwtTenantClaimResolver;
import org.rlstenancy.spring.internal.TenantBindingFilter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * The request side, on a servlet stack with Spring Security:
 * <ul>
 *   <li>Each authenticated request runs with its principal's tenant bound (a JWT's {@code rls.tenancy.tenant-claim}
 *   by default, or a {@link RequestTenantResolver} bean); an authenticated request without a valid tenant gets
 *   401.</li>
 *   <li>With {@code rls.tenancy.jwt.hmac-secret}, a {@link JwtDecoder} for HS256 tokens, unless the application has
 *   one. Spring Boot makes the decoder for {@code spring.security.oauth2.resourceserver.jwt.*}.</li>
 *   <li>With a {@link JwtDecoder} bean and no {@link SecurityFilterChain} of the application's, a stateless resource
 *   server chain in place of Spring Boot's: every request but {@code /error} needs a valid bearer token, and a
 *   missing, expired or badly signed one gets 401.</li>
 * </ul>
 * This part does not depend on the database: on an embedded test database, where {@link RlsTenancyAutoConfiguration}
 * backs off, requests are authenticated as in production. {@code rls.tenancy.enabled=false} turns it off too.
 */
@AutoConfiguration(after = RlsTenancyAutoConfiguration.class,
        afterName = "org.springframework.boot.security.oauth2.server.resource.autoconfigure"
                + ".OAuth2ResourceServerAutoConfiguration",
        beforeName = {"org.springframework.boot.security.oauth2.server.resource.autoconfigure.web"
                + ".OAuth2ResourceServerWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
            // Spring Boot 3.5, where one auto-configuration makes both the decoder and the default chain: ours
            // comes first, so the application's issuer or JWK set gets Boot's decoder and chain there.
            "org.springframework.boot.autoconfigure.security.oauth2.resource.servlet"
                + ".OAuth2ResourceServerAutoConfiguration",
            "org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({SecurityContextHolder.class, FilterRegistrationBean.class})
@ConditionalOnBooleanProperty(name = "rls.tenancy.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RlsTenancyProperties.class)
public class RlsTenancySecurityAutoConfiguration {
    /**
     * Runs just after Spring Security's filter chain (order -100 by default). Without a {@link RequestTenantResolver}
     * bean, nothing is registered.
     */
    @Bean
    FilterRegistrationBean<TenantBindingFilter> rlsTenancyTenantBindingFilter(
            ObjectProvider<RequestTenantResolver> resolver, RlsTenancyProperties properties) {
        RequestTenantResolver found = resolver.getIfAvailable();
        FilterRegistrationBean<TenantBindingFilter> registration = new FilterRegistrationBean<>(
                new TenantBindingFilter(found != null ? found : authentication -> Optional.empty(),
                        properties.getTenantIdType()));
        registration.setEnabled(found != null);
        registration.setOrder(0);
        return registration;
    }

    /** The default resolver: the {@code rls.tenancy.tenant-claim} claim of a JWT principal. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Jwt.class)
    static class JwtTenantConfiguration {
        @Bean
        @ConditionalOnMissingBean
        RequestTenantResolver rlsTenancyJwtTenantResolver(RlsTenancyProperties properties) {
            return new JwtTenantClaimResolver(properties.getTenantClaim(), properties.getTenantIdType());
        }
    }

    /** {@code rls.tenancy.jwt.hmac-secret}: the decoder of HS256 tokens the application signs itself. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(NimbusJwtDecoder.class)
    @ConditionalOnProperty(prefix = "rls.tenancy.jwt", name = "hmac-secret")
    @Order(1) // before ResourceServerConfiguration, whose condition looks for this decoder
    static class HmacDecoderConfiguration {
        HmacDecoderConfiguration(Environment environment) {
            HmacJwtDecoders.refuseBesides(environment);
        }

        @Bean
        @ConditionalOnMissingBean(JwtDecoder.class)
        JwtDecoder rlsTenancyHmacJwtDecoder(RlsTenancyProperties properties) {
            return HmacJwtDecoders.hs256(properties.getJwt().getHmacSecret());
        }
    }

    /**
     * The resource server chain, where the application has a {@link JwtDecoder} (its own, Spring Boot's or ours) and
     * no chain. It enables web security itself, so it also applies in a {@code @WebMvcTest}.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({HttpSecurity.class, NimbusJwtDecoder.class})
    @ConditionalOnMissingBean(SecurityFilterChain.class)
    @ConditionalOnBean(JwtDecoder.class)
    @EnableWebSecurity
    @Order(2)
    static class ResourceServerConfiguration {
        /** Throws {@code Exception} as Spring Security 6's {@code HttpSecurity} does (Spring Boot 3.5); 7's does not. */
        @Bean
        SecurityFilterChain rlsTenancySecurityFilterChain(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(requests -> requests
                            // A matcher of its own, not MVC's, which Spring Security 6 would ask of Spring MVC.
                            .requestMatchers(PathPatternRequestMatcher.withDefaults().matcher("/error")).permitAll()
                            .anyRequest().authenticated())
                    .oauth2ResourceServer(server -> server.jwt(withDefaults()))
                    .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                    // Only a bearer token authenticates, never a cookie: no session for a forged request to ride.
                    .csrf(csrf -> csrf.disable())
                    .build();
        }
    }
}
