package org.rlstenancy.spring.slice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.rlstenancy.core.TenantContext;
import org.rlstenancy.spring.jwtapp.Tokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A {@code @WebMvcTest} loads the starter's request side: with {@code rls.tenancy.jwt.hmac-secret}, a request runs
 * with its token's tenant bound, and one with no token or no valid tenant gets 401.
 */
@MvcSlice(properties = "rls.tenancy.jwt.hmac-secret=" + WebMvcSliceTest.SECRET)
class WebMvcSliceTest {
    static final String SECRET = "c2xpY2UtdGVzdC1zZWNyZXQtb2YtdGhpcnR5LXR3byEh";
    static final String ACME = "00000000-0000-0000-0000-00000000000a";

    @SpringBootConfiguration
    @Import(TenantController.class)
    static class Slice {
    }

    @RestController
    static class TenantController {
        @GetMapping("/tenant")
        String tenant() {
            return String.valueOf(TenantContext.current().orElse("none"));
        }
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    ApplicationContext context;

    @Test
    void theSliceHasTheStartersDecoderAndChain() {
        assertThat(context.containsBean("rlsTenancyHmacJwtDecoder")).isTrue();
        assertThat(context.getBeansOfType(SecurityFilterChain.class)).containsOnlyKeys("rlsTenancySecurityFilterChain");
    }

    @Test
    void aRequestRunsWithItsTokensTenantBound() throws Exception {
        mvc.perform(get("/tenant").header("Authorization", "Bearer " + Tokens.hs256(SECRET, ACME)))
                .andExpect(status().isOk()).andExpect(content().string(ACME));
    }

    @Test
    void aRequestWithNoTokenGets401() throws Exception {
        mvc.perform(get("/tenant")).andExpect(status().isUnauthorized());
    }

    @Test
    void aTokenWithoutAValidTenantGets401NamingTheProblem() throws Exception {
        mvc.perform(get("/tenant").header("Authorization", "Bearer " + Tokens.hs256(SECRET, "acme")))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", org.hamcrest.Matchers.containsString(
                        "The credentials carry no valid tenant: the tenant id is not a UUID")));
    }
}
