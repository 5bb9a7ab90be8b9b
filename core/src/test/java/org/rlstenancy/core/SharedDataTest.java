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

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rlstenancy.core.spi.TenantBinding;
import org.rlstenancy.core.testsupport.TestDatabase;

/** Connections of a shared-data scope: no tenant setting at all, so shared tables work and tenant tables are shut. */
class SharedDataTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static Notes notes;

    @BeforeAll
    static void schema() throws SQLException {
        notes = Notes.create(db,
                "CREATE TABLE note_kind (id bigint PRIMARY KEY, name text NOT NULL)",
                "INSERT INTO note_kind VALUES (1, 'memo'), (2, 'reminder')");
        db.grantApp("notes", "note_kind");
    }

    @BeforeEach
    void seed() throws SQLException {
        Notes.seed(db);
    }

    @Test
    void sharedDataScopeReadsSharedTablesWithNoTenantBound() throws SQLException {
        try (TenantContext.Scope scope = TenantContext.sharedData();
             Connection connection = notes.dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            assertThat(TenantContext.current()).isEmpty();
            assertThat(strings(statement.executeQuery("SELECT name FROM note_kind ORDER BY id")))
                    .containsExactly("memo", "reminder");
        }
    }

    @Test
    void sharedDataConnectionSeesNoTenantRowsAndCannotWriteThem() throws SQLException {
        try (TenantContext.Scope scope = TenantContext.sharedData();
             Connection connection = notes.dataSource.getConnection()) {
            try (PreparedStatement join = connection.prepareStatement(
                    "SELECT k.name, n.body FROM note_kind k LEFT JOIN notes n ON true ORDER BY k.id")) {
                ResultSet rows = join.executeQuery();
                List<String> bodies = new ArrayList<>();
                while (rows.next()) {
                    bodies.add(rows.getString(1) + "/" + rows.getString(2));
                }
                assertThat(bodies).containsExactly("memo/null", "reminder/null");
            }
            try (Statement statement = connection.createStatement()) {
                assertThat(statement.executeUpdate("UPDATE notes SET body = 'taken'")).isZero();
                assertThat(statement.executeUpdate("DELETE FROM notes")).isZero();
                assertThatThrownBy(() -> statement.executeUpdate(
                        "INSERT INTO notes (tenant_id, body) VALUES ('" + Notes.ACME + "', 'planted')"))
                        .isInstanceOf(CrossTenantWriteException.class);
            }
        }
        try (Connection owner = db.superuserConnection(); Statement statement = owner.createStatement()) {
            assertThat(strings(statement.executeQuery("SELECT body FROM notes ORDER BY body")))
                    .containsExactly("acme 1", "acme 2", "globex 1");
        }
    }

    @Test
    void sharedDataConnectionAppliesNoTenantSetting() throws SQLException {
        try (TenantContext.Scope scope = TenantContext.sharedData();
             Connection connection = notes.dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            assertThat(strings(statement.executeQuery(
                    "SELECT coalesce(current_setting('app.tenant_id', true), '(none)')"))).containsExactly("(none)");
        }
    }

    @Test
    void sharedDataConnectionRefusesSqlThatSetsTheTenant() throws SQLException {
        try (TenantContext.Scope scope = TenantContext.sharedData();
             Connection connection = notes.dataSource.getConnection()) {
            assertThatThrownBy(() -> connection.prepareStatement(
                    "SELECT set_config('app.tenant_id', '" + Notes.ACME + "', false)"))
                    .isInstanceOf(TenantSettingRefusedException.class);
            try (Statement statement = connection.createStatement()) {
                assertThatThrownBy(() -> statement.execute("SET app.tenant_id = '" + Notes.ACME + "'"))
                        .isInstanceOf(TenantSettingRefusedException.class);
            }
        }
    }

    @Test
    void sharedDataConnectionRunsNothingOnceTheScopeIsClosed() throws SQLException {
        Connection connection;
        try (TenantContext.Scope scope = TenantContext.sharedData()) {
            connection = notes.dataSource.getConnection();
        }
        try (connection; Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeQuery("SELECT name FROM note_kind"))
                    .isInstanceOf(MissingTenantException.class);
            try (TenantContext.Scope tenant = TenantContext.bind(Notes.ACME)) {
                assertThatThrownBy(() -> statement.executeQuery("SELECT body FROM notes"))
                        .isInstanceOf(MissingTenantException.class);
            }
        }
    }

    @Test
    void withoutTheScopeNoConnectionIsHandedOut() {
        assertThatThrownBy(() -> notes.dataSource.getConnection()).isInstanceOf(MissingTenantException.class);
    }

    @Test
    void sharedDataScopeSuspendsTheTenantAndRestoresIt() throws SQLException {
        try (TenantContext.Scope tenant = TenantContext.bind(Notes.ACME)) {
            try (TenantContext.Scope shared = TenantContext.sharedData();
                 Connection connection = notes.dataSource.getConnection();
                 Statement statement = connection.createStatement()) {
                assertThat(TenantContext.isSharedData()).isTrue();
                assertThat(TenantContext.current()).isEmpty();
                assertThat(strings(statement.executeQuery("SELECT body FROM notes"))).isEmpty();
            }
            assertThat(TenantContext.isSharedData()).isFalse();
            assertThat(TenantContext.current()).contains(Notes.ACME);
        }
    }

    @Test
    void crossTenantScopeRefusesSharedDataConnections() {
        TenantContext.runCrossTenant(() -> assertThatThrownBy(() -> TenantBinding.sharedData(notes.dataSource.config()))
                .isInstanceOf(CrossTenantScopeException.class));
    }

    private static List<String> strings(ResultSet rows) throws SQLException {
        List<String> values = new ArrayList<>();
        while (rows.next()) {
            values.add(rows.getString(1));
        }
        return values;
    }
}
