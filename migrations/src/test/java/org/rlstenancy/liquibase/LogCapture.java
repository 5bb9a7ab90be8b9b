package org.rlstenancy.liquibase;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.Level;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.visitor.AbstractChangeExecListener;
import liquibase.changelog.visitor.ChangeExecListener;
import liquibase.database.Database;
import liquibase.logging.Logger;
import liquibase.logging.core.AbstractLogService;
import liquibase.logging.core.AbstractLogger;

/**
 * Everything Liquibase logs while a {@link Migrator} runs, at every level down to FINEST, with the stack traces of
 * logged exceptions; what it shows the user (through its log); and the SQL it records for each changeset run or
 * rolled back, which its structured logs and reports show.
 */
final class LogCapture extends AbstractLogService {
    private final StringBuffer text = new StringBuffer();

    @Override
    public int getPriority() {
        return PRIORITY_SPECIALIZED;
    }

    @Override
    public Logger getLog(Class clazz) {
        return new AbstractLogger() {
            @Override
            public void log(Level level, String message, Throwable e) {
                append(level + " " + clazz.getName() + ": " + message);
                if (e != null) {
                    append(stackTrace(e));
                }
            }
        };
    }

    /** A listener recording the SQL Liquibase generated for each changeset. */
    ChangeExecListener listener() {
        return new AbstractChangeExecListener() {
            @Override
            public void ran(ChangeSet changeSet, DatabaseChangeLog changeLog, Database database,
                    ChangeSet.ExecType execType) {
                append("generated SQL of " + changeSet + ": " + changeSet.getGeneratedSql());
            }

            @Override
            public void rolledBack(ChangeSet changeSet, DatabaseChangeLog changeLog, Database database) {
                append("generated rollback SQL of " + changeSet + ": " + changeSet.getGeneratedSql());
            }
        };
    }

    void append(String line) {
        text.append(line).append('\n');
    }

    /** {@code e} with its causes and stack, as printed. */
    static String stackTrace(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    String text() {
        return text.toString();
    }
}
