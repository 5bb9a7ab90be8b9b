package org.rlstenancy.liquibase;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import liquibase.change.ChangeMetaData;
import liquibase.change.DatabaseChange;
import liquibase.change.DatabaseChangeProperty;
import liquibase.database.Database;
import liquibase.exception.RollbackImpossibleException;
import liquibase.statement.SqlStatement;
import liquibase.statement.core.RawSqlStatement;
import org.rlstenancy.core.TenantSigningSql;
import org.rlstenancy.liquibase.internal.Catalog;
import org.rlstenancy.liquibase.internal.SchemaView;
import org.rlstenancy.liquibase.internal.SigningKeyStatement;
import org.rlstenancy.liquibase.internal.SigningKeys;
import org.rlstenancy.liquibase.internal.Statements;
import org.rlstenancy.liquibase.internal.TenantChangeBase;

/**
 * {@code removeTenantSigningKey}: removes a signing key with {@link TenantSigningSql#removeKey}, which ends a key
 * rotation: tokens signed with it are refused from then on. A key that is not stored is an error, so that a
 * mistyped id does not leave the old key accepted.
 *
 * <p>There is no automatic rollback, as the secret is not kept anywhere it could be read back from. A changeset can
 * give its own: a {@code rollback} with an {@code addTenantSigningKey} of the same key.
 */
@DatabaseChange(name = RemoveTenantSigningKeyChange.NAME, priority = ChangeMetaData.PRIORITY_DEFAULT,
        description = "Removes a signing key of the signed mode, at the end of a key rotation.")
public class RemoveTenantSigningKeyChange extends TenantChangeBase {
    static final String NAME = "removeTenantSigningKey";

    private String keyId;

    /** {@return the {@code keyId} attribute: the id of the key to remove} */
    @DatabaseChangeProperty(description = "Id of the key to remove", requiredForDatabase = "all")
    public String getKeyId() {
        return keyId;
    }

    /**
     * Sets the {@code keyId} attribute, as the changelog gives it.
     *
     * @param keyId the id of the key to remove
     */
    public void setKeyId(String keyId) {
        this.keyId = keyId;
    }

    @Override
    protected String changeName() {
        return NAME;
    }

    @Override
    protected void collectProblems(Database database, List<String> problems) {
        SchemaView view = SchemaView.before(this, database);
        SigningKeys.check(view, keyId, problems, false);
        if (problems.isEmpty() && !view.incomplete() && !view.signingKeyIds().contains(keyId)) {
            problems.add(notStored(view.signingKeyIds()));
        }
    }

    @Override
    public SqlStatement[] generateStatements(Database database) {
        List<String> problems = new ArrayList<>();
        SigningKeys.check(SchemaView.before(this, database), keyId, problems, true);
        if (problems.isEmpty() && !Statements.executed(database)) {
            return new SqlStatement[] {new RawSqlStatement(SigningKeys.removalSql(keyId))};
        }
        Catalog catalog = Catalog.of(database);
        if (problems.isEmpty() && !catalog.signingKeyIds().contains(keyId)) {
            problems.add(notStored(catalog.signingKeyIds()));
        }
        if (!problems.isEmpty()) {
            throw Statements.failure(this, NAME, String.join("; ", problems));
        }
        return new SqlStatement[] {SigningKeyStatement.remove(database, keyId, true)};
    }

    @Override
    public boolean supportsRollback(Database database) {
        return false;
    }

    @Override
    public SqlStatement[] generateRollbackStatements(Database database) throws RollbackImpossibleException {
        throw new RollbackImpossibleException(NAME + " of signing key " + keyId + " cannot be rolled back"
                + " automatically: its secret is not kept. Give the changeset a rollback that adds the key again:"
                + " addTenantSigningKey with keyId " + keyId + " and the secretProperty that holds its secret");
    }

    @Override
    public String getConfirmationMessage() {
        return "Signing key " + keyId + " removed";
    }

    private String notStored(Collection<String> stored) {
        return "signing key " + keyId + " is not stored (" + (stored.isEmpty() ? "no key is"
                : "stored: " + String.join(", ", stored)) + "): check the keyId";
    }
}
