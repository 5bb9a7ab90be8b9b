package org.rlstenancy.sample;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rlstenancy.core.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.rlstenancy.sample.Api.Response;
import tools.jackson.databind.JsonNode;

/**
 * The starter's meters at {@code /actuator/metrics} over HTTP: counted for tenant requests, tagged by outcome and
 * never by tenant, and readable by platform admins only; and the tenant in every log line written while it is bound.
 */
@ExtendWith(OutputCaptureExtension.class)
class MetricsAndLoggingTest extends DemoAppTestBase {
    static final String TRANSACTIONS = "/actuator/metrics/rls.tenancy.transactions";

    @Test
    void aTenantRequestShowsUpInTheTransactionsCount() {
        Api api = new Api(port);
        String ops = api.login("ops@operations.test", "ops");
        double before = count(api.get(TRANSACTIONS + "?tag=outcome:applied", ops));

        Response projects = api.get("/api/projects", api.login("alice@acme.test", "alice"));
        assertThat(projects.status()).as(projects.text()).isEqualTo(200);

        Response after = api.get(TRANSACTIONS + "?tag=outcome:applied", ops);
        assertThat(after.status()).as(after.text()).isEqualTo(200);
        assertThat(count(after)).isGreaterThan(before).isGreaterThan(0);
        assertThat(after.json().path("availableTags").findValuesAsString("tag")).contains("folded")
                .doesNotContain("tenant");
    }

    @Test
    void everyRlsTenancyMeterIsListed() {
        Api api = new Api(port);
        Response names = api.get("/actuator/metrics", api.login("ops@operations.test", "ops"));
        assertThat(names.status()).as(names.text()).isEqualTo(200);
        assertThat(names.json().path("names").valueStream().map(JsonNode::asString)).contains(
                "rls.tenancy.transactions", "rls.tenancy.apply", "rls.tenancy.sessions.refused");
    }

    @Test
    void tenantUsersGet403AndAnonymousRequests401() {
        Api api = new Api(port);
        assertThat(api.get(TRANSACTIONS, api.login("alice@acme.test", "alice")).status()).isEqualTo(403);
        assertThat(api.get(TRANSACTIONS, api.login("bob@globex.test", "bob")).status()).isEqualTo(403);
        assertThat(api.get(TRANSACTIONS, null).status()).isEqualTo(401);
        assertThat(api.get("/actuator/metrics", null).status()).isEqualTo(401);
    }

    @Test
    void aLogLineNamesTheTenantItServedAndNoneOutsideAScope(CapturedOutput output) {
        Logger log = LoggerFactory.getLogger(MetricsAndLoggingTest.class);
        TenantContext.runAs(ApiTest.ACME_TENANT, () -> log.info("inside the scope"));
        log.info("outside the scope");
        assertThat(output.getOut().lines().filter(line -> line.endsWith("inside the scope")))
                .singleElement().asString().contains("INFO tenant=" + ApiTest.ACME_TENANT + " ");
        assertThat(output.getOut().lines().filter(line -> line.endsWith("outside the scope")))
                .singleElement().asString().doesNotContain("tenant=");
    }

    private static double count(Response metric) {
        assertThat(metric.status()).as(metric.text()).isEqualTo(200);
        for (JsonNode measurement : metric.json().path("measurements")) {
            if (measurement.path("statistic").asString().equals("COUNT")) {
                return measurement.path("value").asDouble();
            }
        }
        throw new AssertionError("no COUNT in " + metric.text());
    }
}
