package org.rlstenancy.liquibase.internal;

import liquibase.database.Database;
import liquibase.exception.ValidationErrors;
import liquibase.sql.SingleLineComment;
import liquibase.sql.Sql;
import liquibase.sqlgenerator.SqlGeneratorChain;
import liquibase.sqlgenerator.core.AbstractSqlGenerator;

/**
 * What Liquibase shows as the SQL of a {@link SigningKeyStatement} (in its structured logs and reports): a comment
 * naming the key id. The statement itself runs through bound parameters.
 */
public final class SigningKeyStatementGenerator extends AbstractSqlGenerator<SigningKeyStatement> {
    @Override
    public ValidationErrors validate(SigningKeyStatement statement, Database database,
            SqlGeneratorChain<SigningKeyStatement> chain) {
        return new ValidationErrors();
    }

    @Override
    public Sql[] generateSql(SigningKeyStatement statement, Database database,
            SqlGeneratorChain<SigningKeyStatement> chain) {
        return new Sql[] {new SingleLineComment(statement.description(), database.getLineComment())};
    }
}
