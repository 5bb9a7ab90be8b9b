package org.rlstenancy.liquibase.internal;

import java.sql.Connection;
import java.sql.SQLException;
import liquibase.database.Database;
import liquibase.database.PreparedStatementFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.DatabaseException;
import liquibase.statement.AbstractSqlStatement;
import liquibase.statement.ExecutablePreparedStatement;
import org.rlstenancy.core.TenantSigningKey;
import org.rlstenancy.core.TenantSigningSql;

/**
 * Stores or removes one signing key with {@link TenantSigningSql#addKey} or {@link TenantSigningSql#removeKey}, on
 * the changelog's own connection and transaction, through bound parameters. Every text of it names the key id only:
 * {@link #toString()}, which Liquibase logs, and {@link #description()}, which {@link SigningKeyStatementGenerator}
 * gives Liquibase wherever it shows a statement's SQL. A database error is reported by its first line and SQLSTATE,
 * without PostgreSQL's detail (which could show a failing row).
 */
public final class SigningKeyStatement extends AbstractSqlStatement implements ExecutablePreparedStatement {
    private final Connection connection;
    private final String keyId;
    private final TenantSigningKey key;
    private final boolean required;

    private SigningKeyStatement(Connection connection, String keyId, TenantSigningKey key, boolean required) {
        this.connection = connection;
        this.keyId = keyId;
        this.key = key;
        this.required = required;
    }

    /** Stores {@code key} through {@code database}'s connection. */
    public static SigningKeyStatement add(Database database, TenantSigningKey key) {
        return new SigningKeyStatement(connection(database), key.keyId(), key, true);
    }

    /** Removes the key {@code keyId}; with {@code required}, running it fails when no such key is stored. */
    public static SigningKeyStatement remove(Database database, String keyId, boolean required) {
        return new SigningKeyStatement(connection(database), keyId, null, required);
    }

    /** What the statement does, without the secret. */
    public String description() {
        return key != null ? "signing key " + keyId + " stored in " + TenantSigningSql.SCHEMA
                + ".signing_key through bound parameters (the secret is not shown)" : SigningKeys.removalSql(keyId);
    }

    @Override
    public void execute(PreparedStatementFactory factory) throws DatabaseException {
        try {
            if (key != null) {
                TenantSigningSql.addKey(connection, key);
            } else if (!TenantSigningSql.removeKey(connection, keyId) && required) {
                throw new DatabaseException("signing key " + keyId + " is not stored");
            }
        } catch (SQLException e) {
            String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            throw new DatabaseException("Could not " + (key != null ? "store" : "remove") + " signing key " + keyId
                    + ": " + message + " (SQLSTATE " + e.getSQLState() + ")");
        }
    }

    private static Connection connection(Database database) {
        if (!(database.getConnection() instanceof JdbcConnection jdbc)) {
            throw new IllegalStateException("signing keys are stored through a JDBC connection");
        }
        return jdbc.getUnderlyingConnection();
    }

    @Override
    public String toString() {
        return description();
    }
}
