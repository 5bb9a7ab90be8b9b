package org.rlstenancy.benchmarks.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rlstenancy.core.RlsDataSource;
import org.rlstenancy.core.TenantPolicySql;
import org.rlstenancy.core.TenantSettingRefusedException;

/**
 * RLS Tenancy through a real PgBouncer in transaction mode, with one server connection shared by every client:
 * pgJDBC with {@code prepareThreshold=0} (PgBouncer 1.18 keeps no named prepared statements apart; each statement
 * here runs far more often than pgJDBC's default threshold of five), the tenant setting still folded into the first
 * round trip of each transaction, and nothing of one client's tenant left on the server connection for the next:
 * SQL that would set the tenant for the session is refused, where outside the library it would reach the next
 * client.
 */
class PgBouncerTest {
    private static final UUID ACME = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID GLOBEX = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    private static final int TRANSACTIONS = 200;

    private static BenchmarkServer server;
    private static BenchmarkDatabase database;
    private static PgBouncer pgBouncer;
    private static final List<HikariDataSource> pools = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        PgBouncerRequirement.check();
        server = BenchmarkServer.embedded();
        database = BenchmarkDatabase.create(server);
        try (Connection owner = database.ownerConnection(); Statement statement = owner.createStatement()) {
            statement.execute("CREATE TABLE note (id bigint PRIMARY KEY, tenant_id uuid NOT NULL, body text NOT NULL)");
            for (String sql : TenantPolicySql.forTable("note").statements()) {
                statement.execute(sql);
            }
            statement.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON note TO " + database.appRole());
        }
        try (Connection superuser = database.superuserConnection(); Statement statement = superuser.createStatement()) {
            statement.execute("INSERT INTO note VALUES (1, '" + ACME + "', 'acme note'), (2, '" + GLOBEX
                    + "', 'globex note')");
        }
        pgBouncer = PgBouncer.start(server, 1, Map.of(database.appRole(), database.appPassword()));
    }

    @AfterAll
    static void stop() throws SQLException {
        pools.forEach(HikariDataSource::close);
        if (pgBouncer != null) {
            pgBouncer.close();
        }
        if (database != null) {
            database.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /**
     * PgBouncer's counters once they stop moving: it counts a transaction when it takes the server connection back,
     * which can come just after the client has its answer, so a count read at once may miss the last one.
     */
    private static PgBouncer.Stats settledStats() throws Exception {
        PgBouncer.Stats last = pgBouncer.stats(database.name());
        for (int i = 0; i < 50; i++) {
            Thread.sleep(50);
            PgBouncer.Stats now = pgBouncer.stats(database.name());
            if (now.equals(last)) {
                return now;
            }
            last = now;
        }
        return last;
    }

    @Test
    void theTenantSettingTravelsInTheFirstRoundTripOfEachTransactionThroughPgBouncer() throws Exception {
        // One connection each, borrowed back to back and used just before its count begins, so HikariCP never
        // checks one with a query of its own (it does for a connection idle for more than half a second).
        RlsDataSource rls = new RlsDataSource(pool(1));
        HikariDataSource plain = pool(1);
        foldedTransactions(rls, 1);
        PgBouncer.Stats before = settledStats();
        foldedTransactions(rls, TRANSACTIONS);
        PgBouncer.Stats folded = settledStats().minus(before);
        separateTransactions(plain, 1);
        before = settledStats();
        separateTransactions(plain, TRANSACTIONS);
        PgBouncer.Stats separate = settledStats().minus(before);

        // HikariCP may still check a connection now and then (an empty query, one round trip and one transaction of
        // its own on a loaded machine), so what is compared is the round trips beyond one per transaction.
        assertThat(folded.transactions()).isBetween((long) TRANSACTIONS, TRANSACTIONS + 2L);
        assertThat(separate.transactions()).isBetween((long) TRANSACTIONS, TRANSACTIONS + 2L);
        // Folded: BEGIN, set_config and the query in one round trip, then COMMIT. Separate: one more.
        assertThat(folded.queries() - folded.transactions()).as("round trips of %d folded transactions, beyond one"
                + " each", TRANSACTIONS).isEqualTo(TRANSACTIONS);
        assertThat(separate.queries() - separate.transactions()).as("round trips of %d transactions with a separate"
                + " set_config, beyond one each", TRANSACTIONS).isEqualTo(2L * TRANSACTIONS);
    }

    @Test
    void anAutoCommitStatementIsOneRoundTripAndOneTransactionThroughPgBouncer() throws Exception {
        RlsDataSource rls = new RlsDataSource(pool(1));
        HikariDataSource raw = pool(1);
        autoCommitStatements(rls, 1, false);
        PgBouncer.Stats before = settledStats();
        autoCommitStatements(rls, TRANSACTIONS, false);
        PgBouncer.Stats typed = settledStats().minus(before);
        autoCommitStatements(rls, 1, true);
        before = settledStats();
        autoCommitStatements(rls, TRANSACTIONS, true);
        PgBouncer.Stats untyped = settledStats().minus(before);

        assertThat(typed.transactions()).isBetween((long) TRANSACTIONS, TRANSACTIONS + 2L);
        assertThat(untyped.transactions()).isBetween((long) TRANSACTIONS, TRANSACTIONS + 2L);
        // Typed parameters: set_config and the statement in one implicit transaction, ended by their one Sync.
        assertThat(typed.queries() - typed.transactions()).as("round trips of %d auto-commit statements with typed"
                + " parameters, beyond one each", TRANSACTIONS).isZero();
        // A timestamp parameter: BEGIN, set_config and the statement, then COMMIT.
        assertThat(untyped.queries() - untyped.transactions()).as("round trips of %d auto-commit statements with a"
                + " timestamp parameter, beyond one each", TRANSACTIONS).isEqualTo(TRANSACTIONS);
        try (Connection connection = raw.getConnection()) {
            assertThat(setting(connection)).as("tenant setting the next client sees").isIn(null, "");
            assertThat(bodies(connection)).as("rows the next client sees").isEmpty();
        }
    }

    /** {@code count} statements in auto-commit mode, alternating tenants; with a timestamp parameter if asked. */
    private static void autoCommitStatements(RlsDataSource rls, int count, boolean timestamp) throws SQLException {
        for (int i = 0; i < count; i++) {
            UUID tenant = i % 2 == 0 ? ACME : GLOBEX;
            try (Connection connection = rls.getConnection(tenant);
                 PreparedStatement statement = connection.prepareStatement("select body from note where id in (?, ?)"
                         + (timestamp ? " and ? < now()" : "") + " order by id")) {
                statement.setLong(1, 1);
                statement.setLong(2, 2);
                if (timestamp) {
                    statement.setTimestamp(3, new java.sql.Timestamp(0));
                }
                try (ResultSet rs = statement.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo(tenant == ACME ? "acme note" : "globex note");
                    assertThat(rs.next()).isFalse();
                }
            }
        }
    }

    @Test
    void aClientWithNoTenantSeesNoRowOnTheServerConnectionTenantClientsJustUsed() throws SQLException {
        RlsDataSource rls = new RlsDataSource(pool(1));
        HikariDataSource raw = pool(1);
        for (int i = 0; i < 20; i++) {
            try (Connection connection = rls.getConnection(i % 2 == 0 ? ACME : GLOBEX)) {
                connection.setAutoCommit(false);
                assertThat(bodies(connection)).hasSize(1);
                connection.commit();
            }
            try (Connection connection = raw.getConnection()) {
                assertThat(bodies(connection)).as("rows a client with no tenant sees").isEmpty();
                assertThat(setting(connection)).as("tenant setting a client with no tenant sees").isIn(null, "");
            }
        }
        assertThat(database.appServerConnections()).as("server connections PgBouncer opened for both clients").isEqualTo(1);
    }

    @Test
    void sqlThatWouldSetTheTenantForTheSessionIsRefusedSoItCannotReachTheNextClientOfTheServerConnection()
            throws SQLException {
        RlsDataSource rls = new RlsDataSource(pool(1));
        HikariDataSource raw = pool(1);
        for (String sql : List.of("SET app.tenant_id = '" + GLOBEX + "'",
                "select set_config('app.tenant_id', '" + GLOBEX + "', false)")) {
            try (Connection connection = rls.getConnection(ACME)) {
                connection.setAutoCommit(false);
                try (Statement statement = connection.createStatement()) {
                    assertThatThrownBy(() -> statement.execute(sql)).isInstanceOf(TenantSettingRefusedException.class);
                }
                assertThat(bodies(connection)).as("the transaction goes on as its tenant").containsExactly("acme note");
                connection.commit();
            }
            try (Connection connection = raw.getConnection()) {
                assertThat(setting(connection)).as("tenant setting the next client sees after %s", sql)
                        .isIn(null, "");
                assertThat(bodies(connection)).as("rows the next client sees after %s", sql).isEmpty();
            }
        }
    }

    @Test
    void aSessionSettingMadeOutsideTheLibraryReachesTheNextClientOfTheServerConnection() throws SQLException {
        HikariDataSource first = pool(1);
        HikariDataSource second = pool(1);
        try {
            try (Connection connection = first.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("SET app.tenant_id = '" + GLOBEX + "'");
            }
            try (Connection connection = second.getConnection()) {
                assertThat(bodies(connection)).as("what the guard prevents: another client sees GLOBEX's row")
                        .containsExactly("globex note");
            }
        } finally {
            try (Connection connection = second.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("RESET app.tenant_id");
            }
        }
    }

    @Test
    void withoutPrepareThresholdZeroTwoClientsCollideOnOneServerConnectionsNamedStatements() throws SQLException {
        String defaults = pgBouncer.jdbcUrl(database.name()).replace("?prepareThreshold=0", "");
        assertThatThrownBy(() -> twoClientsRepeatOneStatement(defaults))
                .isInstanceOf(SQLException.class).hasMessageContaining("prepared statement \"S_1\"");

        twoClientsRepeatOneStatement(pgBouncer.jdbcUrl(database.name()));
    }

    /** Two clients each run one statement past pgJDBC's default prepareThreshold of 5, through one server connection. */
    private static void twoClientsRepeatOneStatement(String url) throws SQLException {
        try (Connection first = DriverManager.getConnection(url, database.appRole(), database.appPassword());
             Connection second = DriverManager.getConnection(url, database.appRole(), database.appPassword())) {
            for (Connection connection : List.of(first, second)) {
                for (int i = 0; i < 7; i++) {
                    assertThat(bodies(connection)).as("rows with no tenant").isEmpty();
                }
            }
        }
    }

    private static void foldedTransactions(RlsDataSource rls, int count) throws SQLException {
        for (int i = 0; i < count; i++) {
            UUID tenant = i % 2 == 0 ? ACME : GLOBEX;
            try (Connection connection = rls.getConnection(tenant)) {
                connection.setAutoCommit(false);
                assertThat(bodies(connection)).containsExactly(tenant == ACME ? "acme note" : "globex note");
                connection.commit();
            }
        }
    }

    private static void separateTransactions(HikariDataSource plain, int count) throws SQLException {
        for (int i = 0; i < count; i++) {
            try (Connection connection = plain.getConnection()) {
                connection.setAutoCommit(false);
                try (PreparedStatement apply = connection.prepareStatement("select set_config('app.tenant_id', ?,"
                        + " true)")) {
                    apply.setString(1, (i % 2 == 0 ? ACME : GLOBEX).toString());
                    apply.execute();
                }
                assertThat(bodies(connection)).hasSize(1);
                connection.commit();
            }
        }
    }

    private HikariDataSource pool(int size) {
        HikariConfig config = database.appPoolConfig("pgbouncer-test-" + pools.size(), size);
        config.setJdbcUrl(pgBouncer.jdbcUrl(database.name()));
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
    }

    private static List<String> bodies(Connection connection) throws SQLException {
        List<String> bodies = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("select body from note where id in (?, ?)"
                + " order by id")) {
            statement.setLong(1, 1);
            statement.setLong(2, 2);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    bodies.add(rs.getString(1));
                }
            }
        }
        return bodies;
    }

    private static String setting(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select current_setting('app.tenant_id', true)")) {
            rs.next();
            return rs.getString(1);
        }
    }

}
