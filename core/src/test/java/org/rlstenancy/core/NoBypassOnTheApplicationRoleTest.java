package org.rlstenancy.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rlstenancy.core.testsupport.TestDatabase;

/**
 * Cross-tenant access is another role through another pool, never something the application role's own connection
 * can switch on. On a raw connection of the application role, outside this library (so nothing refuses the SQL
 * before the server sees it), no value of the tenant setting, no other setting and no change of role shows more than
 * one tenant's rows, while a BYPASSRLS role for cross-tenant work exists in the same database.
 */
class NoBypassOnTheApplicationRoleTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @BeforeAll
    static void schema() throws SQLException {
        Notes.create(db);
        Notes.seed(db);
        db.ownerExecute("GRANT SELECT ON notes TO " + db.crossTenantRole());
    }

    /** What the application role's connection sees of the three notes, or the SQLSTATE of the refusal. */
    static String visible(Connection connection) {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM notes")) {
            rs.next();
            return rs.getLong(1) + " rows";
        } catch (SQLException e) {
            return "refused " + e.getSQLState();
        }
    }

    @ParameterizedTest(name = "app.tenant_id = ''{0}''")
    @ValueSource(strings = {"", "*", "%", "all", "any", "true", "on", "null", "NULL", "root", "0",
            "00000000-0000-0000-0000-000000000000", "00000000-0000-0000-0000-00000000000a,00000000-0000-0000-0000-00000000000b",
            "' OR true --", "{00000000-0000-0000-0000-00000000000a,00000000-0000-0000-0000-00000000000b}"})
    void noValueOfTheTenantSettingShowsAnyTenantsRows(String value) throws SQLException {
        try (Connection connection = db.appConnection()) {
            for (boolean local : new boolean[] {false, true}) {
                connection.setAutoCommit(!local);
                try (PreparedStatement set = connection.prepareStatement("SELECT set_config('app.tenant_id', ?, ?)")) {
                    set.setString(1, value);
                    set.setBoolean(2, local);
                    set.execute();
                }
                assertThat(visible(connection)).isIn("0 rows", "refused 22P02");
                if (local) {
                    connection.rollback();
                }
            }
        }
    }

    @Test
    void aTenantsIdShowsThatTenantsRowsOnly() throws SQLException {
        try (Connection connection = db.appConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SET app.tenant_id = '" + Notes.ACME + "'");
            assertThat(visible(connection)).isEqualTo("2 rows");
        }
    }

    @Test
    void turningRowSecurityOffMakesQueriesFailInsteadOfSeeingEveryRow() throws SQLException {
        try (Connection connection = db.appConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SET row_security = off");
            assertThat(visible(connection)).isEqualTo("refused 42501");
            statement.execute("SET app.tenant_id = '" + Notes.ACME + "'");
            assertThat(visible(connection)).isEqualTo("refused 42501");
        }
    }

    @Test
    void noRoleThatSkipsPoliciesIsReachable() throws SQLException {
        List<String> roles = List.of(db.crossTenantRole(), db.ownerRole(), "postgres", "pg_read_all_data");
        try (Connection connection = db.appConnection(); Statement statement = connection.createStatement()) {
            for (String role : roles) {
                for (String sql : List.of("SET ROLE " + role, "SET SESSION AUTHORIZATION " + role,
                        "SELECT set_config('role', '" + role + "', false)")) {
                    assertThatThrownBy(() -> statement.execute(sql)).as(sql).isInstanceOf(SQLException.class)
                            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
                    assertThat(visible(connection)).as("after " + sql).isEqualTo("0 rows");
                }
            }
            assertThatThrownBy(() -> statement.execute("ALTER TABLE notes DISABLE ROW LEVEL SECURITY"))
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> statement.execute("ALTER ROLE CURRENT_USER BYPASSRLS"))
                    .isInstanceOf(SQLException.class);
            assertThat(visible(connection)).isEqualTo("0 rows");
        }
    }
}
