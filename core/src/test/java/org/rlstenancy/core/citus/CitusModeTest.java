package org.rlstenancy.core.citus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;
import org.rlstenancy.core.CrossTenantWriteException;
import org.rlstenancy.core.RlsConfig;
import org.rlstenancy.core.RlsDataSource;
import org.rlstenancy.core.TenantContext;
import org.rlstenancy.core.TenantMode;
import org.rlstenancy.core.TenantPolicySql;
import org.rlstenancy.core.testsupport.CitusCluster;
import org.rlstenancy.core.testsupport.RecordingDataSource;
import org.rlstenancy.core.testsupport.TestDatabase;

/**
 * The citus mode on a coordinator and two workers, as the application role (NOBYPASSRLS, not the owner): a table
 * distributed by its tenant column, under the plain policy form, read and written through {@link RlsDataSource}.
 */
@Tag(CitusCluster.TAG)
class CitusModeTest {
    @RegisterExtension
    static final TestDatabase db = CitusCluster.database();

    static final int TENANTS = 20;
    static final int NOTES_PER_TENANT = 5;
    static final RlsConfig CITUS = RlsConfig.defaults().withMode(TenantMode.CITUS);

    static RecordingDataSource recording;
    static RlsDataSource dataSource;

    @BeforeAll
    static void schema() throws SQLException {
        db.ownerExecute("CREATE TABLE notes (tenant_id uuid NOT NULL, id bigint NOT NULL, body text NOT NULL,"
                + " PRIMARY KEY (tenant_id, id))");
        // Citus refuses to change the distribution column's default once distributed; the policy goes with the table.
        db.protect(TenantPolicySql.forTable("notes").withConfig(CITUS));
        db.ownerExecute("SELECT create_distributed_table('notes', 'tenant_id')");
        recording = new RecordingDataSource(db.appPool(8));
        dataSource = new RlsDataSource(recording, CITUS);
    }

    @BeforeEach
    void seed() throws SQLException {
        StringBuilder rows = new StringBuilder();
        for (int t = 0; t < TENANTS; t++) {
            for (int n = 1; n <= NOTES_PER_TENANT; n++) {
                rows.append(rows.length() == 0 ? "" : ",").append("('").append(tenant(t)).append("', ").append(n)
                        .append(", 'note ").append(t).append('/').append(n).append("')");
            }
        }
        db.superuserExecute("TRUNCATE notes", "INSERT INTO notes (tenant_id, id, body) VALUES " + rows);
        recording.reset();
    }

    static UUID tenant(int t) {
        return UUID.fromString(String.format("00000000-0000-0000-0000-%012d", t + 1));
    }

    @Test
    void theTenantTravelsAsSetLocalInTheFirstStatementsRoundTrip() throws SQLException {
        try (Connection connection = dataSource.getConnection(tenant(3))) {
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM notes")) {
                assertThat(single(statement.executeQuery())).isEqualTo(NOTES_PER_TENANT);
            }
            connection.commit();
        }
        assertThat(recording.executed()).containsExactly("SET LOCAL citus.propagate_set_commands = 'local';"
                + "SET LOCAL \"app\".\"tenant_id\" = '" + tenant(3) + "';SELECT count(*) FROM notes");
    }

    @Test
    void aPointReadNamingTheTenantIsARouterQueryOnOneShard() throws SQLException {
        UUID acme = tenant(4);
        try (Connection connection = dataSource.getConnection(acme)) {
            connection.setAutoCommit(false);
            String point = "SELECT body FROM notes WHERE tenant_id = ? AND id = ?";
            assertThat(plan(connection, point, acme, 2L)).contains("Task Count: 1");
            assertThat(query(connection, point, acme, 2L)).containsExactly("note 4/2");
            connection.commit();
        }
    }

    @Test
    void tenantScopedPagesAndCountsRouteToOneShard() throws SQLException {
        UUID acme = tenant(5);
        try (Connection connection = dataSource.getConnection(acme)) {
            connection.setAutoCommit(false);
            String page = "SELECT body FROM notes WHERE tenant_id = ? ORDER BY id LIMIT 2 OFFSET 2";
            String count = "SELECT count(*) FROM notes WHERE tenant_id = ?";
            assertThat(plan(connection, page, acme)).contains("Task Count: 1");
            assertThat(plan(connection, count, acme)).contains("Task Count: 1");
            assertThat(query(connection, page, acme)).containsExactly("note 5/3", "note 5/4");
            assertThat(query(connection, count, acme)).containsExactly(Integer.toString(NOTES_PER_TENANT));
            connection.commit();
        }
    }

    @Test
    void multiShardQueriesSeeOnlyTheTenantsRows() throws SQLException {
        try (Connection connection = dataSource.getConnection(tenant(6))) {
            connection.setAutoCommit(false);
            assertThat(plan(connection, "SELECT count(*) FROM notes")).doesNotContain("Task Count: 1\n")
                    .containsPattern("Task Count: [1-9][0-9]+");
            try (Statement statement = connection.createStatement()) {
                assertThat(strings(statement.executeQuery("SELECT DISTINCT tenant_id::text FROM notes")))
                        .containsExactly(tenant(6).toString());
                assertThat(single(statement.executeQuery("SELECT count(*) FROM notes"))).isEqualTo(NOTES_PER_TENANT);
                assertThat(single(statement.executeQuery("SELECT count(*) FROM notes a JOIN notes b"
                        + " ON a.tenant_id = b.tenant_id AND a.id = b.id"))).isEqualTo(NOTES_PER_TENANT);
            }
            connection.commit();
        }
    }

    @Test
    void crossTenantInsertIsRefusedOnTheWorker() throws SQLException {
        try (Connection connection = dataSource.getConnection(tenant(7));
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO notes (tenant_id, id, body) VALUES (?, 99, 'planted')")) {
            insert.setObject(1, tenant(8));
            assertThatThrownBy(insert::executeUpdate).isInstanceOf(CrossTenantWriteException.class)
                    .hasMessageContaining("row-level security");
        }
        assertThat(db.superuserLong("SELECT count(*) FROM notes WHERE body = 'planted'")).isZero();
    }

    @Test
    void crossTenantUpdateAndDeleteTouchNothing() throws SQLException {
        try (Connection connection = dataSource.getConnection(tenant(7));
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE notes SET body = 'overwritten' WHERE tenant_id = ?");
             PreparedStatement delete = connection.prepareStatement("DELETE FROM notes WHERE tenant_id = ?");
             Statement everywhere = connection.createStatement()) {
            update.setObject(1, tenant(8));
            assertThat(update.executeUpdate()).isZero();
            delete.setObject(1, tenant(8));
            assertThat(delete.executeUpdate()).isZero();
            assertThat(everywhere.executeUpdate("UPDATE notes SET body = body || '!'")).isEqualTo(NOTES_PER_TENANT);
        }
        assertThat(db.superuserLong("SELECT count(*) FROM notes WHERE tenant_id = '" + tenant(8)
                + "' AND body LIKE 'note %' AND body NOT LIKE '%!'")).isEqualTo(NOTES_PER_TENANT);
    }

    @Test
    void movingARowToAnotherTenantIsRefused() throws SQLException {
        try (Connection connection = dataSource.getConnection(tenant(9));
             PreparedStatement move = connection.prepareStatement(
                     "UPDATE notes SET tenant_id = ? WHERE tenant_id = ? AND id = 1")) {
            move.setObject(1, tenant(10));
            move.setObject(2, tenant(9));
            assertThatThrownBy(move::executeUpdate).isInstanceOf(SQLException.class);
        }
        assertThat(db.superuserLong("SELECT count(*) FROM notes WHERE tenant_id = '" + tenant(9) + "'"))
                .isEqualTo(NOTES_PER_TENANT);
    }

    @Test
    void withoutTheLibraryATransactionSeesNoRowsAndSetConfigIsNotEnough() throws SQLException {
        try (Connection raw = db.appConnection(); Statement statement = raw.createStatement()) {
            raw.setAutoCommit(false);
            assertThat(single(statement.executeQuery("SELECT count(*) FROM notes"))).isZero();
            statement.execute("SELECT set_config('app.tenant_id', '" + tenant(1) + "', true)");
            assertThat(single(statement.executeQuery("SELECT count(*) FROM notes")))
                    .as("set_config is not forwarded to the workers").isZero();
            raw.rollback();
        }
    }

    @Test
    void afterATransactionThePooledConnectionCarriesNoTenant() throws SQLException {
        try (Connection connection = dataSource.getConnection(tenant(2)); Statement statement = connection.createStatement()) {
            assertThat(single(statement.executeQuery("SELECT count(*) FROM notes"))).isEqualTo(NOTES_PER_TENANT);
        }
        try (Connection raw = recording.getConnection(); Statement statement = raw.createStatement()) {
            assertThat(strings(statement.executeQuery("SELECT coalesce(current_setting('app.tenant_id', true), '')")))
                    .containsExactly("");
            assertThat(single(statement.executeQuery("SELECT count(*) FROM notes"))).isZero();
        }
    }

    /** pgJDBC's simple query mode sends the folded statements as one query string; Citus forwards the setting too. */
    @Test
    void inTheSimpleQueryModeTheFoldedSettingIsolatesToo() throws SQLException {
        PGSimpleDataSource simple = new PGSimpleDataSource();
        simple.setURL(db.jdbcUrl() + "?preferQueryMode=simple");
        simple.setUser(db.appRole());
        simple.setPassword(db.appPassword());
        RecordingDataSource recorded = new RecordingDataSource(simple);
        try (Connection connection = new RlsDataSource(recorded, CITUS).getConnection(tenant(11));
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT count(*) FROM notes WHERE tenant_id = ? AND id > ?")) {
            statement.setObject(1, tenant(11));
            statement.setLong(2, 0);
            assertThat(single(statement.executeQuery())).isEqualTo(NOTES_PER_TENANT);
        }
        assertThat(recorded.executed()).containsExactly("SET LOCAL citus.propagate_set_commands = 'local';"
                + "SET LOCAL \"app\".\"tenant_id\" = '" + tenant(11) + "';SELECT count(*) FROM notes"
                + " WHERE tenant_id = ? AND id > ?");
    }

    /** Threads × tenants writing and reading at once: each sees only its own rows, and the stored rows agree. */
    @Test
    void concurrentTenantsNeverSeeEachOthersRows() throws Exception {
        int threads = 8;
        int iterations = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        ConcurrentLinkedQueue<String> leaks = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int th = 0; th < threads; th++) {
                int thread = th;
                futures.add(pool.submit(() -> {
                    start.await();
                    int inserted = 0;
                    for (int iteration = 0; iteration < iterations; iteration++) {
                        int i = iteration;
                        UUID mine = tenant((thread + i) % TENANTS);
                        TenantContext.runAs(mine, () -> {
                            try (Connection connection = dataSource.getConnection()) {
                                connection.setAutoCommit(false);
                                try (PreparedStatement insert = connection.prepareStatement(
                                        "INSERT INTO notes (id, body) VALUES (?, 'concurrent')")) {
                                    insert.setLong(1, 1000 + thread * iterations + i);
                                    insert.executeUpdate();
                                }
                                try (Statement read = connection.createStatement();
                                     ResultSet rs = read.executeQuery("SELECT DISTINCT tenant_id FROM notes")) {
                                    while (rs.next()) {
                                        if (!mine.equals(rs.getObject(1))) {
                                            leaks.add(mine + " saw " + rs.getObject(1));
                                        }
                                    }
                                }
                                connection.commit();
                            } catch (SQLException e) {
                                throw new IllegalStateException(e);
                            }
                        });
                        inserted++;
                    }
                    return inserted;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> future : futures) {
                total += future.get(5, TimeUnit.MINUTES);
            }
            assertThat(total).isEqualTo(threads * iterations);
            assertThat(leaks).isEmpty();
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
        }
        long expected = 0;
        for (int t = 0; t < TENANTS; t++) {
            long perTenant = 0;
            for (int thread = 0; thread < threads; thread++) {
                for (int i = 0; i < iterations; i++) {
                    perTenant += (thread + i) % TENANTS == t ? 1 : 0;
                }
            }
            assertThat(db.superuserLong("SELECT count(*) FROM notes WHERE body = 'concurrent' AND tenant_id = '"
                    + tenant(t) + "' AND id >= 1000")).as("tenant %d", t).isEqualTo(perTenant);
            expected += perTenant;
        }
        assertThat(db.superuserLong("SELECT count(*) FROM notes WHERE body = 'concurrent'")).isEqualTo(expected);
    }

    private static String plan(Connection connection, String sql, Object... parameters) throws SQLException {
        return String.join("\n", query(connection, "EXPLAIN " + sql, parameters)) + "\n";
    }

    private static List<String> query(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return strings(statement.executeQuery());
        }
    }

    private static long single(ResultSet rs) throws SQLException {
        try (rs) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> strings(ResultSet rs) throws SQLException {
        try (rs) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }
}
