package org.rlstenancy.liquibase;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.logging.Level;
import java.util.LinkedHashMap;
import java.util.Map;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.LiquibaseException;
import liquibase.logging.core.BufferedLogService;
import liquibase.resource.DirectoryResourceAccessor;
import liquibase.ui.LoggerUIService;
import org.rlstenancy.core.testsupport.TestDatabase;

/** Runs real Liquibase, as the owner role, on changelogs written to a directory. */
public final class Migrator {
    private final TestDatabase db;
    private final Path directory;
    private final Map<String, Object> parameters = new LinkedHashMap<>();
    private LogCapture capture;

    public Migrator(TestDatabase db, Path directory) {
        this.db = db;
        this.directory = directory;
    }

    /** Sets the changelog parameter {@code name} for every later run. */
    public Migrator parameter(String name, Object value) {
        parameters.put(name, value);
        return this;
    }

    /** Sends what Liquibase logs and shows during later runs to {@code capture}, and the SQL it records. */
    public Migrator capture(LogCapture capture) {
        this.capture = capture;
        return this;
    }

    /** Writes {@code text} to {@code name} in the directory; returns the name. */
    public String write(String name, String text) {
        try {
            Files.writeString(directory.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return name;
    }

    public void update(String changelog) throws Exception {
        run(changelog, liquibase -> liquibase.update(new Contexts(), new LabelExpression()));
    }

    public void validate(String changelog) throws Exception {
        run(changelog, Liquibase::validate);
    }

    public void rollback(String changelog, int changeSets) throws Exception {
        run(changelog, liquibase -> liquibase.rollback(changeSets, (String) null));
    }

    /** Rolls back as {@link #rollback} does; returns what Liquibase logged at WARNING and above meanwhile. */
    public String rollbackWarnings(String changelog, int changeSets) throws Exception {
        return warnings(() -> rollback(changelog, changeSets));
    }

    /** Updates as {@link #update} does; returns what Liquibase logged at WARNING and above meanwhile. */
    public String updateWarnings(String changelog) throws Exception {
        return warnings(() -> update(changelog));
    }

    private static String warnings(Scope.ScopedRunner<?> work) throws Exception {
        BufferedLogService log = new BufferedLogService();
        Scope.child(Scope.Attr.logService.name(), log, work);
        return log.getLogAsString(Level.WARNING);
    }

    /** The SQL {@code updateSql} prints, without running it. */
    public String updateSql(String changelog) throws Exception {
        StringWriter out = new StringWriter();
        run(changelog, liquibase -> liquibase.update(new Contexts(), new LabelExpression(), out));
        return out.toString();
    }

    /** The SQL {@code rollbackCountSql} prints, without running it. */
    public String rollbackSql(String changelog, int changeSets) throws Exception {
        StringWriter out = new StringWriter();
        run(changelog, liquibase -> liquibase.rollback(changeSets, null, new Contexts(), out));
        return out.toString();
    }

    /** The SQL {@code futureRollbackSql} prints: the rollback of every changeset not run yet, without running it. */
    public String futureRollbackSql(String changelog) throws Exception {
        StringWriter out = new StringWriter();
        run(changelog, liquibase -> liquibase.futureRollbackSQL(out));
        return out.toString();
    }

    private interface Action {
        void run(Liquibase liquibase) throws LiquibaseException;
    }

    private void run(String changelog, Action action) throws Exception {
        Connection connection = db.ownerConnection();
        Database database = DatabaseFactory.getInstance()
                .findCorrectDatabaseImplementation(new JdbcConnection(connection));
        try (Liquibase liquibase = new Liquibase(changelog, new DirectoryResourceAccessor(directory), database)) {
            parameters.forEach(liquibase::setChangeLogParameter);
            if (capture == null) {
                action.run(liquibase);
                return;
            }
            liquibase.setChangeExecListener(capture.listener());
            try {
                Scope.child(Map.of(Scope.Attr.logService.name(), capture, Scope.Attr.ui.name(), new LoggerUIService()),
                        () -> action.run(liquibase));
            } catch (Exception e) {
                capture.append(LogCapture.stackTrace(e));
                throw e;
            }
        }
    }
}
