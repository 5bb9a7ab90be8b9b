package org.rlstenancy.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rlstenancy.core.testsupport.TestDatabase;

/** The role tests connect as really is subject to row-level security. */
class TestDatabaseRoleTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void applicationRoleIsNeitherSuperuserNorBypassingNorOwner() throws SQLException {
        db.ownerExecute("CREATE TABLE owned (id int)");
        try (Connection connection = db.appConnection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT rolsuper, rolbypassrls, rolinherit,"
                     + " pg_has_role(current_user, '" + db.ownerRole() + "', 'MEMBER'),"
                     + " (SELECT tableowner FROM pg_tables WHERE tablename = 'owned') = current_user"
                     + " FROM pg_roles WHERE rolname = current_user")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean(1)).as("superuser").isFalse();
            assertThat(rs.getBoolean(2)).as("bypassrls").isFalse();
            assertThat(rs.getBoolean(3)).as("inherit").isFalse();
            assertThat(rs.getBoolean(4)).as("member of owner").isFalse();
            assertThat(rs.getBoolean(5)).as("owns tables").isFalse();
        }
    }

    @Test
    void applicationRoleCannotCreateTables() throws SQLException {
        try (Connection connection = db.appConnection(); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute("CREATE TABLE sneaky (id int)"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("permission denied");
        }
    }
}
