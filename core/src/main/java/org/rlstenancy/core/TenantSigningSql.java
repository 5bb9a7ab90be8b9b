package org.rlstenancy.core;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

/**
 * The database side of the signed mode, one source of truth for migrations, the verifier and tests. Run as the
 * owner role, {@link #installStatements()} creates the schema {@value #SCHEMA}, owned by the owner and closed to
 * everyone else:
 * <ul>
 *   <li>{@code rls_tenancy.signing_key}: the application's signing keys, by id, as HMAC pads. No other role can
 *       read it;</li>
 *   <li>{@code rls_tenancy.server_key}: a random key made by the server at install, which no client ever learns,
 *       and the longest time between signing a token and the start of its transaction;</li>
 *   <li>{@code rls_tenancy.bind(token)}: checks a token the library signed ({@link TenantSigningKey#token}) and
 *       returns the tenant bound to this backend and this transaction, signed with the server key. An invalid,
 *       unknown-key or stale token is an error (SQLSTATE {@code 28000});</li>
 *   <li>{@code rls_tenancy.tenant(setting)}: the tenant in {@code setting} when it holds a value {@code bind}
 *       returned in this very transaction on this very backend; otherwise NULL, so policies see no row. Without
 *       a server key (its row deleted) nothing verifies, so it is NULL too.</li>
 * </ul>
 * Both functions are {@code SECURITY DEFINER} with a fixed {@code search_path}; {@link #grantStatements} lets the
 * application role call them and nothing else. A value that SQL sets by itself, one copied from another transaction
 * or another backend, or a token with a guessed signature, never names a tenant.
 *
 * <p>{@code rls_tenancy.hmac}, which both call, is a SQL function marked {@code STABLE}, as the {@code convert_to}
 * in it is, so the planner inlines it into their expressions. Marked {@code IMMUTABLE} it could not be inlined and
 * would run as a SQL function call of its own, about a fifth of {@code tenant}'s time and a quarter of
 * {@code bind}'s.
 */
public final class TenantSigningSql {
    /** The schema of the signed mode's tables and functions. */
    public static final String SCHEMA = "rls_tenancy";
    /** How the signed mode makes the setting: the setting name and the token are the two parameters. */
    public static final String APPLY_SQL = "select set_config(?, " + SCHEMA + ".bind(?), true)";
    /** Tokens issued more than this many milliseconds from their transaction's start are refused, by default. */
    public static final int DEFAULT_MAX_AGE_MILLIS = 30_000;

    private static final String PADS_OF_RANDOM_KEY = """
            SELECT decode(string_agg(lpad(to_hex(get_byte(k, i) # 54), 2, '0'), '' ORDER BY i), 'hex'),
                   decode(string_agg(lpad(to_hex(get_byte(k, i) # 92), 2, '0'), '' ORDER BY i), 'hex')
            FROM (SELECT uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid())
                         || decode(repeat('00', 32), 'hex') AS k) random_key, generate_series(0, 63) i""";

    private TenantSigningSql() {
    }

    /**
     * Creates the schema, its tables and functions, and the server key, with {@link #DEFAULT_MAX_AGE_MILLIS}.
     *
     * @return the statements, in order, to run as the owner role in one transaction
     */
    public static List<String> installStatements() {
        return List.of(
                "CREATE SCHEMA " + SCHEMA,
                "REVOKE ALL ON SCHEMA " + SCHEMA + " FROM PUBLIC",
                "CREATE TABLE " + SCHEMA + ".signing_key (key_id text PRIMARY KEY"
                        + " CHECK (key_id ~ '^[A-Za-z0-9_-]+$' AND length(key_id) <= 32),"
                        + " inner_pad bytea NOT NULL CHECK (length(inner_pad) = 64),"
                        + " outer_pad bytea NOT NULL CHECK (length(outer_pad) = 64),"
                        + " added_at timestamptz NOT NULL DEFAULT now())",
                "CREATE TABLE " + SCHEMA + ".server_key (only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),"
                        + " inner_pad bytea NOT NULL CHECK (length(inner_pad) = 64),"
                        + " outer_pad bytea NOT NULL CHECK (length(outer_pad) = 64),"
                        + " max_age_ms integer NOT NULL DEFAULT " + DEFAULT_MAX_AGE_MILLIS + " CHECK (max_age_ms > 0))",
                "REVOKE ALL ON " + SCHEMA + ".signing_key, " + SCHEMA + ".server_key FROM PUBLIC",
                "INSERT INTO " + SCHEMA + ".server_key (inner_pad, outer_pad) " + PADS_OF_RANDOM_KEY,
                """
                CREATE FUNCTION rls_tenancy.hmac(inner_pad bytea, outer_pad bytea, message text) RETURNS text
                LANGUAGE sql STABLE STRICT
                AS $$ SELECT pg_catalog.encode(pg_catalog.sha256(outer_pad
                          OPERATOR(pg_catalog.||) pg_catalog.sha256(inner_pad
                          OPERATOR(pg_catalog.||) pg_catalog.convert_to(message, 'UTF8'))), 'hex') $$""",
                """
                CREATE FUNCTION rls_tenancy.bind(token text) RETURNS text
                LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
                AS $$
                DECLARE
                    kid text := split_part(token, '.', 2);
                    issued text := split_part(token, '.', 3);
                    mac text := split_part(token, '.', 4);
                    tenant text := substr(token, length(kid) + length(issued) + length(mac) + 7);
                    started bigint := (extract(epoch FROM transaction_timestamp()) * 1000000)::bigint;
                    pads record;
                    server record;
                    bound text;
                BEGIN
                    IF split_part(token, '.', 1) <> 'v1' OR issued !~ '^[0-9]+$' OR length(issued) > 15
                            OR length(mac) <> 64 OR tenant = '' THEN
                        RAISE EXCEPTION 'rls_tenancy: not a tenant token' USING ERRCODE = '28000';
                    END IF;
                    SELECT k.inner_pad, k.outer_pad INTO pads FROM rls_tenancy.signing_key k WHERE k.key_id = kid;
                    IF NOT FOUND THEN
                        RAISE EXCEPTION 'rls_tenancy: unknown signing key %', kid USING ERRCODE = '28000',
                            HINT = 'Add the key the application signs with: TenantSigningSql.addKey, or the'
                                || ' addTenantSigningKey change type';
                    END IF;
                    IF rls_tenancy.hmac(pads.inner_pad, pads.outer_pad, 'v1.' || kid || '.' || issued || '.' || tenant)
                            <> mac THEN
                        RAISE EXCEPTION 'rls_tenancy: the tenant token does not verify with signing key %', kid
                            USING ERRCODE = '28000';
                    END IF;
                    SELECT s.inner_pad, s.outer_pad, s.max_age_ms INTO server FROM rls_tenancy.server_key s;
                    IF NOT FOUND THEN
                        RAISE EXCEPTION 'rls_tenancy: the server key is missing, so no tenant can be bound'
                            USING ERRCODE = '28000',
                            HINT = 'Install the signed mode again: TenantSigningSql.installStatements, or the'
                                || ' enableTenantSigning change type';
                    END IF;
                    IF abs(started / 1000 - issued::bigint) > server.max_age_ms THEN
                        RAISE EXCEPTION 'rls_tenancy: the tenant token was signed % ms away from the start of its transaction, more than the % ms allowed',
                            abs(started / 1000 - issued::bigint), server.max_age_ms USING ERRCODE = '28000',
                            HINT = 'Check the clocks of the application and database servers';
                    END IF;
                    bound := pg_backend_pid() || '.' || started || '.' || tenant;
                    RETURN rls_tenancy.hmac(server.inner_pad, server.outer_pad, bound) || '.' || bound;
                END $$""",
                """
                CREATE FUNCTION rls_tenancy.tenant(setting text) RETURNS text
                LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
                AS $$
                DECLARE
                    v text := current_setting(setting, true);
                    bound text := substr(v, 66);
                    expected text := pg_backend_pid() || '.'
                        || (extract(epoch FROM transaction_timestamp()) * 1000000)::bigint || '.';
                    server record;
                BEGIN
                    IF v IS NULL OR substr(v, 65, 1) <> '.' OR length(bound) <= length(expected)
                            OR left(bound, length(expected)) <> expected THEN
                        RETURN NULL;
                    END IF;
                    SELECT s.inner_pad, s.outer_pad INTO server FROM rls_tenancy.server_key s;
                    IF rls_tenancy.hmac(server.inner_pad, server.outer_pad, bound) IS DISTINCT FROM left(v, 64) THEN
                        RETURN NULL;
                    END IF;
                    RETURN substr(bound, length(expected) + 1);
                END $$""",
                "REVOKE ALL ON FUNCTION " + SCHEMA + ".hmac(bytea, bytea, text), " + SCHEMA + ".bind(text), "
                        + SCHEMA + ".tenant(text) FROM PUBLIC");
    }

    /**
     * Lets {@code role} call {@code bind} and {@code tenant}; it gets nothing else of the schema.
     *
     * @param role the application role, unquoted
     * @return the {@code GRANT} statements
     * @throws IllegalArgumentException if {@code role} is not a plain SQL identifier
     */
    public static List<String> grantStatements(String role) {
        String quoted = TenantPolicySql.quote(role);
        return List.of("GRANT USAGE ON SCHEMA " + SCHEMA + " TO " + quoted,
                "GRANT EXECUTE ON FUNCTION " + SCHEMA + ".bind(text), " + SCHEMA + ".tenant(text) TO " + quoted);
    }

    /**
     * Undoes {@link #grantStatements}.
     *
     * @param role the application role, unquoted
     * @return the {@code REVOKE} statements
     * @throws IllegalArgumentException if {@code role} is not a plain SQL identifier
     */
    public static List<String> revokeStatements(String role) {
        String quoted = TenantPolicySql.quote(role);
        return List.of("REVOKE EXECUTE ON FUNCTION " + SCHEMA + ".bind(text), " + SCHEMA + ".tenant(text) FROM "
                + quoted, "REVOKE USAGE ON SCHEMA " + SCHEMA + " FROM " + quoted);
    }

    /**
     * Undoes {@link #installStatements()}: drops the schema with its keys. Policies that call it must go first.
     *
     * @return the {@code DROP SCHEMA … CASCADE} statement
     */
    public static List<String> uninstallStatements() {
        return List.of("DROP SCHEMA " + SCHEMA + " CASCADE");
    }

    /**
     * {@code rls_tenancy.tenant('app.tenant_id')::uuid}: the verified tenant, NULL when there is none.
     *
     * @param settingName the tenant setting, such as {@code app.tenant_id}; written into the SQL as it is
     * @param castType the tenant column's SQL type, such as {@code uuid}
     * @return the SQL expression
     */
    public static String currentTenantExpression(String settingName, String castType) {
        return SCHEMA + ".tenant('" + settingName + "')::" + castType;
    }

    /**
     * Stores {@code key} in the database, as the owner, through bound parameters: the secret never appears in SQL
     * text or logs. While two keys are stored, tokens signed with either are accepted: add the new key, move the
     * application to it, then {@link #removeKey} the old one.
     *
     * @param owner a connection as the owner role, which owns the schema; the caller commits
     * @param key the key the application signs with
     * @throws SQLException if the insert fails, such as for a key id already stored
     */
    public static void addKey(Connection owner, TenantSigningKey key) throws SQLException {
        try (PreparedStatement statement = owner.prepareStatement("INSERT INTO " + SCHEMA
                + ".signing_key (key_id, inner_pad, outer_pad) VALUES (?, ?, ?)")) {
            statement.setString(1, key.keyId());
            statement.setBytes(2, key.innerPad());
            statement.setBytes(3, key.outerPad());
            statement.executeUpdate();
        }
    }

    /**
     * Removes the key {@code keyId}; tokens signed with it are refused from then on.
     *
     * @param owner a connection as the owner role, which owns the schema; the caller commits
     * @param keyId the id of the key to remove
     * @return whether the key was there
     * @throws SQLException if the delete fails
     */
    public static boolean removeKey(Connection owner, String keyId) throws SQLException {
        Objects.requireNonNull(keyId, "keyId");
        try (PreparedStatement statement = owner.prepareStatement("DELETE FROM " + SCHEMA
                + ".signing_key WHERE key_id = ?")) {
            statement.setString(1, keyId);
            return statement.executeUpdate() > 0;
        }
    }
}
