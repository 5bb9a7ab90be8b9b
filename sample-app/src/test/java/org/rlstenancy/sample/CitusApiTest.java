package org.rlstenancy.sample;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rlstenancy.core.testsupport.CitusCluster;
import org.rlstenancy.core.testsupport.TestDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every API test of {@link ApiTest}, with the app on a Citus coordinator and two workers through {@code
 * spring.datasource} and {@code rls.tenancy.mode=citus}: the changelog distributes the tenant tables (its scale-out
 * changeset runs only where the citus extension is), and the app serves as a NOBYPASSRLS role that owns nothing.
 */
@Tag(CitusCluster.TAG)
class CitusApiTest extends ApiTest {
    @RegisterExtension
    static final TestDatabase db = CitusCluster.database();

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", db::jdbcUrl);
        registry.add("spring.datasource.username", db::appRole);
        registry.add("spring.datasource.password", db::appPassword);
        registry.add("spring.liquibase.user", db::ownerRole);
        registry.add("spring.liquibase.password", db::ownerPassword);
        registry.add("rls.tenancy.mode", () -> "citus");
    }

    @Override
    void theDemoDatabaseLivesInThisTestsOwnDirectory() {
        // No demo database here: the cluster's.
    }

    @Override
    void theAppConnectsAsTheApplicationRoleThatRowLevelSecurityBinds() {
        // The cluster's application role, checked below.
    }

    @Test
    void theTenantTablesAreDistributedByTenantAndTheAppConnectsAsTheApplicationRole() throws Exception {
        assertThat(jdbc.sql("SELECT current_user || ' ' || rolsuper || ' ' || rolbypassrls FROM pg_roles"
                + " WHERE rolname = current_user").query(String.class).single())
                .isEqualTo(db.appRole() + " false false");
        assertThat(db.superuserLong("SELECT count(*) FROM pg_dist_partition WHERE partmethod = 'h' AND logicalrelid"
                + " IN ('tenant'::regclass, 'project'::regclass, 'task'::regclass)")).isEqualTo(3);
        assertThat(db.superuserLong("SELECT count(DISTINCT colocationid) FROM pg_dist_partition WHERE logicalrelid"
                + " IN ('tenant'::regclass, 'project'::regclass, 'task'::regclass)")).isEqualTo(1);
        assertThat(db.superuserLong("SELECT count(*) FROM pg_dist_partition WHERE partmethod = 'n'"
                + " AND logicalrelid = 'app_user'::regclass")).isEqualTo(1);
        assertThat(db.superuserLong("SELECT count(*) FROM project")).isGreaterThanOrEqualTo(2);
    }
}
