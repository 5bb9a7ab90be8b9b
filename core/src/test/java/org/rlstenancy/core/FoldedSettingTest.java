package org.rlstenancy.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.TimeZone;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGStatement;
import org.postgresql.ds.PGSimpleDataSource;
import org.postgresql.jdbc.PgConnection;
import org.rlstenancy.core.testsupport.RecordingDataSource;
import org.rlstenancy.core.testsupport.ServerLog;
import org.rlstenancy.core.testsupport.TestDatabase;

/**
 * The tenant setting folded into the first prepared statement of a transaction: the same rows, counts, results and
 * errors as the separate {@code set_config} statement, one round trip fewer, and the separate statement wherever
 * folding is not proven.
 */
class FoldedSettingTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static final UUID ACME = Notes.ACME;
    static final UUID GLOBEX = Notes.GLOBEX;
    static final String APPLY = "select set_config(?, ?, true)";
    static final String FOLDED = APPLY + ";";

    static Notes notes;

    @BeforeAll
    static void schema() throws SQLException {
        ServerLog.logStatementsOf(db.server(), db.appRole());
        notes = Notes.create(db, "CREATE SEQUENCE counter", "GRANT USAGE, SELECT ON SEQUENCE counter TO " + db.appRole());
    }

    @BeforeEach
    void seed() throws SQLException {
        Notes.seed(db);
        db.superuserExecute("SELECT setval('counter', 1)");
        notes.recording.reset();
    }

    /** A sequence of JDBC calls on a connection in a transaction, noting what the caller sees. */
    interface Script {
        void run(Connection connection, List<String> seen) throws SQLException;
    }

    static Stream<Arguments> scripts() {
        return Stream.of(
                Arguments.of("executeQuery with parameters, then the result methods", (Script) (c, seen) -> {
                    PreparedStatement statement = c.prepareStatement(
                            "SELECT body FROM notes WHERE body <> ? ORDER BY body");
                    statement.setString(1, "acme 2");
                    ResultSet rs = statement.executeQuery();
                    seen.add("current " + (statement.getResultSet() != null));
                    seen.add(rows(rs));
                    seen.add("count " + statement.getUpdateCount() + " more " + statement.getMoreResults()
                            + " rs " + statement.getResultSet() + " closed " + rs.isClosed());
                }),
                Arguments.of("executeUpdate sees only the tenant's rows", (Script) (c, seen) -> {
                    PreparedStatement statement = c.prepareStatement(
                            "UPDATE notes SET body = body || ? WHERE body LIKE ?");
                    statement.setString(1, "!");
                    statement.setString(2, "% 1");
                    seen.add("updated " + statement.executeUpdate());
                    seen.add("count " + statement.getUpdateCount() + " rs " + statement.getResultSet());
                    seen.add(bodies(c));
                }),
                Arguments.of("executeLargeUpdate cannot reach another tenant's row", (Script) (c, seen) -> {
                    PreparedStatement statement = c.prepareStatement("DELETE FROM notes WHERE body = ?");
                    statement.setString(1, "globex 1");
                    seen.add("deleted " + statement.executeLargeUpdate());
                    seen.add("count " + statement.getLargeUpdateCount());
                }),
                Arguments.of("execute of a query", (Script) (c, seen) -> {
                    PreparedStatement statement = c.prepareStatement("SELECT body FROM notes ORDER BY body");
                    seen.add("result set " + statement.execute());
                    seen.add(rows(statement.getResultSet()));
                    seen.add("more " + statement.getMoreResults() + " count " + statement.getUpdateCount());
                }),
                Arguments.of("execute of an update", (Script) (c, seen) -> {
                    PreparedStatement statement = c.prepareStatement("UPDATE notes SET body = upper(body)");
                    seen.add("result set " + statement.execute());
                    seen.add("count " + statement.getUpdateCount() + " more " + statement.getMoreResults()
                            + " count " + statement.getUpdateCount());
                    seen.add(bodies(c));
                }),
                Arguments.of("executeQuery of an update fails after running it", (Script) (c, seen) -> {
                    PreparedStatement statement = c.prepareStatement("UPDATE notes SET body = body || '?'");
                    seen.add(failure(statement::executeQuery));
                    seen.add(bodies(c));
                }),
                Arguments.of("executeUpdate of a query fails", (Script) (c, seen) -> {
                    PreparedStatement statement = c.prepareStatement("SELECT body FROM notes");
                    seen.add(failure(statement::executeUpdate));
                }),
                Arguments.of("insert returning, as Hibernate's identity insert", (Script) (c, seen) -> {
                    PreparedStatement statement = c.prepareStatement(
                            "INSERT INTO notes (body) VALUES (?) RETURNING tenant_id, body", Statement.NO_GENERATED_KEYS);
                    statement.setString(1, "returned");
                    seen.add(rows(statement.executeQuery()));
                }),
                Arguments.of("a parameter left unset is named by its own index", (Script) (c, seen) -> {
                    PreparedStatement statement = c.prepareStatement(
                            "SELECT body FROM notes WHERE body = ? AND id > ?");
                    statement.setString(1, "acme 1");
                    seen.add(failure(statement::executeQuery));
                }),
                Arguments.of("null and object parameters, cleared and set again", (Script) (c, seen) -> {
                    PreparedStatement statement = c.prepareStatement(
                            "SELECT count(*) FROM notes WHERE tenant_id = ? OR body = ?");
                    statement.setObject(1, ACME);
                    statement.setString(2, "globex 1");
                    statement.clearParameters();
                    statement.setObject(1, GLOBEX);
                    statement.setNull(2, Types.VARCHAR);
                    seen.add(rows(statement.executeQuery()));
                }),
                Arguments.of("max rows", (Script) (c, seen) -> {
                    PreparedStatement statement = c.prepareStatement("SELECT body FROM notes ORDER BY body");
                    statement.setMaxRows(1);
                    seen.add(rows(statement.executeQuery()));
                }),
                Arguments.of("fetch size, read through a cursor", (Script) (c, seen) -> {
                    PreparedStatement statement = c.prepareStatement(
                            "SELECT body FROM notes, generate_series(1, 3) ORDER BY body");
                    statement.setFetchSize(2);
                    seen.add(rows(statement.executeQuery()));
                }),
                Arguments.of("scrollable results", (Script) (c, seen) -> {
                    PreparedStatement statement = c.prepareStatement("SELECT body FROM notes ORDER BY body",
                            ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY);
                    ResultSet rs = statement.executeQuery();
                    rs.last();
                    seen.add("last " + rs.getRow() + " " + rs.getString(1));
                    rs.first();
                    seen.add("first " + rs.getString(1));
                }),
                Arguments.of("executed again in the same transaction", (Script) (c, seen) -> {
                    PreparedStatement statement = c.prepareStatement("SELECT body FROM notes WHERE body = ?");
                    statement.setString(1, "acme 1");
                    ResultSet first = statement.executeQuery();
                    statement.setString(1, "acme 2");
                    ResultSet second = statement.executeQuery();
                    seen.add("first closed " + first.isClosed());
                    seen.add(rows(second));
                    seen.add("current " + (statement.getResultSet() != null));
                }),
                Arguments.of("executeUpdate of a query stops after its first row", (Script) (c, seen) -> {
                    long before = counter(c);
                    PreparedStatement statement = c.prepareStatement(
                            "SELECT nextval('counter') FROM generate_series(1, 10)");
                    seen.add(failure(statement::executeUpdate));
                    seen.add("advanced by " + (counter(c) - before));
                }),
                Arguments.of("values changed after they were set are bound as set", (Script) (c, seen) -> {
                    PreparedStatement statement = c.prepareStatement("SELECT ?::bytea, ?::timestamp, ?::date");
                    byte[] bytes = {1, 2, 3};
                    Timestamp timestamp = Timestamp.valueOf("2024-05-01 12:00:00");
                    Calendar calendar = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
                    statement.setBytes(1, bytes);
                    statement.setTimestamp(2, timestamp);
                    statement.setDate(3, java.sql.Date.valueOf("2024-05-01"), calendar);
                    bytes[0] = 9;
                    timestamp.setTime(0);
                    calendar.setTimeZone(TimeZone.getTimeZone("Pacific/Kiritimati"));
                    seen.add(rows(statement.executeQuery()));
                }),
                Arguments.of("an insert that fails half-way writes nothing", (Script) (c, seen) -> {
                    PreparedStatement statement = c.prepareStatement(
                            "INSERT INTO notes (body) SELECT 'half ' || (1 / (? - g)) FROM generate_series(1, 3) g");
                    statement.setInt(1, 2);
                    seen.add(failure(statement::executeUpdate));
                    seen.add(failure(() -> bodies(c)));
                }),
                Arguments.of("an error in the statement", (Script) (c, seen) -> {
                    PreparedStatement statement = c.prepareStatement("SELECT 1 / (? - count(*)) FROM notes");
                    statement.setInt(1, 2);
                    seen.add(failure(statement::executeQuery));
                }));
    }

    /** The pgJDBC options that change how a statement travels or binds, and "defaults" for none. */
    static final List<String> DRIVER_OPTIONS = List.of("defaults", "prepareThreshold=1", "preferQueryMode=simple",
            "preferQueryMode=extendedForPrepared", "stringtype=unspecified", "binaryTransfer=false");

    /** Every script under each of {@link #DRIVER_OPTIONS}. */
    static Stream<Arguments> scriptsUnderDriverOptions() {
        return DRIVER_OPTIONS.stream().flatMap(options -> scripts()
                .map(script -> Arguments.of(options, script.get()[0], script.get()[1])));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("scriptsUnderDriverOptions")
    void foldedStatementAnswersExactlyAsTheSeparateSetting(String options, String name, Script script)
            throws SQLException {
        PGSimpleDataSource source = appSource(options);
        List<String> separate = new ArrayList<>();
        try (Connection raw = source.getConnection()) {
            raw.setAutoCommit(false);
            try (PreparedStatement apply = raw.prepareStatement(APPLY)) {
                apply.setString(1, "app.tenant_id");
                apply.setString(2, ACME.toString());
                apply.execute();
            }
            script.run(raw, separate);
            raw.rollback();
        }
        RecordingDataSource recorded = new RecordingDataSource(source);
        List<String> folded = new ArrayList<>();
        try (Connection connection = new RlsDataSource(recorded).getConnection(ACME)) {
            connection.setAutoCommit(false);
            script.run(connection, folded);
            connection.rollback();
        }
        assertThat(folded).isEqualTo(separate);
        assertThat(recorded.executed()).isNotEmpty().doesNotContain(APPLY);
        assertThat(recorded.executed().get(0)).startsWith(FOLDED);
    }

    /**
     * In auto-commit mode, every script answers as the same statements do on a plain connection whose session has
     * the tenant set, and leaves the same rows: the folded setting holds for its statement and ends with it.
     */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("scriptsUnderDriverOptions")
    void autoCommitFoldedStatementAnswersExactlyAsUnderASessionSetting(String options, String name, Script script)
            throws SQLException {
        PGSimpleDataSource source = appSource(options);
        List<String> plain = new ArrayList<>();
        try (Connection raw = source.getConnection(); Statement session = raw.createStatement()) {
            session.execute("SET app.tenant_id = '" + ACME + "'");
            script.run(raw, plain);
        }
        String plainRows = allRows();
        seed();
        RecordingDataSource recorded = new RecordingDataSource(source);
        List<String> folded = new ArrayList<>();
        String left;
        try (Connection connection = new RlsDataSource(recorded).getConnection(ACME)) {
            script.run(connection, folded);
            assertThat(connection.getAutoCommit()).isTrue();
            try (Statement statement = connection.unwrap(PgConnection.class).createStatement();
                 ResultSet rs = statement.executeQuery("select current_setting('app.tenant_id', true)")) {
                rs.next();
                left = rs.getString(1);
            }
        }
        assertThat(folded).isEqualTo(plain);
        assertThat(allRows()).isEqualTo(plainRows);
        assertThat(left).isNullOrEmpty();
        assertThat(recorded.executed()).isNotEmpty().allMatch(sql -> sql.startsWith(FOLDED));
    }

    /** How a parameter is set, the type its value is read as, and whether pgJDBC then names the type. */
    record Parameter(String name, String cast, boolean typed, Setter setter) {
        @Override
        public String toString() {
            return name;
        }
    }

    interface Setter {
        void set(PreparedStatement statement, int index) throws SQLException;
    }

    static Stream<Arguments> parametersUnderDriverOptions() {
        List<Parameter> parameters = List.of(
                new Parameter("setInt", "int", true, (s, i) -> s.setInt(i, 7)),
                new Parameter("setLong", "bigint", true, (s, i) -> s.setLong(i, 7L)),
                new Parameter("setShort", "smallint", true, (s, i) -> s.setShort(i, (short) 7)),
                new Parameter("setByte", "smallint", true, (s, i) -> s.setByte(i, (byte) 7)),
                new Parameter("setBoolean", "boolean", true, (s, i) -> s.setBoolean(i, true)),
                new Parameter("setDouble", "float8", true, (s, i) -> s.setDouble(i, 0.5)),
                new Parameter("setFloat", "float4", true, (s, i) -> s.setFloat(i, 0.5f)),
                new Parameter("setBigDecimal", "numeric", true, (s, i) -> s.setBigDecimal(i, new BigDecimal("1.5"))),
                new Parameter("setBytes", "bytea", true, (s, i) -> s.setBytes(i, new byte[] {1})),
                new Parameter("setString", "text", true, (s, i) -> s.setString(i, "x")),
                new Parameter("setObject uuid", "uuid", true, (s, i) -> s.setObject(i, GLOBEX)),
                new Parameter("setObject long", "bigint", true, (s, i) -> s.setObject(i, 7L)),
                new Parameter("setObject string", "text", true, (s, i) -> s.setObject(i, "x")),
                new Parameter("setNull integer", "int", true, (s, i) -> s.setNull(i, Types.INTEGER)),
                new Parameter("setNull varchar", "text", true, (s, i) -> s.setNull(i, Types.VARCHAR)),
                new Parameter("setTimestamp", "timestamp", false, (s, i) -> s.setTimestamp(i, new Timestamp(0))),
                new Parameter("setDate", "date", false, (s, i) -> s.setDate(i, java.sql.Date.valueOf("2024-05-01"))),
                new Parameter("setNull other", "uuid", false, (s, i) -> s.setNull(i, Types.OTHER)),
                new Parameter("setObject null", "uuid", false, (s, i) -> s.setObject(i, null)),
                new Parameter("setObject with a target type", "uuid", false,
                        (s, i) -> s.setObject(i, GLOBEX.toString(), Types.OTHER)),
                new Parameter("setObject LocalDateTime", "timestamp", false,
                        (s, i) -> s.setObject(i, LocalDateTime.of(2024, 5, 1, 12, 0))));
        return DRIVER_OPTIONS.stream().flatMap(options -> parameters.stream()
                .map(parameter -> Arguments.of(options, parameter)));
    }

    /**
     * A statement executed ten times in auto-commit mode, beyond pgJDBC's prepare threshold, answers the tenant's
     * rows every time. Where every parameter has a type pgJDBC names, the setting and the statement go in one round
     * trip with no BEGIN or COMMIT; otherwise (pgJDBC would send a Sync between them once the statement is
     * described) each execution has a transaction of its own.
     */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("parametersUnderDriverOptions")
    void autoCommitStatementsRunInOneImplicitTransactionOnlyWherePgJdbcSyncsOnce(String options, Parameter parameter)
            throws SQLException {
        boolean oneRoundTrip = parameter.typed() && !options.equals("stringtype=unspecified")
                && !options.equals("preferQueryMode=simple");
        ServerLog log = ServerLog.of(db.server());
        ServerLog.Mark mark = log.mark();
        try (Connection connection = new RlsDataSource(appSource(options))
                .getConnection(ACME);
             PreparedStatement statement = connection.prepareStatement("SELECT string_agg(body, ',' ORDER BY body),"
                     + " count(?::" + parameter.cast() + ") FROM notes")) {
            for (int i = 0; i < 10; i++) {
                parameter.setter().set(statement, 1);
                assertThat(rows(statement.executeQuery())).as("execution %d", i + 1).startsWith("[acme 1,acme 2 ");
            }
        }
        List<String> transactionCommands = log.since(mark).stream()
                .filter(entry -> entry.isFrom(db.appRole()) && entry.isStatement())
                .map(entry -> entry.text().replaceFirst("(?s)^[^:]*: ", "").strip())
                .filter(sql -> sql.matches("(?i)begin|commit|rollback")).toList();
        assertThat(transactionCommands).hasSize(oneRoundTrip ? 0 : 20);
    }

    /**
     * Why the rule above: on a plain pgJDBC connection in auto-commit mode, the folded SQL keeps its setting while
     * the statement is unnamed, and loses it once pgJDBC has prepared and described the statement (the sixth
     * execution, a timestamp parameter, a text result), because pgJDBC then sends a Sync before the statement. If
     * this test fails, pgJDBC no longer does so.
     */
    @Test
    void pgJdbcSyncsBeforeADescribedStatementSoAnImplicitTransactionWouldLoseTheSetting() throws SQLException {
        List<String> seen = new ArrayList<>();
        try (Connection raw = appSource("").getConnection();
             PreparedStatement statement = raw.prepareStatement(
                     FOLDED + "SELECT current_setting('app.tenant_id', true), ?::timestamp")) {
            for (int i = 0; i < 8; i++) {
                statement.setString(1, "app.tenant_id");
                statement.setString(2, ACME.toString());
                statement.setTimestamp(3, new Timestamp(0));
                statement.execute();
                statement.getMoreResults();
                ResultSet rs = statement.getResultSet();
                rs.next();
                seen.add(rs.getString(1));
            }
        }
        assertThat(seen.subList(0, 5)).containsOnly(ACME.toString());
        assertThat(seen.subList(5, 8)).containsOnly("");
    }

    @Test
    void aReadOnlyConnectionInAutoCommitModeStillRefusesWrites() throws SQLException {
        try (Connection connection = notes.dataSource.getConnection(ACME);
             PreparedStatement insert = connection.prepareStatement("INSERT INTO notes (body) VALUES (?)")) {
            connection.setReadOnly(true);
            insert.setString(1, "read-only");
            assertThatThrownBy(insert::executeUpdate).isInstanceOf(SQLException.class)
                    .hasFieldOrPropertyWithValue("SQLState", "25006");
            connection.setReadOnly(false);
        }
        assertThat(notes.recording.executed()).allMatch(sql -> sql.startsWith(FOLDED));
        assertThat(db.superuserLong("SELECT count(*) FROM notes WHERE body = 'read-only'")).isZero();
    }

    private static String allRows() throws SQLException {
        try (Connection connection = db.superuserConnection(); Statement statement = connection.createStatement()) {
            return rows(statement.executeQuery("SELECT tenant_id, body FROM notes ORDER BY tenant_id, body"))
                    + " counter " + rows(statement.executeQuery("SELECT last_value FROM counter"));
        }
    }

    @Test
    void onlyTheFirstStatementOfEachTransactionCarriesTheSetting() throws SQLException {
        String query = "SELECT count(*) FROM notes WHERE body <> ?";
        try (Connection connection = notes.dataSource.getConnection(GLOBEX)) {
            connection.setAutoCommit(false);
            assertThat(count(connection, query)).isEqualTo(1);
            assertThat(count(connection, query)).isEqualTo(1);
            connection.commit();
            assertThat(count(connection, query)).isEqualTo(1);
            connection.rollback();
        }
        assertThat(notes.recording.executed()).containsExactly(FOLDED + query, query, FOLDED + query);
    }

    @Test
    void autoCommitStatementsFoldTheSettingIntoTheirOwnTransactionAndLeaveNothingBehind() throws SQLException {
        try (Connection connection = notes.dataSource.getConnection(ACME)) {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO notes (body) VALUES (?)")) {
                insert.setString(1, "autocommitted");
                assertThat(insert.executeUpdate()).isEqualTo(1);
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT body FROM notes ORDER BY body")) {
                select.setFetchSize(1);
                assertThat(rows(select.executeQuery())).isEqualTo("[acme 1, acme 2, autocommitted]");
            }
            assertThat(connection.getAutoCommit()).isTrue();
        }
        assertThat(notes.recording.executed()).allMatch(sql -> sql.startsWith(FOLDED));
        assertThat(db.superuserLong("SELECT count(*) FROM notes WHERE body = 'autocommitted' AND tenant_id = '"
                + ACME + "'")).isEqualTo(1);
        assertThat(TestDatabase.tenantSetting(notes.pool)).isNullOrEmpty();
    }

    @Test
    void serverSidePreparedFoldedStatementsKeepEachTransactionToItsTenant() throws SQLException {
        String query = "SELECT string_agg(body, ',' ORDER BY body) FROM notes WHERE id > ?";
        for (int i = 0; i < 12; i++) {
            UUID tenant = i % 2 == 0 ? ACME : GLOBEX;
            try (Connection connection = notes.dataSource.getConnection(tenant)) {
                connection.setAutoCommit(i % 3 == 0);
                try (PreparedStatement statement = connection.prepareStatement(query)) {
                    statement.setLong(1, 0);
                    assertThat(rows(statement.executeQuery()))
                            .isEqualTo(tenant == ACME ? "[acme 1,acme 2]" : "[globex 1]");
                }
                if (!connection.getAutoCommit()) {
                    connection.commit();
                }
            }
        }
        try (Connection raw = notes.pool.getConnection();
             Statement statement = raw.createStatement();
             ResultSet rs = statement.executeQuery("SELECT statement FROM pg_prepared_statements"
                     + " WHERE NOT from_sql ORDER BY statement")) {
            List<String> prepared = new ArrayList<>();
            while (rs.next()) {
                prepared.add(rs.getString(1));
            }
            assertThat(prepared).contains("select set_config($1, $2, true)",
                    "SELECT string_agg(body, ',' ORDER BY body) FROM notes WHERE id > $1");
        }
        assertThat(notes.recording.executed()).hasSize(12).allMatch(sql -> sql.equals(FOLDED + query));
    }

    /** pgJDBC does not retry a multi-statement query where autosave would, nor binds one right in forced binary. */
    @ParameterizedTest
    @ValueSource(strings = {"autosave=always", "autosave=conservative", "prepareThreshold=-1"})
    void driverOptionsThatCannotFoldKeepTheSettingSeparateAndScoped(String options) throws SQLException {
        RecordingDataSource recorded = new RecordingDataSource(appSource(options));
        try (Connection connection = new RlsDataSource(recorded).getConnection(ACME)) {
            connection.setAutoCommit(false);
            try (PreparedStatement failing = connection.prepareStatement("SELECT 1 / (count(*) - 2) FROM notes")) {
                assertThatThrownBy(failing::executeQuery).isInstanceOf(SQLException.class)
                        .hasMessageContaining("division by zero");
            }
            if (options.equals("autosave=always")) {
                // The driver rolled back to its savepoint: the transaction goes on, still as ACME.
                try (PreparedStatement statement = connection.prepareStatement("SELECT id, body FROM notes ORDER BY body")) {
                    assertThat(rows(statement.executeQuery())).contains("acme 1").contains("acme 2")
                            .doesNotContain("globex");
                }
                connection.commit();
            } else {
                connection.rollback();
            }
        }
        assertThat(recorded.executed()).first().isEqualTo(APPLY);
        assertThat(recorded.executed()).noneMatch(sql -> sql.startsWith(FOLDED));
    }

    /**
     * Unpooled connections of the application role, with pgJDBC {@code options} ({@code a=b&c=d}, or "defaults" or
     * "" for none) on the URL.
     */
    private static PGSimpleDataSource appSource(String options) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setUrl(db.jdbcUrl() + (options.isEmpty() || options.equals("defaults") ? "" : "?" + options));
        source.setUser(db.appRole());
        source.setPassword(db.appPassword());
        return source;
    }

    @Test
    void aResultSetFromAnEarlierExecutionClosesWhenTheNextTransactionFoldsTheStatement() throws SQLException {
        try (Connection connection = notes.dataSource.getConnection(ACME);
             PreparedStatement statement = connection.prepareStatement("SELECT body FROM notes ORDER BY body")) {
            connection.setAutoCommit(false);
            statement.executeQuery().close();
            ResultSet plain = statement.executeQuery();
            connection.commit();
            ResultSet folded = statement.executeQuery();
            assertThat(plain.isClosed()).isTrue();
            statement.closeOnCompletion();
            assertThat(statement.isClosed()).isFalse();
            folded.close();
            assertThat(statement.isClosed()).isTrue();
            connection.commit();
        }
        assertThat(notes.recording.executed()).containsExactly(FOLDED + "SELECT body FROM notes ORDER BY body",
                "SELECT body FROM notes ORDER BY body", FOLDED + "SELECT body FROM notes ORDER BY body");
    }

    /** A statement made the way {@code name} says, executed once: the setting must come separately before it. */
    interface Unfolded {
        String run(Connection connection) throws SQLException;
    }

    static Stream<Arguments> unfolded() {
        return Stream.of(
                Arguments.of("plain statement", (Unfolded) c -> {
                    try (Statement statement = c.createStatement()) {
                        return rows(statement.executeQuery("SELECT count(*) FROM notes"));
                    }
                }),
                Arguments.of("callable statement", (Unfolded) c -> {
                    try (PreparedStatement statement = c.prepareCall("SELECT count(*) FROM notes")) {
                        return rows(statement.executeQuery());
                    }
                }),
                Arguments.of("generated keys requested", (Unfolded) c -> {
                    try (PreparedStatement statement = c.prepareStatement(
                            "INSERT INTO notes (body) VALUES ('keyed')", Statement.RETURN_GENERATED_KEYS)) {
                        statement.executeUpdate();
                        ResultSet keys = statement.getGeneratedKeys();
                        keys.next();
                        return keys.getObject("tenant_id") + " " + keys.getString("body");
                    }
                }),
                Arguments.of("generated key columns named", (Unfolded) c -> {
                    try (PreparedStatement statement = c.prepareStatement(
                            "INSERT INTO notes (body) VALUES ('keyed')", new String[] {"tenant_id"})) {
                        statement.executeUpdate();
                        return rows(statement.getGeneratedKeys());
                    }
                }),
                Arguments.of("updatable results", (Unfolded) c -> {
                    try (PreparedStatement statement = c.prepareStatement("SELECT id, body FROM notes",
                            ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_UPDATABLE)) {
                        ResultSet rs = statement.executeQuery();
                        int n = 0;
                        while (rs.next()) {
                            n++;
                        }
                        return String.valueOf(n);
                    }
                }),
                Arguments.of("two statements in one string", (Unfolded) c -> {
                    try (PreparedStatement statement = c.prepareStatement("SELECT 1; SELECT count(*) FROM notes")) {
                        statement.execute();
                        statement.getMoreResults();
                        return rows(statement.getResultSet());
                    }
                }),
                Arguments.of("batch", (Unfolded) c -> {
                    try (PreparedStatement statement = c.prepareStatement("INSERT INTO notes (body) VALUES (?)")) {
                        statement.setString(1, "batched 1");
                        statement.addBatch();
                        statement.setString(1, "batched 2");
                        statement.addBatch();
                        return String.valueOf(statement.executeBatch().length);
                    }
                }),
                Arguments.of("stream parameter", (Unfolded) c -> {
                    try (PreparedStatement statement = c.prepareStatement(
                            "SELECT count(*) FROM notes WHERE convert_from(?, 'UTF8') <> body")) {
                        statement.setBinaryStream(1, new ByteArrayInputStream(new byte[] {'x'}));
                        return rows(statement.executeQuery());
                    }
                }),
                Arguments.of("array parameter", (Unfolded) c -> {
                    try (PreparedStatement statement = c.prepareStatement(
                            "SELECT count(*) FROM notes WHERE body <> ALL (?)")) {
                        statement.setObject(1, new String[] {"x"});
                        return rows(statement.executeQuery());
                    }
                }),
                Arguments.of("statement unwrapped to the driver's", (Unfolded) c -> {
                    try (PreparedStatement statement = c.prepareStatement(
                            "SELECT count(*) FROM notes WHERE body <> ?")) {
                        statement.unwrap(PGStatement.class).setPrepareThreshold(0);
                        statement.setString(1, "x");
                        return rows(statement.executeQuery());
                    }
                }),
                Arguments.of("reader parameter", (Unfolded) c -> {
                    try (PreparedStatement statement = c.prepareStatement(
                            "SELECT count(*) FROM notes WHERE body <> ?")) {
                        statement.setCharacterStream(1, new StringReader("x"));
                        return rows(statement.executeQuery());
                    }
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unfolded")
    void whereFoldingIsNotProvenTheSettingRunsSeparatelyFirst(String name, Unfolded unfolded) throws SQLException {
        String answer;
        try (Connection connection = notes.dataSource.getConnection(ACME)) {
            connection.setAutoCommit(false);
            answer = unfolded.run(connection);
            connection.commit();
        }
        assertThat(answer).isNotEmpty().doesNotContain(GLOBEX.toString()).doesNotContain("3");
        assertThat(notes.recording.executed()).hasSize(2).first().isEqualTo(APPLY);
        assertThat(notes.recording.executed().get(1)).doesNotStartWith(FOLDED);
        assertThat(db.superuserLong("SELECT count(*) FROM notes WHERE tenant_id <> '" + ACME + "' AND body <> 'globex 1'"))
                .isZero();
    }

    private static long counter(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT last_value FROM counter");
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, "none");
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String bodies(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT body FROM notes ORDER BY body")) {
            return rows(statement.executeQuery());
        }
    }

    /** Every row of {@code rs}, columns joined by a space, then closes it. */
    private static String rows(ResultSet rs) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (rs) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? " " : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows.toString();
    }

    interface Call {
        Object run() throws SQLException;
    }

    private static String failure(Call call) {
        try {
            return "no failure: " + call.run();
        } catch (SQLException e) {
            return "failed " + e.getSQLState() + ": " + e.getMessage();
        }
    }
}
