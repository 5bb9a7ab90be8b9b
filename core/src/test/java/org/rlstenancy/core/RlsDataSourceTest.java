package org.rlstenancy.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rlstenancy.core.spi.TenantBinding;
import org.rlstenancy.core.testsupport.TestDatabase;

class RlsDataSourceTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static final UUID ACME = Notes.ACME;
    static final UUID GLOBEX = Notes.GLOBEX;

    static Notes notes;

    @BeforeAll
    static void schema() throws SQLException {
        notes = Notes.create(db,
                "CREATE FUNCTION count_notes() RETURNS bigint LANGUAGE sql STABLE AS 'SELECT count(*) FROM notes'",
                "GRANT EXECUTE ON FUNCTION count_notes() TO " + db.appRole());
    }

    @BeforeEach
    void seed() throws SQLException {
        Notes.seed(db);
        notes.recording.reset();
    }

    @Test
    void statementReadsSeeOnlyTheBoundTenant() throws SQLException {
        try (TenantContext.Scope scope = TenantContext.bind(ACME);
             Connection connection = notes.dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            assertThat(bodies(statement.executeQuery("SELECT body FROM notes ORDER BY body")))
                    .containsExactly("acme 1", "acme 2");
            connection.commit();
        }
    }

    @Test
    void preparedAndCallableStatementsSeeOnlyTheBoundTenant() throws SQLException {
        try (Connection connection = notes.dataSource.getConnection(GLOBEX)) {
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement("SELECT body FROM notes WHERE body LIKE ?")) {
                statement.setString(1, "%1");
                assertThat(bodies(statement.executeQuery())).containsExactly("globex 1");
            }
            try (CallableStatement call = connection.prepareCall("{? = call count_notes()}")) {
                call.registerOutParameter(1, Types.BIGINT);
                call.execute();
                assertThat(call.getLong(1)).isEqualTo(1);
            }
            connection.commit();
        }
    }

    @Test
    void insertWithoutTenantColumnIsFilledFromTheSetting() throws SQLException {
        try (Connection connection = notes.dataSource.getConnection(GLOBEX);
             Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.executeUpdate("INSERT INTO notes (body) VALUES ('globex 2')");
            connection.commit();
        }
        assertThat(db.superuserLong("SELECT count(*) FROM notes WHERE tenant_id = '" + GLOBEX + "'")).isEqualTo(2);
    }

    @Test
    void crossTenantInsertIsRejectedWithOurExceptionAndWritesNothing() throws SQLException {
        try (Connection connection = notes.dataSource.getConnection(ACME);
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO notes (tenant_id, body) VALUES (?, 'intruder')")) {
            connection.setAutoCommit(false);
            insert.setObject(1, GLOBEX);
            assertThatThrownBy(insert::executeUpdate)
                    .isInstanceOf(CrossTenantWriteException.class)
                    .hasMessageContaining("row-level security")
                    .satisfies(e -> {
                        assertThat(((SQLException) e).getSQLState()).isEqualTo("42501");
                        assertThat(e.getCause()).isInstanceOf(SQLException.class);
                    });
            connection.rollback();
        }
        assertThat(db.superuserLong("SELECT count(*) FROM notes WHERE body = 'intruder'")).isZero();
    }

    @Test
    void crossTenantUpdateIsRejectedAndOtherTenantsRowsAreUntouchable() throws SQLException {
        try (Connection connection = notes.dataSource.getConnection(ACME);
             Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            assertThatThrownBy(() -> statement.executeUpdate("UPDATE notes SET tenant_id = '" + GLOBEX + "'"))
                    .isInstanceOf(CrossTenantWriteException.class);
            connection.rollback();
            assertThat(statement.executeUpdate("UPDATE notes SET body = 'hacked' WHERE body = 'globex 1'")).isZero();
            assertThat(statement.executeUpdate("DELETE FROM notes WHERE body = 'globex 1'")).isZero();
            connection.commit();
        }
        assertThat(db.superuserLong("SELECT count(*) FROM notes WHERE tenant_id = '" + GLOBEX
                + "' AND body = 'globex 1'")).isEqualTo(1);
        assertThat(db.superuserLong("SELECT count(*) FROM notes WHERE tenant_id = '" + ACME + "'")).isEqualTo(2);
    }

    @Test
    void upsertOntoAnotherTenantsRowIsRejectedAndLeavesItUnchanged() throws SQLException {
        long globexId = db.superuserLong("SELECT id FROM notes WHERE tenant_id = '" + GLOBEX + "'");
        try (Connection connection = notes.dataSource.getConnection(ACME);
             Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            assertThatThrownBy(() -> statement.executeUpdate("INSERT INTO notes (id, body) VALUES (" + globexId
                    + ", 'taken over') ON CONFLICT (id) DO UPDATE SET body = excluded.body"))
                    .isInstanceOf(CrossTenantWriteException.class);
            connection.rollback();
        }
        assertThat(db.superuserLong("SELECT count(*) FROM notes WHERE id = " + globexId + " AND body = 'globex 1'"
                + " AND tenant_id = '" + GLOBEX + "'")).isEqualTo(1);
    }

    @Test
    void returningGivesBackOnlyTheTenantsRows() throws SQLException {
        try (Connection connection = notes.dataSource.getConnection(ACME);
             Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            List<String> tenants = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("UPDATE notes SET body = body || '!' RETURNING tenant_id")) {
                while (rs.next()) {
                    tenants.add(rs.getString(1));
                }
            }
            connection.commit();
            assertThat(tenants).containsExactly(ACME.toString(), ACME.toString());
        }
        assertThat(db.superuserLong("SELECT count(*) FROM notes WHERE body LIKE '%!'")).isEqualTo(2);
    }

    @Test
    void batchesRunAsTheTenantAndACrossTenantRowFailsTheBatch() throws SQLException {
        try (Connection connection = notes.dataSource.getConnection(ACME);
             PreparedStatement insert = connection.prepareStatement("INSERT INTO notes (tenant_id, body) VALUES (?, ?)")) {
            connection.setAutoCommit(false);
            for (int i = 0; i < 5; i++) {
                insert.setObject(1, ACME);
                insert.setString(2, "batch " + i);
                insert.addBatch();
            }
            assertThat(insert.executeBatch()).hasSize(5);
            connection.commit();

            insert.setObject(1, ACME);
            insert.setString(2, "ok");
            insert.addBatch();
            insert.setObject(1, GLOBEX);
            insert.setString(2, "intruder");
            insert.addBatch();
            assertThatThrownBy(insert::executeBatch).isInstanceOf(CrossTenantWriteException.class);
            connection.rollback();
        }
        assertThat(db.superuserLong("SELECT count(*) FROM notes WHERE body LIKE 'batch %' AND tenant_id = '" + ACME
                + "'")).isEqualTo(5);
        assertThat(db.superuserLong("SELECT count(*) FROM notes WHERE body IN ('ok', 'intruder')")).isZero();
    }

    @Test
    void settingIsAppliedOncePerTransactionAndATransactionWithoutStatementsCostsNothing() throws SQLException {
        try (Connection connection = notes.dataSource.getConnection(ACME);
             Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            connection.commit();
            connection.rollback();
            assertThat(notes.recording.executed()).isEmpty();

            statement.executeQuery("SELECT 1").close();
            statement.executeQuery("SELECT 2").close();
            statement.executeQuery("SELECT 3").close();
            connection.commit();
            statement.executeQuery("SELECT 4").close();
            connection.rollback();
        }
        assertThat(notes.recording.executed()).containsExactly("select set_config(?, ?, true)", "SELECT 1", "SELECT 2",
                "SELECT 3", "select set_config(?, ?, true)", "SELECT 4");
    }

    @Test
    void savepointFirstInTheTransactionKeepsTheTenantAfterRollingBackToIt() throws SQLException {
        try (Connection connection = notes.dataSource.getConnection(ACME);
             Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            Savepoint outer = connection.setSavepoint();
            statement.executeUpdate("INSERT INTO notes (body) VALUES ('discarded outer')");
            Savepoint inner = connection.setSavepoint("inner");
            statement.executeUpdate("INSERT INTO notes (body) VALUES ('discarded inner')");
            connection.rollback(inner);
            assertThat(count(statement)).isEqualTo(3);
            connection.rollback(outer);
            assertThat(count(statement)).isEqualTo(2);
            statement.executeUpdate("INSERT INTO notes (body) VALUES ('kept')");
            connection.commit();
        }
        assertThat(db.superuserLong("SELECT count(*) FROM notes WHERE body LIKE 'discarded%'")).isZero();
        assertThat(db.superuserLong("SELECT count(*) FROM notes WHERE body = 'kept' AND tenant_id = '" + ACME + "'"))
                .isEqualTo(1);
    }

    @Test
    void errorMidTransactionThenRollbackLeavesTheNextTransactionScoped() throws SQLException {
        try (Connection connection = notes.dataSource.getConnection(GLOBEX);
             Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            assertThat(count(statement)).isEqualTo(1);
            assertThatThrownBy(() -> statement.execute("SELECT 1/0")).isInstanceOf(SQLException.class);
            connection.rollback();
            assertThat(count(statement)).isEqualTo(1);
            connection.commit();
        }
        assertRawPoolConnectionIsClean();
    }

    @Test
    void transactionEndedBySqlIsFollowedByAScopedOne() throws SQLException {
        try (Connection connection = notes.dataSource.getConnection(ACME);
             Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            assertThat(count(statement)).isEqualTo(2);
            statement.execute("COMMIT");
            assertThat(count(statement)).isEqualTo(2);
            connection.commit();
        }
    }

    @Test
    void autoCommitStatementsAreEachScopedAndLeaveNothingBehind() throws SQLException {
        try (Connection connection = notes.dataSource.getConnection(ACME);
             Statement statement = connection.createStatement()) {
            assertThat(connection.getAutoCommit()).isTrue();
            assertThat(count(statement)).isEqualTo(2);
            statement.executeUpdate("INSERT INTO notes (body) VALUES ('autocommitted')");
            statement.setFetchSize(1);
            assertThat(bodies(statement.executeQuery("SELECT body FROM notes ORDER BY body")))
                    .containsExactly("acme 1", "acme 2", "autocommitted");
            Connection raw = connection.unwrap(Connection.class);
            assertThat(raw).isSameAs(connection);
            assertThat(connection.getAutoCommit()).isTrue();
        }
        assertThat(db.superuserLong("SELECT count(*) FROM notes WHERE body = 'autocommitted' AND tenant_id = '"
                + ACME + "'")).isEqualTo(1);
        assertRawPoolConnectionIsClean();
    }

    @Test
    void connectionClosedWithAnOpenTransactionIsRolledBackAndReturnedClean() throws SQLException {
        try (Connection connection = notes.dataSource.getConnection(ACME);
             Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.executeUpdate("INSERT INTO notes (body) VALUES ('never committed')");
        }
        assertThat(db.superuserLong("SELECT count(*) FROM notes WHERE body = 'never committed'")).isZero();
        assertRawPoolConnectionIsClean();
    }

    @Test
    void transactionEndedBySqlBehindACommentIsFollowedByAScopedOne() throws SQLException {
        try (Connection connection = notes.dataSource.getConnection(ACME);
             Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            assertThat(count(statement)).isEqualTo(2);
            statement.execute("/* app */ COMMIT");
            assertThat(count(statement)).isEqualTo(2);
            connection.commit();
        }
    }

    @Test
    void commentedRollbackToSavepointKeepsTheTransactionAndCloseStillRollsItBack() throws SQLException {
        List<String> seenOnRelease = new ArrayList<>();
        try (Connection connection = TenantBinding.of(ACME, RlsConfig.defaults()).bind(db.appConnection(), raw -> {
            try (Statement probe = raw.createStatement();
                 ResultSet rs = probe.executeQuery("SELECT current_setting('app.tenant_id', true),"
                         + " (SELECT count(*) FROM notes WHERE body LIKE 'abandoned%')")) {
                rs.next();
                seenOnRelease.add(rs.getString(1) + "/" + rs.getLong(2));
            } finally {
                raw.close();
            }
        }); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.executeUpdate("INSERT INTO notes (body) VALUES ('abandoned')");
            statement.execute("SAVEPOINT s1");
            statement.executeUpdate("INSERT INTO notes (body) VALUES ('abandoned too')");
            statement.execute("ROLLBACK /* undo */ TO SAVEPOINT s1");
        }
        assertThat(seenOnRelease).containsExactly("/0");
        assertThat(db.superuserLong("SELECT count(*) FROM notes WHERE body LIKE 'abandoned%'")).isZero();
    }

    @Test
    void abortedConnectionIsReleasedOnceAndRefusesFurtherUse() throws SQLException {
        AtomicInteger released = new AtomicInteger();
        Connection connection = TenantBinding.of(ACME, RlsConfig.defaults())
                .bind(db.appConnection(), raw -> released.incrementAndGet());
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            assertThat(count(statement)).isEqualTo(2);
        }
        connection.abort(Runnable::run);
        connection.close();
        assertThat(released).hasValue(1);
        assertThat(connection.isClosed()).isTrue();
        assertThatThrownBy(() -> connection.unwrap(Connection.class)).isInstanceOf(SQLException.class);
        assertThatThrownBy(connection::createStatement).isInstanceOf(SQLException.class);
    }

    @Test
    void autoCommitRefusesToStartATransactionBySqlAndRunsNothing() throws SQLException {
        try (Connection connection = notes.dataSource.getConnection(ACME);
             Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute("-- explicit\nBEGIN"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("setAutoCommit(false)");
            assertThat(notes.recording.executed()).isEmpty();
            statement.executeUpdate("INSERT INTO notes (body) VALUES ('after refused begin')");
        }
        assertThat(db.superuserLong("SELECT count(*) FROM notes WHERE body = 'after refused begin' AND tenant_id = '"
                + ACME + "'")).isEqualTo(1);
        assertRawPoolConnectionIsClean();
    }

    @Test
    void autoCommitRunsCommandsThatRefuseATransactionBlockAsTheyAre() throws SQLException {
        try (Connection connection = notes.dataSource.getConnection(ACME);
             Statement statement = connection.createStatement()) {
            statement.execute("VACUUM notes");
            assertThat(notes.recording.executed()).containsExactly("VACUUM notes");
        }
    }

    @Test
    void statementGivesBackTheTenantBoundConnection() throws SQLException {
        try (Connection connection = notes.dataSource.getConnection(ACME);
             Statement statement = connection.createStatement();
             PreparedStatement prepared = connection.prepareStatement("SELECT 1")) {
            assertThat(statement.getConnection()).isSameAs(connection);
            assertThat(prepared.getConnection()).isSameAs(connection);
        }
    }

    @Test
    void noTenantBoundFailsBeforeBorrowingAConnection() {
        assertThatThrownBy(notes.dataSource::getConnection)
                .isInstanceOf(MissingTenantException.class)
                .hasMessageContaining("No tenant is bound");
        assertThat(notes.recording.borrowed()).isZero();
        assertThat(notes.recording.executed()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "not-a-uuid", "00000000-0000-0000-0000-00000000000a ", "x\u0000y",
            "{00000000-0000-0000-0000-00000000000a}"})
    void malformedTenantIdsFailBeforeAnySql(String tenantId) {
        assertThatThrownBy(() -> notes.dataSource.getConnection(tenantId)).isInstanceOf(InvalidTenantIdException.class);
        assertThatThrownBy(() -> notes.dataSource.getConnection(Long.valueOf(7))).isInstanceOf(InvalidTenantIdException.class);
        assertThat(notes.recording.borrowed()).isZero();
        assertThat(notes.recording.executed()).isEmpty();
    }

    @Test
    void thousandsOfTransactionsAlternatingTenantsOnOnePooledConnection() throws SQLException {
        for (int i = 0; i < 2000; i++) {
            UUID tenant = i % 2 == 0 ? ACME : GLOBEX;
            try (Connection connection = notes.dataSource.getConnection(tenant);
                 Statement statement = connection.createStatement()) {
                connection.setAutoCommit(i % 3 == 0);
                List<UUID> tenants = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery("SELECT tenant_id FROM notes")) {
                    while (rs.next()) {
                        tenants.add(rs.getObject(1, UUID.class));
                    }
                }
                assertThat(tenants).hasSize(tenant == ACME ? 2 : 1).containsOnly(tenant);
                if (!connection.getAutoCommit()) {
                    if (i % 5 == 0) {
                        connection.rollback();
                    } else {
                        connection.commit();
                    }
                }
            }
        }
        assertRawPoolConnectionIsClean();
    }

    private static void assertRawPoolConnectionIsClean() throws SQLException {
        try (Connection raw = notes.pool.getConnection(); Statement statement = raw.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT current_setting('app.tenant_id', true)")) {
                rs.next();
                assertThat(rs.getString(1)).isNullOrEmpty();
            }
            assertThat(count(statement)).isZero();
        }
    }

    private static long count(Statement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM notes")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> bodies(ResultSet rs) throws SQLException {
        List<String> bodies = new ArrayList<>();
        try (rs) {
            while (rs.next()) {
                bodies.add(rs.getString(1));
            }
        }
        return bodies;
    }
}
