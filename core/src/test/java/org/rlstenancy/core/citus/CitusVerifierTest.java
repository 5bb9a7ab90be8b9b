package org.rlstenancy.core.citus;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rlstenancy.core.IsolationFinding;
import org.rlstenancy.core.IsolationVerifier;
import org.rlstenancy.core.RlsConfig;
import org.rlstenancy.core.TenantMode;
import org.rlstenancy.core.TenantPolicySql;
import org.rlstenancy.core.testsupport.CitusCluster;
import org.rlstenancy.core.testsupport.TestDatabase;

/** The verifier on a Citus coordinator: the mode, and how each tenant table is placed on the cluster. */
@Tag(CitusCluster.TAG)
class CitusVerifierTest {
    @RegisterExtension
    static final TestDatabase db = CitusCluster.database();

    static final RlsConfig CITUS = RlsConfig.defaults().withMode(TenantMode.CITUS);

    @BeforeAll
    static void schema() throws SQLException {
        for (String table : List.of("projects", "tasks", "local_notes", "by_id", "elsewhere", "bare_shards")) {
            db.ownerExecute("CREATE TABLE " + table + " (tenant_id uuid NOT NULL, id bigint NOT NULL,"
                    + " PRIMARY KEY (tenant_id, id))");
            db.protect(TenantPolicySql.forTable(table).withConfig(CITUS));
        }
        db.ownerExecute("SELECT create_distributed_table('projects', 'tenant_id')",
                "SELECT create_distributed_table('tasks', 'tenant_id', colocate_with => 'projects')",
                "SELECT create_distributed_table('by_id', 'id')",
                "SELECT create_distributed_table('elsewhere', 'tenant_id', colocate_with => 'none')",
                "SELECT create_distributed_table('bare_shards', 'tenant_id', colocate_with => 'projects')");
        // A shard whose policy was dropped behind the coordinator's back, as a superuser on the worker would.
        db.superuserExecute("SELECT run_command_on_shards('bare_shards', $$DROP POLICY tenant_isolation ON %s$$)");
    }

    @Test
    void theCitusExtensionOutsideTheCitusModeStopsStartUpNamingTheSetting() throws SQLException {
        List<IsolationFinding> findings = verify(RlsConfig.defaults(), "projects", "tasks");
        assertThat(text(findings)).contains("database: has the citus extension").contains("0 rows")
                .contains("rls.tenancy.mode=citus");
        assertThat(findings).anySatisfy(f -> assertThat(f.severity()).isEqualTo(IsolationFinding.Severity.ERROR));
    }

    @Test
    void colocatedTablesDistributedByTheTenantWithPoliciesOnEveryShardPass() throws SQLException {
        assertThat(verify(CITUS, "projects", "tasks")).isEmpty();
    }

    @Test
    void aTenantTableLeftLocalOnTheCoordinatorIsReported() throws SQLException {
        assertThat(text(verify(CITUS, "local_notes"))).contains("table local_notes: is local on the Citus coordinator")
                .contains("create_distributed_table('local_notes', 'tenant_id'");
    }

    @Test
    void aTableDistributedByAnotherColumnIsReported() throws SQLException {
        assertThat(text(verify(CITUS, "by_id"))).contains("table by_id: is not distributed by tenant_id but by id");
    }

    @Test
    void tenantTablesInDifferentColocationGroupsAreReported() throws SQLException {
        assertThat(text(verify(CITUS, "projects", "elsewhere"))).contains("are in 2 Citus colocation groups");
    }

    @Test
    void shardsWithoutThePolicyOnTheWorkersAreReported() throws SQLException {
        assertThat(text(verify(CITUS, "bare_shards"))).contains("table bare_shards: has 32 shard(s) on the workers"
                + " without ENABLE, FORCE or all 1 of its policies");
    }

    private static List<IsolationFinding> verify(RlsConfig config, String... tables) throws SQLException {
        try (Connection connection = db.appConnection()) {
            return IsolationVerifier.of(config, "tenant_id").verify(connection, List.of(tables));
        }
    }

    private static String text(List<IsolationFinding> findings) {
        return findings.stream().map(IsolationFinding::toString).collect(Collectors.joining("\n"));
    }
}
