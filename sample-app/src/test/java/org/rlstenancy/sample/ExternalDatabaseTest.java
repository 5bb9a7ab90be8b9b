package org.rlstenancy.sample;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rlstenancy.core.testsupport.TestDatabase;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * With the standard spring.datasource.* and spring.liquibase.* properties, the app migrates and runs on that
 * database, with roles made as the README says (an owner, and an application role that owns nothing), and starts no
 * embedded one.
 */
class ExternalDatabaseTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void theAppMigratesAsTheOwnerAndServesAsTheApplicationRole() throws Exception {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(SampleApplication.class).run(
                "--server.port=0", "--spring.datasource.url=" + db.jdbcUrl(),
                "--spring.datasource.username=" + db.appRole(), "--spring.datasource.password=" + db.appPassword(),
                "--spring.liquibase.user=" + db.ownerRole(), "--spring.liquibase.password=" + db.ownerPassword())) {
            assertThat(app.getEnvironment().getPropertySources().contains("demoDatabase")).isFalse();
            Api api = Api.of(app);
            String bob = api.login("bob@globex.test", "bob");
            assertThat(api.get("/api/projects", bob).text()).contains("Volcano lair").doesNotContain("Rocket skates");
        }
        assertThat(db.superuserLong("SELECT count(*) FROM pg_tables WHERE tablename IN ('project', 'task', 'tenant',"
                + " 'app_user') AND tableowner = '" + db.ownerRole() + "'")).isEqualTo(4);
        assertThat(db.superuserLong("SELECT count(*) FROM project")).isEqualTo(2);
        // The changelog names no role: spring.liquibase.parameters.app_role is ${spring.datasource.username}.
        assertThat(db.superuserLong("SELECT count(*) FROM rls_tenancy_grants WHERE grantee = '" + db.appRole() + "'"))
                .isPositive();
        assertThat(db.superuserLong("SELECT count(*) FROM unnest(ARRAY['tenant', 'project', 'task']) AS t(name)"
                + " WHERE has_table_privilege('" + db.appRole() + "', t.name, 'SELECT')"
                + " AND has_table_privilege('" + db.appRole() + "', t.name, 'DELETE')"))
                .isEqualTo(3);
    }
}
