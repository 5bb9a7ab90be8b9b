package org.rlstenancy.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import jakarta.servlet.Filter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rlstenancy.spring.jwtapp.Tokens;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * When the starter's decoder and chain apply and when they back off, with Spring Boot's own security
 * auto-configuration beside them. None of this needs a database.
 */
@ExtendWith(OutputCaptureExtension.class)
class ResourceServerAutoConfigurationTest {
    static final String SECRET = Tokens.secret(32);
    static final String TENANT = "00000000-0000-0000-0000-00000000000a";

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RlsTenancySecurityAutoConfiguration.class))
            .withConfiguration(AutoConfigurations.of(BootSecurity.AUTO_CONFIGURATIONS));

    @Configuration(proxyBeanMethods = false)
    static class OwnChain {
        @Bean
        SecurityFilterChain ownChain(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).build();
        }
    }

    /** Accepts the one token "theirs". */
    @Configuration(proxyBeanMethods = false)
    static class OwnDecoder {
        @Bean
        JwtDecoder ownDecoder() {
            return token -> {
                if (!token.equals("theirs")) {
                    throw new BadJwtException("not theirs");
                }
                return Jwt.withTokenValue(token).header("alg", "none").subject("someone").claim("tenant_id", TENANT)
                        .build();
            };
        }
    }

    @Test
    void theHmacSecretGivesTheStartersDecoderAndChainInPlaceOfSpringBoots() {
        runner.withPropertyValues("rls.tenancy.jwt.hmac-secret=" + SECRET).run(context -> {
            assertThat(context).hasNotFailed().hasBean("rlsTenancyHmacJwtDecoder");
            assertThat(context.getBeansOfType(SecurityFilterChain.class))
                    .containsOnlyKeys("rlsTenancySecurityFilterChain");
            MockMvc mvc = mockMvc(context);
            assertThat(status(mvc, Tokens.hs256(SECRET, TENANT))).isEqualTo(404);
            assertThat(status(mvc, null)).isEqualTo(401);
        });
    }

    @Test
    void anApplicationsOwnSecurityFilterChainReplacesTheStarters() {
        runner.withPropertyValues("rls.tenancy.jwt.hmac-secret=" + SECRET).withUserConfiguration(OwnChain.class)
                .run(context -> {
                    assertThat(context).hasNotFailed().hasBean("rlsTenancyHmacJwtDecoder");
                    assertThat(context.getBeansOfType(SecurityFilterChain.class)).containsOnlyKeys("ownChain");
                });
    }

    @Test
    void anApplicationsOwnJwtDecoderReplacesTheStartersAndIsUsed() {
        runner.withPropertyValues("rls.tenancy.jwt.hmac-secret=" + SECRET).withUserConfiguration(OwnDecoder.class)
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean("rlsTenancyHmacJwtDecoder");
                    assertThat(context.getBeansOfType(JwtDecoder.class)).containsOnlyKeys("ownDecoder");
                    assertThat(context.getBeansOfType(SecurityFilterChain.class))
                            .containsOnlyKeys("rlsTenancySecurityFilterChain");
                    MockMvc mvc = mockMvc(context);
                    assertThat(status(mvc, "theirs")).isEqualTo(404);
                    assertThat(status(mvc, Tokens.hs256(SECRET, TENANT))).isEqualTo(401);
                });
    }

    @Test
    void springBootsIssuerUriDecoderIsKeptAndGetsAStatelessChain() {
        runner.withPropertyValues("spring.security.oauth2.resourceserver.jwt.issuer-uri=http://127.0.0.1:1/issuer")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(JwtDecoder.class)
                            .doesNotHaveBean("rlsTenancyHmacJwtDecoder");
                    assertThat(context.getBeansOfType(SecurityFilterChain.class))
                            .containsOnlyKeys(BootSecurity.ISSUER_CHAIN);
                });
    }

    @Test
    void withoutADecoderTheStarterAddsNoChain() {
        runner.run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(JwtDecoder.class)
                    .doesNotHaveBean("rlsTenancySecurityFilterChain").hasSingleBean(SecurityFilterChain.class);
        });
    }

    @Test
    void aShortEmptyOrNonBase64SecretStopsTheStartNamingThePropertyButNotTheSecret(CapturedOutput output) {
        String shortSecret = Tokens.secret(31);
        for (String[] secretAndProblem : new String[][] {{shortSecret, "has 31 bytes, too few"},
            {"not-base64-but-long-enough-to-be-a-secret!", "is not valid Base64"}, {"", "is empty"}}) {
            runner.withPropertyValues("rls.tenancy.jwt.hmac-secret=" + secretAndProblem[0]).run(context -> {
                assertThat(context).hasFailed();
                List<String> messages = messages(context.getStartupFailure());
                assertThat(messages).anySatisfy(message -> assertThat(message).contains(
                        "rls.tenancy.jwt.hmac-secret " + secretAndProblem[1] + ": give the Base64 of at least 32"
                                + " random bytes (256 bits) for HS256"));
                if (!secretAndProblem[0].isEmpty()) {
                    assertThat(messages).noneSatisfy(message -> assertThat(message).contains(secretAndProblem[0]));
                }
            });
        }
        assertThat(output.getAll()).doesNotContain(shortSecret, "not-base64-but-long-enough");
    }

    @Test
    void theHmacSecretBesideSpringBootsIssuerUriStopsTheStart() {
        runner.withPropertyValues("rls.tenancy.jwt.hmac-secret=" + SECRET,
                "spring.security.oauth2.resourceserver.jwt.issuer-uri=http://127.0.0.1:1/issuer").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(messages(context.getStartupFailure())).anySatisfy(message -> assertThat(message)
                            .contains("rls.tenancy.jwt.hmac-secret and spring.security.oauth2.resourceserver.jwt"
                                    + ".issuer-uri are both set: keep one"));
                });
    }

    @Test
    void withoutSpringSecurityOnTheClassPathTheStarterStillLoads() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(RlsTenancyAutoConfiguration.class,
                        RlsTenancySecurityAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader("org.springframework.security.", "com.nimbusds."))
                .withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:1/app",
                        "rls.tenancy.jwt.hmac-secret=" + SECRET)
                .run(context -> assertThat(context).hasNotFailed().hasBean("rlsTenancyTaskDecorator")
                        .hasSingleBean(RlsTenancyProperties.class).doesNotHaveBean("rlsTenancyTenantBindingFilter")
                        .doesNotHaveBean("rlsTenancyHmacJwtDecoder"));
    }

    private static MockMvc mockMvc(AssertableWebApplicationContext context) {
        return MockMvcBuilders.webAppContextSetup(context)
                .addFilters(context.getBean("springSecurityFilterChain", Filter.class)).build();
    }

    /** The status of a GET with {@code token} as its bearer token ({@code null}: none). */
    private static int status(MockMvc mvc, String token) throws Exception {
        MockHttpServletRequestBuilder request = get("/x");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return mvc.perform(request).andReturn().getResponse().getStatus();
    }

    private static List<String> messages(Throwable e) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.add(String.valueOf(t.getMessage()));
        }
        return messages;
    }
}
