package org.rlstenancy.core.citus;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rlstenancy.core.testsupport.CitusCluster;
import org.rlstenancy.core.testsupport.PostgresServer;
import org.rlstenancy.core.testsupport.TestDatabase;

@Tag(CitusCluster.TAG)
class CitusClusterTest {
    @RegisterExtension
    static final TestDatabase db = CitusCluster.database();

    @Test
    void theDatabaseHasCitusAndTwoActiveWorkers() throws SQLException {
        assertThat(db.superuserLong("SELECT count(*) FROM citus_get_active_worker_nodes()")).isEqualTo(2);
    }

    @Test
    void theApplicationRoleIsAPlainRoleOnEveryNode() throws SQLException {
        String sql = "SELECT count(*) FROM pg_roles WHERE rolname = '" + db.appRole()
                + "' AND rolcanlogin AND NOT rolsuper AND NOT rolbypassrls";
        assertThat(db.superuserLong(sql)).isEqualTo(1);
        for (PostgresServer worker : CitusCluster.get().workers()) {
            try (Connection connection = worker.superuserConnection(db.name());
                 Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery(sql)) {
                rs.next();
                assertThat(rs.getLong(1)).as(worker.jdbcUrl(db.name())).isEqualTo(1);
            }
        }
    }

    @Test
    void theOwnerDistributesATableOverBothWorkers() throws SQLException {
        db.ownerExecute("CREATE TABLE probe (tenant_id uuid NOT NULL, id bigint, PRIMARY KEY (tenant_id, id))",
                "SELECT create_distributed_table('probe', 'tenant_id')");
        assertThat(db.superuserLong("SELECT count(DISTINCT nodeport) FROM citus_shards WHERE table_name = 'probe'::regclass"))
                .isEqualTo(2);
    }
}
