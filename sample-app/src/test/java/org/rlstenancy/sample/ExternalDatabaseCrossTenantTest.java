package org.rlstenancy.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rlstenancy.core.testsupport.TestDatabase;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * On a database of one's own: without rls.tenancy.cross-tenant.* the report answers 503 and the cross-tenant grants
 * wait; once a BYPASSRLS role is configured, the next start grants it the tenant tables and the report counts.
 */
class ExternalDatabaseCrossTenantTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static ConfigurableApplicationContext start(String... extra) {
        List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--spring.datasource.url=" + db.jdbcUrl(),
                "--spring.datasource.username=" + db.appRole(), "--spring.datasource.password=" + db.appPassword(),
                "--spring.liquibase.user=" + db.ownerRole(), "--spring.liquibase.password=" + db.ownerPassword()));
        arguments.addAll(List.of(extra));
        return new SpringApplicationBuilder(SampleApplication.class).run(arguments.toArray(String[]::new));
    }

    private static Api api(ConfigurableApplicationContext app) {
        return Api.of(app);
    }

    @Test
    void theReportWaitsForACrossTenantRoleAndCountsOnceOneIsConfigured() throws Exception {
        try (ConfigurableApplicationContext app = start()) {
            Api api = api(app);
            Api.Response report = api.get("/api/admin/task-counts", api.login("ops@operations.test", "ops"));
            assertThat(report.status()).isEqualTo(503);
            assertThat(report.error()).contains("rls.tenancy.cross-tenant.url");
        }
        String role = db.crossTenantRole();
        assertThat(db.superuserLong("SELECT count(*) FROM information_schema.role_table_grants"
                + " WHERE grantee = '" + role + "'")).isZero();

        try (ConfigurableApplicationContext app = start("--rls.tenancy.cross-tenant.url=" + db.jdbcUrl(),
                "--rls.tenancy.cross-tenant.username=" + role,
                "--rls.tenancy.cross-tenant.password=" + db.crossTenantPassword())) {
            Api api = api(app);
            Api.Response report = api.get("/api/admin/task-counts", api.login("ops@operations.test", "ops"));
            assertThat(report.status()).as(report.text()).isEqualTo(200);
            assertThat(report.json().findValuesAsString("tenant")).containsExactly("Acme", "Globex", "Operations");
            assertThat(report.json().findValues("tasks")).extracting(node -> node.asLong()).containsExactly(2L, 1L, 0L);
            assertThat(api.get("/api/admin/task-counts", api.login("bob@globex.test", "bob")).status())
                    .isEqualTo(403);
        }
        assertThat(db.superuserLong("SELECT count(*) FROM information_schema.role_table_grants"
                + " WHERE grantee = '" + role + "' AND privilege_type = 'SELECT'"
                + " AND table_name IN ('tenant', 'project', 'task')")).isEqualTo(3);
        assertThat(db.superuserLong("SELECT count(*) FROM information_schema.role_table_grants"
                + " WHERE grantee = '" + role + "' AND privilege_type <> 'SELECT'")).isZero();
    }
}
