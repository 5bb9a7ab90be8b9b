package org.rlstenancy.liquibase.internal;

import java.util.List;
import liquibase.Scope;
import liquibase.change.Change;
import liquibase.database.Database;
import liquibase.executor.ExecutorService;
import liquibase.exception.UnexpectedLiquibaseException;
import liquibase.statement.SqlStatement;
import liquibase.statement.core.RawSqlStatement;

/** Small helpers the change types share. */
public final class Statements {
    private Statements() {
    }

    public static SqlStatement[] of(List<String> sql) {
        return sql.stream().map(RawSqlStatement::new).toArray(SqlStatement[]::new);
    }

    /**
     * False when Liquibase only prints the SQL ({@code updateSql}, {@code rollbackSql}, {@code futureRollbackSql}):
     * what the change generates is then written out, not run.
     */
    public static boolean executed(Database database) {
        return Scope.getCurrentScope().getSingleton(ExecutorService.class).getExecutor("jdbc", database)
                .updatesDatabase();
    }

    /**
     * The exception a change throws when it finds, as it runs, a problem validation could not see yet; it names the
     * change type and changeset, and no SQL of the change has run.
     */
    public static UnexpectedLiquibaseException failure(Change change, String changeType, String problem) {
        String changeSet = change.getChangeSet() == null ? "" : " in changeset " + change.getChangeSet().toString(false);
        return new UnexpectedLiquibaseException(changeType + changeSet + ": " + problem);
    }
}
