package org.rlstenancy.liquibase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.DirectoryResourceAccessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rlstenancy.core.IsolationFinding;
import org.rlstenancy.core.IsolationVerifier;
import org.rlstenancy.core.RlsConfig;
import org.rlstenancy.core.testsupport.Docs;
import org.rlstenancy.core.testsupport.Docs.Block;
import org.rlstenancy.core.testsupport.PostgresServer;

/**
 * Runs the fenced SQL and YAML (and XML) blocks of docs/3-migrations.md in the order the guide gives them, on a real
 * PostgreSQL, so the guide cannot drift from what works. The guide gives two ways to protect a table, the SQL by
 * hand and the Liquibase change types that write it; each runs on a database of its own, with the blocks that
 * create the roles:
 * <ul>
 *   <li>a SQL block that creates roles runs as a superuser, on the server's {@code postgres} database until a line
 *       {@code -- connected to app}, then on the new database; the guide's roles and database get names of their
 *       own for this test, and its {@code '...'} passwords a generated one;</li>
 *   <li>right after the database is created, the test creates the tables the guide assumes, {@code project} and
 *       {@code task} (a plain foreign key from task to project), as the owner, with no isolation;</li>
 *   <li>the SQL way: any other SQL block runs as the owner;</li>
 *   <li>the Liquibase way: a full changelog ({@code databaseChangeLog}, YAML or XML) runs through Liquibase as the
 *       owner, with {@code app_role} the application role;</li>
 *   <li>a block right after {@code <!-- not run: why -->} is skipped; any other block fails the test.</li>
 * </ul>
 * Then, as the application role, {@link IsolationVerifier} finds the protected tables isolated and nothing else to
 * report, each tenant sees only its rows and cannot write another's, and the reporting role sees every tenant's.
 */
class MigrationsGuideTest {
    private static final Path GUIDE = Path.of("docs/3-migrations.md");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String suffix = String.format(Locale.ROOT, "%08x", RANDOM.nextInt());
    private final String database = "app_" + suffix;
    private final String owner = "app_owner_" + suffix;
    private final String app = "app_user_" + suffix;
    private final String report = "app_report_" + suffix;
    private final String password = "pw-" + suffix;
    private final PostgresServer server = PostgresServer.get();
    private boolean tablesCreated;

    @TempDir
    Path dir;

    @AfterEach
    void drop() throws SQLException {
        try (Connection c = server.superuserConnection("postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            for (String role : List.of(report, app, owner)) {
                s.execute("DROP ROLE IF EXISTS " + role);
            }
        }
    }

    enum Way { SQL, LIQUIBASE }

    @ParameterizedTest
    @EnumSource(Way.class)
    void theGuidesBlocksRunAndLeaveTheTablesIsolated(Way way) throws Exception {
        List<Block> blocks = Docs.blocks(Docs.lines(GUIDE));
        List<String> ran = new ArrayList<>();
        List<String> neither = new ArrayList<>();
        for (Block block : blocks) {
            String where = GUIDE + ":" + block.line() + " (" + block.language() + ")";
            if (block.comment() != null && block.comment().startsWith("not run:")) {
                continue;
            }
            String text = names(block.text());
            if (block.language().equals("sql") && text.contains("CREATE ROLE")) {
                runAsSuperuser(text);
            } else if (block.language().equals("sql")) {
                if (way == Way.SQL) {
                    runAs(owner, text);
                }
            } else if (block.language().equals("yaml") && text.startsWith("databaseChangeLog:")
                    || block.language().equals("xml") && text.startsWith("<databaseChangeLog")) {
                if (way == Way.LIQUIBASE) {
                    liquibaseUpdate("block-" + block.line() + "." + block.language(), text);
                }
            } else {
                neither.add(where);
                continue;
            }
            ran.add(where);
        }
        assertThat(neither).as("blocks neither run nor marked <!-- not run: why --> right before the fence").isEmpty();
        assertThat(ran).as("blocks run").hasSizeGreaterThanOrEqualTo(5);

        try (Connection c = connect(app)) {
            IsolationVerifier verifier = IsolationVerifier.of(RlsConfig.defaults(), "tenant_id");
            List<String> tables = verifier.discover(c, "public");
            assertThat(tables).containsExactlyInAnyOrder("project", "task");
            // The SQL is given for project; the changelogs protect both tables.
            List<String> isolated = way == Way.SQL ? List.of("project") : tables;
            List<IsolationFinding> findings = verifier.verify(c, isolated);
            assertThat(findings).as(IsolationVerifier.report(findings)).isEmpty();
        }
        UUID acme = UUID.randomUUID();
        UUID globex = UUID.randomUUID();
        try (Connection c = connect(app)) {
            c.setAutoCommit(false);
            tenant(c, acme);
            long acmeProject = longValue(c, "INSERT INTO project (name) VALUES ('acme') RETURNING id");
            c.commit();
            tenant(c, globex);
            assertThat(longValue(c, "SELECT count(*) FROM project")).isZero();
            assertThat(longValue(c, "SELECT count(*) FROM project WHERE id = " + acmeProject)).isZero();
            assertThatThrownBy(() -> longValue(c, "INSERT INTO project (tenant_id, name) VALUES ('" + acme
                    + "', 'x') RETURNING id")).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
            c.rollback();
            if (way == Way.LIQUIBASE) {
                tenant(c, acme);
                longValue(c, "INSERT INTO task (project_id, title) VALUES (" + acmeProject + ", 'a') RETURNING id");
                c.commit();
                tenant(c, globex);
                assertThat(longValue(c, "SELECT count(*) FROM task")).isZero();
                assertThatThrownBy(() -> longValue(c, "INSERT INTO task (project_id, title) VALUES (" + acmeProject
                        + ", 'b') RETURNING id")).isInstanceOf(SQLException.class)   // the tenant foreign key
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23503"));
                c.rollback();
            }
        }
        try (Connection c = connect(report)) {
            assertThat(longValue(c, "SELECT count(*) FROM project")).isEqualTo(1);
        }
    }

    /** The guide's role, database and password names, made this test's own. */
    private String names(String text) {
        return text.replace("app_owner", owner).replace("app_user", app).replace("app_report", report)
                .replaceAll("DATABASE app\\b", "DATABASE " + database)
                .replace("'...'", "'" + password + "'");
    }

    private void runAsSuperuser(String text) throws SQLException {
        String[] parts = text.split("(?m)^--\\s*connected to app\\b.*$", 2);
        try (Connection c = server.superuserConnection("postgres")) {
            execute(c, parts[0]);
        }
        if (!tablesCreated && text.contains("CREATE DATABASE")) {
            createTables();
        }
        if (parts.length > 1) {
            try (Connection c = server.superuserConnection(database)) {
                execute(c, parts[1]);
            }
        }
    }

    /** The application's tables as the guide finds them: the owner's, with a plain foreign key, not isolated. */
    private void createTables() throws SQLException {
        runAs(owner, """
                CREATE TABLE project (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, tenant_id uuid NOT NULL,
                    name text NOT NULL);
                CREATE TABLE task (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, tenant_id uuid NOT NULL,
                    project_id bigint NOT NULL REFERENCES project (id), title text NOT NULL);
                """);
        tablesCreated = true;
    }

    private void runAs(String role, String text) throws SQLException {
        try (Connection c = connect(role)) {
            execute(c, text);
        }
    }

    /** Runs each statement of {@code sql} on its own, in auto-commit mode (CREATE DATABASE needs that). */
    private static void execute(Connection c, String sql) throws SQLException {
        String code = sql.replaceAll("(?m)--.*$", "");
        try (Statement s = c.createStatement()) {
            for (String statement : code.split(";")) {
                if (!statement.isBlank()) {
                    s.execute(statement);
                }
            }
        }
    }

    private Connection connect(String role) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(database), role, password);
    }

    private void liquibaseUpdate(String file, String text) throws Exception {
        Files.writeString(dir.resolve(file), text);
        try (Connection c = connect(owner)) {
            Database db = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
            try (Liquibase liquibase = new Liquibase(file, new DirectoryResourceAccessor(dir), db)) {
                liquibase.setChangeLogParameter("app_role", app);
                liquibase.update(new Contexts(), new LabelExpression());
            }
        }
    }

    private static void tenant(Connection c, UUID tenant) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT set_config('app.tenant_id', ?, true)")) {
            s.setString(1, tenant.toString());
            s.execute();
        }
    }

    private static long longValue(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
