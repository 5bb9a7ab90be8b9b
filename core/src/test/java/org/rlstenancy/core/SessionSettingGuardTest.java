package org.rlstenancy.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rlstenancy.core.testsupport.TestDatabase;

/**
 * SQL on a tenant-bound connection that would set the tenant setting (for the session, for the role or database, or
 * for the transaction to another tenant) is refused before it reaches the server: the transaction goes on as the
 * bound tenant, and a connection taken raw from the pool afterwards carries no tenant.
 */
class SessionSettingGuardTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static final UUID ACME = Notes.ACME;
    static final String GLOBEX = Notes.GLOBEX.toString();

    /** The ways SQL reaches a connection, each given the SQL to run. */
    static final Map<String, Run> WAYS = new LinkedHashMap<>();

    static Notes notes;
    static String database;

    static {
        WAYS.put("Statement.execute", (connection, sql) -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
        });
        WAYS.put("Statement.executeQuery", (connection, sql) -> {
            try (Statement statement = connection.createStatement()) {
                statement.executeQuery(sql).close();
            }
        });
        WAYS.put("Statement.executeUpdate", (connection, sql) -> {
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate(sql, Statement.RETURN_GENERATED_KEYS);
            }
        });
        WAYS.put("Statement.addBatch", (connection, sql) -> {
            try (Statement statement = connection.createStatement()) {
                statement.addBatch(sql);
                statement.executeBatch();
            }
        });
        WAYS.put("prepareStatement", (connection, sql) -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.execute();
            }
        });
        WAYS.put("prepareStatement with generated keys",
                (connection, sql) -> connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS).close());
        WAYS.put("prepareCall", (connection, sql) -> connection.prepareCall(sql).close());
    }

    @BeforeAll
    static void schema() throws SQLException {
        notes = Notes.create(db);
        try (Connection connection = db.superuserConnection()) {
            database = connection.getCatalog();
        }
    }

    @BeforeEach
    void seed() throws SQLException {
        Notes.seed(db);
        notes.recording.reset();
    }

    /** Whatever a failing test left behind stays out of the next one. */
    @AfterEach
    void removeSettings() throws SQLException {
        try (Connection raw = notes.pool.getConnection(); Statement statement = raw.createStatement()) {
            statement.execute("RESET ALL");
        }
        db.superuserExecute("ALTER ROLE " + db.appRole() + " RESET ALL",
                "ALTER ROLE " + db.appRole() + " IN DATABASE " + database + " RESET ALL",
                "ALTER DATABASE " + database + " RESET ALL");
    }

    /** What the application role can run itself and, without the guard, leaves GLOBEX in the session. */
    static Stream<String> sessionSettingSql() {
        return Stream.of(
                "SET app.tenant_id = '" + GLOBEX + "'",
                "SET SESSION app.tenant_id TO '" + GLOBEX + "'",
                "set \"app\".\"tenant_id\" = '" + GLOBEX + "'",
                "Set /* a comment */ App . Tenant_Id = '" + GLOBEX + "'",
                "SET U&\"app.tenant!005fid\" UESCAPE '!' = '" + GLOBEX + "'",
                "select set_config('app.tenant_id', '" + GLOBEX + "', false)",
                "select pg_catalog.set_config('APP.TENANT_ID', '" + GLOBEX + "', false)",
                "select \"set_config\"('app.tenant_id', '" + GLOBEX + "', false)",
                "select set_config(lower('APP.TENANT_ID'), '" + GLOBEX + "', false)",
                "DO $$ BEGIN PERFORM set_config('app.tenant_id', '" + GLOBEX + "', false); END $$",
                "DO $$ BEGIN SET app.tenant_id = '" + GLOBEX + "'; END $$",
                "DO 'BEGIN EXECUTE ''SET app.tenant_id = ''''" + GLOBEX + "''''''; END'",
                "DO E'BEGIN PERFORM set\\x5fconfig(''app.tenant_id'', ''" + GLOBEX + "'', false); END'",
                "select query_to_xml('select set_config(''app.tenant_id'', ''" + GLOBEX + "'', false)', true, true,"
                        + " '')");
    }

    /** Every form refused: the above, and what sets the tenant otherwise or needs more rights than the role has. */
    static Stream<String> refusedSql() {
        return Stream.concat(sessionSettingSql(), Stream.of(
                "SET LOCAL app.tenant_id = '" + GLOBEX + "'",
                "RESET app.tenant_id",
                "UPDATE pg_settings SET setting = '" + GLOBEX + "' WHERE name = 'app.tenant_id'",
                "update pg_catalog.pg_settings set setting = '" + GLOBEX + "' where name = 'app.tenant_id'",
                "INSERT INTO pg_settings (name, setting) VALUES ('app.tenant_id', '" + GLOBEX + "')",
                "DELETE FROM pg_settings WHERE name = 'app.tenant_id'",
                "ALTER ROLE CURRENT_USER SET app.tenant_id = '" + GLOBEX + "'",
                "ALTER ROLE CURRENT_USER IN DATABASE " + database + " SET app.tenant_id = '" + GLOBEX + "'",
                "ALTER USER CURRENT_USER SET app.tenant_id TO '" + GLOBEX + "'",
                "ALTER DATABASE " + database + " SET app.tenant_id = '" + GLOBEX + "'"));
    }

    @ParameterizedTest
    @MethodSource("sessionSettingSql")
    void withoutTheGuardTheSameSqlLeavesItsTenantToTheNextBorrowerOfThePool(String sql) throws SQLException {
        try (Connection raw = notes.pool.getConnection(); Statement statement = raw.createStatement()) {
            statement.execute(sql);
        }
        assertThat(TestDatabase.tenantSetting(notes.pool)).isEqualTo(GLOBEX);
        try (Connection raw = notes.pool.getConnection()) {
            assertThat(bodies(raw)).as("a borrower with no tenant sees GLOBEX's rows").containsExactly("globex 1");
        }
    }

    @ParameterizedTest
    @MethodSource("refusedSql")
    void sqlThatSetsTheTenantSettingIsRefusedBeforeItReachesTheServer(String sql) throws SQLException {
        try (Connection connection = acmeInATransaction()) {
            for (Map.Entry<String, Run> way : WAYS.entrySet()) {
                assertRefused(() -> way.getValue().run(connection, sql));
                assertThat(bodies(connection)).as("after %s, the transaction goes on as ACME", way.getKey())
                        .containsExactly("acme 1", "acme 2");
            }
            connection.commit();
            connection.setAutoCommit(true);
            assertRefused(() -> WAYS.get("Statement.execute").run(connection, sql));
            assertRefused(() -> WAYS.get("prepareStatement").run(connection, sql));
            assertThat(bodies(connection)).containsExactly("acme 1", "acme 2");
        }
        assertThat(notes.recording.executed()).doesNotContain(sql);
        assertThat(TestDatabase.tenantSetting(notes.pool)).isNullOrEmpty();
        try (Connection raw = notes.pool.getConnection()) {
            assertThat(bodies(raw)).isEmpty();
        }
        assertThat(db.superuserLong("SELECT count(*) FROM pg_db_role_setting WHERE setrole = (SELECT oid FROM"
                + " pg_roles WHERE rolname = '" + db.appRole() + "') OR setdatabase = (SELECT oid FROM pg_database"
                + " WHERE datname = current_database())")).isZero();
    }

    static Stream<String> allowedSql() {
        return Stream.of(
                "SET search_path = public",
                "SET statement_timeout = '5s'",
                "SET LOCAL statement_timeout = '5s'",
                "SET TRANSACTION READ ONLY",
                "RESET statement_timeout",
                "ALTER ROLE CURRENT_USER RESET ALL",
                "select set_config('statement_timeout', '5s', true)",
                "UPDATE notes SET tenant_id = tenant_id WHERE body = 'acme 1'",
                "select 'tenant_id, pg_settings and app.tenant_id are only words here'",
                "select current_setting('app.tenant_id', true)",
                "SHOW app.tenant_id",
                "select setting from pg_settings where name = 'statement_timeout'",
                "DO $$ BEGIN PERFORM set_config('statement_timeout', '5s', true); END $$",
                "select 1 -- SET app.tenant_id = 'in a comment'");
    }

    @ParameterizedTest
    @MethodSource("allowedSql")
    void lookAlikesRunAsTheBoundTenant(String sql) throws SQLException {
        try (Connection connection = acmeInATransaction()) {
            WAYS.get("Statement.execute").run(connection, sql);
            WAYS.get("prepareStatement").run(connection, sql);
            assertThat(bodies(connection)).containsExactly("acme 1", "acme 2");
            connection.commit();
            connection.setAutoCommit(true);
            WAYS.get("Statement.execute").run(connection, sql);
        }
        assertThat(notes.recording.executed()).contains(sql);
        assertThat(TestDatabase.tenantSetting(notes.pool)).isNullOrEmpty();
    }

    @Test
    void resetAllLeavesTheRestOfTheTransactionWithNoTenantNotAnother() throws SQLException {
        try (Connection connection = acmeInATransaction(); Statement statement = connection.createStatement()) {
            statement.execute("RESET ALL");
            assertThat(bodies(connection)).isEmpty();
            connection.commit();
            assertThat(bodies(connection)).containsExactly("acme 1", "acme 2");
            connection.commit();
        }
        assertThat(TestDatabase.tenantSetting(notes.pool)).isNullOrEmpty();
    }

    @Test
    void aCustomSettingNameIsGuardedInsteadOfTheDefault() throws SQLException {
        RlsDataSource custom = new RlsDataSource(notes.pool, RlsConfig.defaults().withSettingName("acme.tenant"));
        try (Connection connection = custom.getConnection(ACME);
             Statement statement = connection.createStatement()) {
            assertRefused(() -> statement.execute("SET acme.tenant = '" + GLOBEX + "'"), "acme.tenant");
            statement.execute("select current_setting('acme.tenant')");
        }
    }

    private static void assertRefused(Run.Call call) {
        assertRefused(call, RlsConfig.DEFAULT_SETTING_NAME);
    }

    private static void assertRefused(Run.Call call, String setting) {
        assertThatThrownBy(call::run)
                .isInstanceOf(TenantSettingRefusedException.class)
                .hasMessageContaining("may not set " + setting + ":")
                .hasMessageNotContaining(ACME.toString())
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
    }

    /** A connection bound to ACME, in a transaction that has read ACME's notes. */
    private static Connection acmeInATransaction() throws SQLException {
        Connection connection = notes.dataSource.getConnection(ACME);
        connection.setAutoCommit(false);
        assertThat(bodies(connection)).containsExactly("acme 1", "acme 2");
        return connection;
    }

    private static List<String> bodies(Connection connection) throws SQLException {
        List<String> bodies = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT body FROM notes ORDER BY body");
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                bodies.add(rs.getString(1));
            }
        }
        return bodies;
    }

    @FunctionalInterface
    interface Run {
        void run(Connection connection, String sql) throws SQLException;

        @FunctionalInterface
        interface Call {
            void run() throws SQLException;
        }
    }
}
