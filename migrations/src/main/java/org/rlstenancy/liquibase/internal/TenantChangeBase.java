package org.rlstenancy.liquibase.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import liquibase.change.AbstractChange;
import liquibase.database.Database;
import liquibase.database.core.PostgresDatabase;
import liquibase.exception.ValidationErrors;
import liquibase.exception.Warnings;
import liquibase.structure.DatabaseObject;

/**
 * What the change types share: PostgreSQL only, statements that depend on the catalog (so Liquibase must not
 * generate them to validate), and validation through {@link #collectProblems}.
 */
public abstract class TenantChangeBase extends AbstractChange {
    /** {@return the change type's name, as used in changelogs, such as {@code enableTenantIsolation}} */
    protected abstract String changeName();

    /**
     * Adds each problem with the attributes or the schema to {@code problems}. A table that an earlier, not yet run
     * change may create is not a problem yet.
     *
     * @param database the database the change is validated against
     * @param problems where to add each problem, as a sentence naming the attribute or the object
     */
    protected abstract void collectProblems(Database database, List<String> problems);

    /**
     * What the change will do that its author should know of before it runs, reported as validation warnings (which
     * Liquibase logs, naming the changeset) when there is no problem.
     *
     * @param database the database the change is validated against
     * @return the warnings; none by default
     */
    protected List<String> validationWarnings(Database database) {
        return List.of();
    }

    @Override
    public boolean supports(Database database) {
        return database instanceof PostgresDatabase;
    }

    @Override
    public boolean supportsRollback(Database database) {
        return supports(database);
    }

    @Override
    public boolean generateStatementsVolatile(Database database) {
        return false;
    }

    @Override
    public Warnings warn(Database database) {
        return new Warnings();
    }

    @Override
    public Set<DatabaseObject> getAffectedDatabaseObjects(Database database) {
        return Set.of();
    }

    @Override
    public ValidationErrors validate(Database database) {
        ValidationErrors errors = new ValidationErrors(this);
        if (!supports(database)) {
            errors.addError(changeName() + " runs on PostgreSQL only, not on " + database.getShortName());
            return errors;
        }
        List<String> problems = new ArrayList<>();
        collectProblems(database, problems);
        problems.forEach(errors::addError);
        if (problems.isEmpty()) {
            validationWarnings(database).forEach(errors::addWarning);
        }
        return errors;
    }
}
