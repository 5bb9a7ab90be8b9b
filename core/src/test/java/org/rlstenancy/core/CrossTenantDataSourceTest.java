package org.rlstenancy.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rlstenancy.core.testsupport.RecordingDataSource;
import org.rlstenancy.core.testsupport.TestDatabase;

/**
 * Cross-tenant work through a second data source of a BYPASSRLS role: it sees every tenant inside a cross-tenant
 * scope and nowhere else, the tenant data source refuses inside one, and a role that cannot bypass row-level security
 * or is a superuser is refused before any work runs.
 */
class CrossTenantDataSourceTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static Notes notes;
    static HikariDataSource crossTenantPool;
    static RecordingDataSource crossTenantRecording;

    @BeforeAll
    static void schema() throws SQLException {
        notes = Notes.create(db);
        db.ownerExecute("GRANT SELECT, INSERT, UPDATE, DELETE ON notes TO " + db.crossTenantRole(),
                "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO " + db.crossTenantRole());
        crossTenantPool = db.crossTenantPool(1);
        crossTenantRecording = new RecordingDataSource(crossTenantPool);
    }

    @BeforeEach
    void seed() throws SQLException {
        Notes.seed(db);
        notes.recording.reset();
        crossTenantRecording.reset();
    }

    static List<String> bodies(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT body FROM notes ORDER BY body")) {
            List<String> bodies = new ArrayList<>();
            while (rs.next()) {
                bodies.add(rs.getString(1));
            }
            return bodies;
        }
    }

    static String readOnlyDefault(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SHOW default_transaction_read_only")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void insideACrossTenantScopeItSeesTheRowsOfEveryTenant() throws SQLException {
        CrossTenantDataSource reports = CrossTenantDataSource.readOnly(crossTenantPool);
        try (TenantContext.Scope scope = TenantContext.crossTenant();
             Connection connection = reports.getConnection()) {
            assertThat(bodies(connection)).containsExactly("acme 1", "acme 2", "globex 1");
            connection.setAutoCommit(false);
            assertThat(bodies(connection)).containsExactly("acme 1", "acme 2", "globex 1");
            connection.commit();
        }
        assertThat(TenantContext.callCrossTenant(() -> {
            try (Connection connection = reports.getConnection()) {
                return bodies(connection);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        })).hasSize(3);
    }

    @Test
    void outsideACrossTenantScopeItBorrowsNothing() throws SQLException {
        CrossTenantDataSource reports = CrossTenantDataSource.readOnly(crossTenantRecording);
        assertThatThrownBy(reports::getConnection).isInstanceOf(CrossTenantScopeException.class)
                .hasMessageContaining("only inside a cross-tenant scope").hasMessageContaining("no tenant is bound either");
        try (TenantContext.Scope tenant = TenantContext.bind(Notes.ACME)) {
            assertThatThrownBy(reports::getConnection).isInstanceOf(CrossTenantScopeException.class)
                    .hasMessageContaining("it is bound to a tenant");
        }
        try (TenantContext.Scope scope = TenantContext.crossTenant();
             TenantContext.Scope tenant = TenantContext.bind(Notes.ACME)) {
            assertThatThrownBy(reports::getConnection).isInstanceOf(CrossTenantScopeException.class);
            assertThatThrownBy(() -> reports.getConnection(db.crossTenantRole(), db.crossTenantPassword()))
                    .isInstanceOf(CrossTenantScopeException.class);
        }
        assertThat(crossTenantRecording.borrowed()).isZero();
    }

    @Test
    void aConnectionKeptPastItsScopeCreatesNoStatement() throws SQLException {
        CrossTenantDataSource reports = CrossTenantDataSource.readOnly(crossTenantPool);
        Connection connection;
        try (TenantContext.Scope scope = TenantContext.crossTenant()) {
            connection = reports.getConnection();
        }
        try (connection) {
            assertThatThrownBy(connection::createStatement).isInstanceOf(CrossTenantScopeException.class);
            assertThatThrownBy(() -> connection.prepareStatement("SELECT body FROM notes"))
                    .isInstanceOf(CrossTenantScopeException.class);
            assertThatThrownBy(() -> connection.prepareCall("SELECT 1")).isInstanceOf(CrossTenantScopeException.class);
        }
        assertThat(crossTenantPool.getHikariPoolMXBean().getActiveConnections()).isZero();
    }

    @Test
    void insideACrossTenantScopeTheTenantDataSourceBorrowsNothing() {
        try (TenantContext.Scope tenant = TenantContext.bind(Notes.ACME);
             TenantContext.Scope scope = TenantContext.crossTenant()) {
            assertThatThrownBy(notes.dataSource::getConnection).isInstanceOf(CrossTenantScopeException.class)
                    .hasMessageContaining("inside a cross-tenant scope")
                    .hasMessageContaining("Use the CrossTenantDataSource");
            assertThatThrownBy(() -> notes.dataSource.getConnection(Notes.GLOBEX))
                    .isInstanceOf(CrossTenantScopeException.class);
        }
        assertThat(notes.recording.borrowed()).isZero();
    }

    @Test
    void aTenantConnectionBorrowedBeforeTheScopeRunsNoStatementInsideIt() throws SQLException {
        try (TenantContext.Scope tenant = TenantContext.bind(Notes.ACME);
             Connection connection = notes.dataSource.getConnection();
             Statement statement = connection.createStatement();
             PreparedStatement prepared = connection.prepareStatement("SELECT count(*) FROM notes")) {
            connection.setAutoCommit(false);
            assertThat(bodies(connection)).containsExactly("acme 1", "acme 2");
            int executedBefore = notes.recording.executed().size();
            TenantContext.runCrossTenant(() -> {
                assertThatThrownBy(() -> statement.executeQuery("SELECT body FROM notes"))
                        .isInstanceOf(CrossTenantScopeException.class);
                assertThatThrownBy(prepared::executeQuery).isInstanceOf(CrossTenantScopeException.class);
            });
            assertThat(notes.recording.executed()).hasSize(executedBefore);
            assertThat(bodies(connection)).as("the transaction goes on as its tenant").hasSize(2);
            connection.commit();
        }
    }

    @Test
    void aRoleThatCannotBypassRowLevelSecurityIsRefusedByNameAndNothingIsWritten() throws SQLException {
        for (HikariDataSource pool : List.of(db.appPool(1), db.ownerPool(1))) {
            String role = pool.getUsername();
            for (CrossTenantDataSource source : List.of(CrossTenantDataSource.readWrite(pool),
                    CrossTenantDataSource.readOnly(pool))) {
                TenantContext.runCrossTenant(() -> assertThatThrownBy(() -> {
                    try (Connection connection = source.getConnection();
                         Statement statement = connection.createStatement()) {
                        statement.executeUpdate("UPDATE notes SET body = 'job ran'");
                    }
                }).isInstanceOf(SQLException.class)
                        .hasMessageContaining("connects as " + role + ", which has NOBYPASSRLS")
                        .hasMessageContaining("LOGIN NOSUPERUSER BYPASSRLS")
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28000")));
            }
            assertThat(pool.getHikariPoolMXBean().getActiveConnections()).as("given back").isZero();
            try (Connection raw = pool.getConnection()) {
                assertThat(readOnlyDefault(raw)).as("given back as it was").isEqualTo("off");
            }
        }
        assertThat(db.superuserLong("SELECT count(*) FROM notes WHERE body = 'job ran'")).isZero();
    }

    @Test
    void aSuperuserIsRefused() throws SQLException {
        CrossTenantDataSource source = CrossTenantDataSource.readWrite(db.server().superuserDataSource("postgres"));
        TenantContext.runCrossTenant(() -> assertThatThrownBy(source::getConnection).isInstanceOf(SQLException.class)
                .hasMessageContaining(", a superuser, which is refused"));
    }

    @Test
    void aReadOnlySourceRefusesWritesInAutoCommitModeAndInTransactionsAndResetsOnClose() throws SQLException {
        CrossTenantDataSource reports = CrossTenantDataSource.readOnly(crossTenantRecording);
        assertThat(reports.isReadOnly()).isTrue();
        try (TenantContext.Scope scope = TenantContext.crossTenant();
             Connection connection = reports.getConnection();
             Statement statement = connection.createStatement()) {
            connection.setReadOnly(false);
            assertThat(connection.isReadOnly()).isTrue();
            assertThatThrownBy(() -> statement.executeUpdate("DELETE FROM notes")).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25006"));
            connection.setAutoCommit(false);
            assertThatThrownBy(() -> statement.executeUpdate("INSERT INTO notes (tenant_id, body) VALUES ('"
                    + Notes.ACME + "', 'report wrote')")).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25006"));
            connection.rollback();
        }
        assertThat(db.superuserLong("SELECT count(*) FROM notes")).isEqualTo(3);
        try (Connection raw = crossTenantPool.getConnection()) {
            assertThat(readOnlyDefault(raw)).isEqualTo("off");
            assertThat(raw.isReadOnly()).isFalse();
        }
    }

    @Test
    void aReadWriteSourceWritesTheRowsOfEveryTenantAndClosingRollsBackWhatIsLeftOpen() throws SQLException {
        CrossTenantDataSource jobs = CrossTenantDataSource.readWrite(crossTenantPool);
        try (TenantContext.Scope scope = TenantContext.crossTenant()) {
            try (Connection connection = jobs.getConnection(); Statement statement = connection.createStatement()) {
                connection.setAutoCommit(false);
                assertThat(statement.executeUpdate("DELETE FROM notes")).isEqualTo(3);
            }
            assertThat(db.superuserLong("SELECT count(*) FROM notes")).as("rolled back on close").isEqualTo(3);
            try (Connection connection = jobs.getConnection(); Statement statement = connection.createStatement()) {
                assertThat(statement.executeUpdate("UPDATE notes SET body = body || ' archived'")).isEqualTo(3);
            }
        }
        assertThat(db.superuserLong("SELECT count(*) FROM notes WHERE body LIKE '% archived'")).isEqualTo(3);
    }
}
