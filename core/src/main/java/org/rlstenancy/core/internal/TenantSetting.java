package org.rlstenancy.core.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;

import org.rlstenancy.core.RlsConfig;
import org.rlstenancy.core.TenantMode;
import org.rlstenancy.core.TenantSigningKey;
import org.rlstenancy.core.TenantSigningSql;

/**
 * How one tenant-bound connection makes the tenant setting, by mode: the SQL that makes it, its parameters, and the
 * number of statements in it (each gives a result that folding skips).
 * <ul>
 *   <li>plain: {@code select set_config(?, ?, true)}, with the setting name and the tenant;</li>
 *   <li>signed: the same through {@code rls_tenancy.bind}, with a token signed when the transaction begins
 *       ({@link TenantSigningKey#token});</li>
 *   <li>citus: {@code SET LOCAL citus.propagate_set_commands = 'local'; SET LOCAL <setting> = '<tenant>'}, no
 *       parameters, the tenant quoted by {@link TenantLiteral}, fixed for the connection.</li>
 * </ul>
 */
public final class TenantSetting {
    /** The plain mode's statement, which folding puts in front of the first statement of a transaction. */
    static final String PLAIN_APPLY_SQL = "select set_config(?, ?, true)";
    /** What makes Citus forward the transaction's {@code SET LOCAL} commands to the workers it connects to. */
    static final String CITUS_PROPAGATE_SQL = "SET LOCAL citus.propagate_set_commands = 'local'";

    private final String name;
    private final String tenant;
    private final TenantSigningKey signingKey;
    private final String citusSql;

    private TenantSetting(String name, String tenant, TenantSigningKey signingKey, String citusSql) {
        this.name = name;
        this.tenant = tenant;
        this.signingKey = signingKey;
        this.citusSql = citusSql;
    }

    /**
     * The setting of {@code config} for {@code tenant}, already in its text form.
     *
     * @throws org.rlstenancy.core.InvalidTenantIdException in the citus mode, for an id {@link TenantLiteral} refuses
     */
    public static TenantSetting of(RlsConfig config, String tenant) {
        String citusSql = config.mode() != TenantMode.CITUS ? null : CITUS_PROPAGATE_SQL + ";SET LOCAL \""
                + config.settingName().replace(".", "\".\"") + "\" = " + TenantLiteral.quote(config.tenantIdType(), tenant);
        return new TenantSetting(config.settingName(), tenant, config.signingKey().orElse(null), citusSql);
    }

    /**
     * The setting of {@code config} for shared data: no tenant at all, so the connection never applies the setting
     * and its statements run only inside a shared-data scope.
     */
    public static TenantSetting none(RlsConfig config) {
        return new TenantSetting(config.settingName(), null, null, null);
    }

    /** Whether this is the {@linkplain #none(RlsConfig) no-tenant} setting of shared data. */
    boolean isNone() {
        return tenant == null;
    }

    String name() {
        return name;
    }

    /** The tenant, in its setting text form. */
    String tenant() {
        return tenant;
    }

    /** The SQL that makes the setting; {@link #bind} gives it its parameters. */
    String applySql() {
        return citusSql != null ? citusSql : signingKey == null ? PLAIN_APPLY_SQL : TenantSigningSql.APPLY_SQL;
    }

    /** How many parameters {@link #applySql()} takes; the caller's come after them when folded. */
    int parameterCount() {
        return citusSql != null ? 0 : 2;
    }

    /** How many statements {@link #applySql()} holds, each giving one result before the caller's. */
    int statementCount() {
        return citusSql != null ? 2 : 1;
    }

    /**
     * Whether the setting, folded in front of a statement in auto-commit mode, holds for that statement without a
     * transaction block: {@code set_config(…, true)} lasts to the end of the implicit transaction that the Sync after
     * both closes. {@code SET LOCAL}, of the citus mode, warns outside a block, so that mode keeps a transaction of its
     * own.
     */
    boolean holdsInImplicitTransaction() {
        return citusSql == null;
    }

    /** Sets the parameters of {@link #applySql()} in {@code statement} for a transaction that begins now. */
    void bind(PreparedStatement statement) throws SQLException {
        if (citusSql == null) {
            statement.setString(1, name);
            statement.setString(2, signingKey == null ? tenant : signingKey.token(tenant, System.currentTimeMillis()));
        }
    }
}
