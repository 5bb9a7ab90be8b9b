package org.rlstenancy.liquibase;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import liquibase.change.ChangeMetaData;
import liquibase.change.DatabaseChange;
import liquibase.change.DatabaseChangeProperty;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.ChangeSet;
import liquibase.database.Database;
import liquibase.statement.SqlStatement;
import liquibase.statement.core.CommentStatement;
import liquibase.statement.core.RawSqlStatement;
import org.rlstenancy.core.TenantSigningKey;
import org.rlstenancy.core.TenantSigningSql;
import org.rlstenancy.liquibase.internal.Catalog;
import org.rlstenancy.liquibase.internal.Marker;
import org.rlstenancy.liquibase.internal.SchemaView;
import org.rlstenancy.liquibase.internal.SigningKeyRecord;
import org.rlstenancy.liquibase.internal.SigningKeyStatement;
import org.rlstenancy.liquibase.internal.SigningKeys;
import org.rlstenancy.liquibase.internal.Statements;
import org.rlstenancy.liquibase.internal.TenantChangeBase;

/**
 * {@code addTenantSigningKey}: stores a signing key of the signed mode with {@link TenantSigningSql#addKey}, through
 * bound parameters. The changelog names the key ({@code keyId}) and the changelog parameter that holds its secret
 * ({@code secretProperty}), never the secret: Liquibase's changelog parameters include environment variables and
 * Java system properties. The secret is read when the change runs; it is not in the changeset's checksum, in
 * {@code DATABASECHANGELOG}, in any SQL text or log, or in an error message.
 *
 * <p>A key id names one secret for good. The same key with the same secret already stored is left as it is; the
 * same id with another secret is an error (to rotate, add the new secret under a new key id, move the application
 * to it, then {@code removeTenantSigningKey} the old one). As the checksum does not cover the secret, changing the
 * value behind {@code secretProperty} does not make Liquibase run the changeset again.
 *
 * <p>Under {@code updateSql} the secret is not printed: a comment says so, and a guard makes the script fail unless
 * the key is already stored. Rollback removes the key if this changeset stored it, as the key table's comment
 * records.
 */
@DatabaseChange(name = AddTenantSigningKeyChange.NAME, priority = ChangeMetaData.PRIORITY_DEFAULT,
        description = "Stores a signing key of the signed mode; its secret is read from a changelog parameter (an"
                + " environment variable or Java system property too) and bound as a parameter, never written out.")
public class AddTenantSigningKeyChange extends TenantChangeBase {
    static final String NAME = "addTenantSigningKey";

    private String keyId;
    private String secretProperty;

    /** {@return the {@code keyId} attribute: the key's id, as the application's {@code rls.tenancy.signing_key_id}} */
    @DatabaseChangeProperty(description = "Id of the key, as the application's rls.tenancy.signing_key_id",
            requiredForDatabase = "all")
    public String getKeyId() {
        return keyId;
    }

    /**
     * Sets the {@code keyId} attribute, as the changelog gives it.
     *
     * @param keyId the key's id, as the application's {@code rls.tenancy.signing_key_id}
     */
    public void setKeyId(String keyId) {
        this.keyId = keyId;
    }

    /**
     * {@return the {@code secretProperty} attribute: the name of the changelog parameter, environment variable or
     * system property that holds the secret in Base64, not the secret itself}
     */
    @DatabaseChangeProperty(description = "Name of the changelog parameter, environment variable or system property"
            + " that holds the secret in Base64 (not the secret itself)", requiredForDatabase = "all")
    public String getSecretProperty() {
        return secretProperty;
    }

    /**
     * Sets the {@code secretProperty} attribute, as the changelog gives it.
     *
     * @param secretProperty the name of the changelog parameter, environment variable or system property that holds the
     *     secret in Base64, not the secret itself
     */
    public void setSecretProperty(String secretProperty) {
        this.secretProperty = secretProperty;
    }

    @Override
    protected String changeName() {
        return NAME;
    }

    /** Checks the key id, that the signed mode is installed first, and the secret if it is set already. */
    @Override
    protected void collectProblems(Database database, List<String> problems) {
        SigningKeys.check(SchemaView.before(this, database), keyId, problems, false);
        if (problems.isEmpty()) {
            signingKey(problems, false);
        }
    }

    @Override
    public SqlStatement[] generateStatements(Database database) {
        List<String> problems = new ArrayList<>();
        SigningKeys.check(SchemaView.before(this, database), keyId, problems, true);
        if (problems.isEmpty() && !Statements.executed(database)) {
            return new SqlStatement[] {new CommentStatement(NAME + ": signing key " + keyId + " is stored only by"
                    + " liquibase update, through bound parameters; its secret is not written here"),
                    new RawSqlStatement(guard())};
        }
        TenantSigningKey key = problems.isEmpty() ? signingKey(problems, true) : null;
        if (key == null) {
            throw Statements.failure(this, NAME, String.join("; ", problems));
        }
        Catalog catalog = Catalog.of(database);
        Optional<Boolean> sameSecret = sameSecret(catalog, key);
        if (sameSecret.isPresent()) {
            if (sameSecret.get()) {
                return new SqlStatement[0];
            }
            throw Statements.failure(this, NAME, "signing key " + keyId + " is already stored, with another secret."
                    + " A key id names one secret for good: to rotate, add the new secret under a new keyId and"
                    + " removeTenantSigningKey the old one once the application signs with the new one");
        }
        List<SqlStatement> statements = new ArrayList<>(List.of(SigningKeyStatement.add(database, key)));
        if (!inRollback()) {
            statements.add(new RawSqlStatement(SigningKeyRecord.of(catalog).with(keyId, getChangeSet())));
        }
        return statements.toArray(SqlStatement[]::new);
    }

    /**
     * Removes the key if the key table's comment records this changeset as having stored it. Before the changeset
     * has run ({@code futureRollbackSql}), removes it unless it is stored already.
     */
    @Override
    public SqlStatement[] generateRollbackStatements(Database database) {
        List<String> problems = new ArrayList<>();
        SigningKeys.check(SchemaView.before(this, database), keyId, problems, true);
        if (!problems.isEmpty()) {
            throw Statements.failure(this, NAME, String.join("; ", problems));
        }
        Catalog catalog = Catalog.of(database);
        SigningKeyRecord record = SigningKeyRecord.of(catalog);
        boolean storedHere = SchemaView.hasRun(getChangeSet(), database) ? record.storedBy(keyId, getChangeSet())
                : !catalog.signingKeyIds().contains(keyId);
        if (!storedHere) {
            return new SqlStatement[0];
        }
        return new SqlStatement[] {Statements.executed(database) ? SigningKeyStatement.remove(database, keyId, false)
                : new RawSqlStatement(SigningKeys.removalSql(keyId)), new RawSqlStatement(record.without(keyId))};
    }

    @Override
    public String getConfirmationMessage() {
        return "Signing key " + keyId + " stored";
    }

    /** For an SQL script: fails unless the key is stored already, as the script cannot store it. */
    private String guard() {
        return "DO $$ BEGIN IF NOT EXISTS (SELECT FROM " + TenantSigningSql.SCHEMA + ".signing_key WHERE key_id = "
                + Marker.literal(keyId) + ") THEN RAISE EXCEPTION " + Marker.literal(NAME + ": signing key " + keyId
                        + " is not stored, and an SQL script cannot store it without showing its secret: store it"
                        + " first (TenantSigningSql.addKey), or run liquibase update instead of this script")
                + "; END IF; END $$";
    }

    /** Whether the stored key {@code keyId} has this secret; empty when it is not stored. */
    private static Optional<Boolean> sameSecret(Catalog catalog, TenantSigningKey key) {
        String[] token = key.token("probe", 0).split("\\.", 5);
        return catalog.signingKeyGives(key.keyId(), token[0] + "." + token[1] + "." + token[2] + "." + token[4],
                token[3]);
    }

    /** True when this change is part of its changeset's rollback, such as the rollback of a key's removal. */
    private boolean inRollback() {
        ChangeSet changeSet = getChangeSet();
        return changeSet != null && changeSet.getRollback().getChanges().stream().anyMatch(change -> change == this);
    }

    /**
     * The key, its secret read from the parameter {@code secretProperty} names; null after adding a problem when it
     * is not valid, or, with {@code required}, not set. No problem shows the secret.
     */
    private TenantSigningKey signingKey(List<String> problems, boolean required) {
        if (secretProperty == null || secretProperty.isBlank()) {
            problems.add("secretProperty is required: the name of the changelog parameter that holds the secret");
            return null;
        }
        ChangeSet changeSet = getChangeSet();
        ChangeLogParameters parameters = changeSet == null || changeSet.getChangeLogParameters() == null
                ? new ChangeLogParameters() : changeSet.getChangeLogParameters();
        Object value = parameters.getValue(secretProperty.trim(), changeSet == null ? null : changeSet.getChangeLog());
        if (value == null || value.toString().isBlank()) {
            if (looksLikeSecret(secretProperty)) {
                problems.add("secretProperty must name the changelog parameter that holds the secret, not hold the"
                        + " secret: write secretProperty: rls.signing_key, not ${rls.signing_key}");
            } else if (required) {
                problems.add("the changelog parameter " + secretProperty.trim() + " that secretProperty names is not"
                        + " set: set it to the secret in Base64, as an environment variable, a Java system property"
                        + " or a Liquibase changelog parameter" + (secretProperty.contains("${")
                                ? " (and give secretProperty the name alone, without ${...})" : ""));
            }
            return null;
        }
        try {
            return TenantSigningKey.fromBase64(keyId, value.toString());
        } catch (IllegalArgumentException e) {
            problems.add("the changelog parameter " + secretProperty.trim() + ": " + e.getMessage());
            return null;
        }
    }

    private static boolean looksLikeSecret(String value) {
        try {
            int length = Base64.getDecoder().decode(value.strip()).length;
            return length >= TenantSigningKey.MIN_SECRET_BYTES && length <= TenantSigningKey.MAX_SECRET_BYTES;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
