package org.rlstenancy.hibernate;

import java.util.Locale;
import java.util.Map;

import org.hibernate.cache.internal.SimpleCacheKeysFactory;
import org.rlstenancy.core.RlsConfig;
import org.rlstenancy.core.RlsTenancyException;
import org.rlstenancy.core.TenantIdType;
import org.rlstenancy.core.TenantMode;
import org.rlstenancy.core.TenantPolicySql;
import org.rlstenancy.core.TenantSigningKey;

/**
 * Configuration keys read by {@link RlsMultiTenantConnectionProvider}, next to Hibernate's own settings
 * ({@code hibernate.multi_tenant_connection_provider}, {@code hibernate.tenant_identifier_resolver} and the
 * connection settings). Values are validated when the SessionFactory is built; an unknown value stops the boot
 * with a message naming it.
 */
public final class RlsSettings {
    /**
     * Name of the PostgreSQL setting the tenant is written to and policies read, a custom setting with a dot.
     * Default: {@value RlsConfig#DEFAULT_SETTING_NAME}.
     */
    public static final String SETTING_NAME = "rls.tenancy.setting_name";

    /**
     * Type of tenant ids: {@code uuid} ({@link java.util.UUID}), {@code text} ({@link String}) or {@code long}
     * ({@link Long}); the values bound to {@link org.rlstenancy.core.TenantContext} must be of that Java type.
     * Default: {@code uuid}.
     */
    public static final String TENANT_ID_TYPE = "rls.tenancy.tenant_id_type";

    /**
     * Whether this library's Hibernate integrator, registered through {@code META-INF/services}, takes part in
     * building the SessionFactory. It makes {@link RlsTenantIdentifierResolver} check each tenant id against
     * {@link #TENANT_ID_TYPE} before a Session opens. Default: {@code true}.
     */
    public static final String INTEGRATION_ENABLED = "rls.tenancy.integration_enabled";

    /**
     * Whether opening a Session needs a bound tenant. {@code true}: opening one with none bound throws
     * {@link org.rlstenancy.core.MissingTenantException}. {@code false}: the Session opens, but it cannot borrow a
     * connection, so its first SQL throws that exception instead; for frameworks that open Sessions that may never
     * run SQL (Spring Data checks its queries at start-up, open-in-view opens one per request). Either way, no SQL
     * ever runs without a tenant. Needs {@link #INTEGRATION_ENABLED}. Default: {@code true}.
     */
    public static final String REQUIRE_TENANT_ON_SESSION_OPEN = "rls.tenancy.require_tenant_on_session_open";

    /**
     * What to do when the database does not enforce isolation on the model's tenant tables, checked once when the
     * SessionFactory has been built, after the schema export of {@code hibernate.hbm2ddl.auto} (with
     * {@link org.rlstenancy.core.IsolationVerifier}, through a connection as the application role): {@code fail}
     * stops the boot with a report of every finding; {@code warn} logs it; {@code off}
     * skips the check. A tenant table is a table of the model with the tenant column ({@link #TENANT_COLUMN}). Needs
     * {@link #INTEGRATION_ENABLED}. Default: {@code fail}.
     */
    public static final String VERIFICATION = "rls.tenancy.verification";

    /** The tenant column the policies compare with the setting, which marks a tenant table. Default: {@code tenant_id}. */
    public static final String TENANT_COLUMN = "rls.tenancy.tenant_column";

    /**
     * How the tenant is made: {@code plain} ({@code set_config(setting, tenant, true)}; any SQL on the application's
     * connection could make it too) or {@code signed} (each transaction's tenant signed with {@link #SIGNING_KEY},
     * bound by the database to the transaction, and trusted by the policies only so; see
     * {@link org.rlstenancy.core.TenantSigningSql}) or {@code citus} (on a Citus cluster: {@code SET LOCAL} with the
     * tenant as a strictly checked literal, which Citus forwards to the workers; see
     * {@link org.rlstenancy.core.TenantMode#CITUS}). Default: {@code plain}.
     */
    public static final String MODE = "rls.tenancy.mode";

    /** The id of the signing key, as stored in the database; required in the {@code signed} mode. */
    public static final String SIGNING_KEY_ID = "rls.tenancy.signing_key_id";

    /**
     * The signing key's secret, 32 to 64 random bytes in Base64 (such as {@code openssl rand -base64 32}), or a
     * {@link org.rlstenancy.core.TenantSigningKey}; required in the {@code signed} mode, refused in the {@code plain}
     * one. Never logged. Keep it out of source control: give it through the environment.
     */
    public static final String SIGNING_KEY = "rls.tenancy.signing_key";

    /** The values of {@link #VERIFICATION}. */
    public enum Verification {
        /** Stop the boot with a report of every finding. */
        FAIL,
        /** Log the report and go on. */
        WARN,
        /** Skip the check. */
        OFF
    }

    static final String CACHE_KEYS_FACTORY = "hibernate.cache.keys_factory";

    private RlsSettings() {
    }

    /**
     * The configuration named by {@code settings}, defaults for what they leave out.
     *
     * @param settings Hibernate's settings, with this class's keys among them
     * @return the setting name, tenant id type and mode, with the signing key in the signed mode
     * @throws RlsTenancyException naming the setting whose value is invalid
     */
    public static RlsConfig config(Map<String, Object> settings) {
        RlsConfig config = RlsConfig.defaults();
        Object settingName = settings.get(SETTING_NAME);
        try {
            if (settingName != null) {
                config = config.withSettingName(settingName.toString().trim());
            }
        } catch (IllegalArgumentException e) {
            throw new RlsTenancyException(SETTING_NAME + ": " + e.getMessage(), e);
        }
        Object type = settings.get(TENANT_ID_TYPE);
        try {
            if (type instanceof TenantIdType) {
                config = config.withTenantIdType((TenantIdType) type);
            } else if (type != null) {
                config = config.withTenantIdType(TenantIdType.fromSetting(type.toString()));
            }
        } catch (IllegalArgumentException e) {
            throw new RlsTenancyException(TENANT_ID_TYPE + ": " + e.getMessage(), e);
        }
        return withMode(config, settings);
    }

    private static RlsConfig withMode(RlsConfig config, Map<String, Object> settings) {
        Object mode = settings.get(MODE);
        TenantMode tenantMode;
        try {
            tenantMode = mode instanceof TenantMode ? (TenantMode) mode
                    : mode == null ? TenantMode.PLAIN : TenantMode.fromSetting(mode.toString());
        } catch (IllegalArgumentException e) {
            throw new RlsTenancyException(MODE + ": " + e.getMessage(), e);
        }
        Object key = settings.get(SIGNING_KEY);
        Object keyId = settings.get(SIGNING_KEY_ID);
        if (tenantMode != TenantMode.SIGNED) {
            if (key != null || keyId != null) {
                throw new RlsTenancyException(MODE + " is " + tenantMode.name().toLowerCase(Locale.ROOT) + ", but "
                        + (key != null ? SIGNING_KEY : SIGNING_KEY_ID) + " is set: set " + MODE
                        + "=signed to sign tenants, or remove the key");
            }
            return config.withMode(tenantMode);
        }
        if (key instanceof TenantSigningKey) {
            return config.withSigningKey((TenantSigningKey) key);
        }
        if (key == null || keyId == null) {
            throw new RlsTenancyException(MODE + " is signed, but " + (key == null ? SIGNING_KEY : SIGNING_KEY_ID)
                    + " is not set: give the key id stored in the database and its secret in Base64");
        }
        try {
            return config.withSigningKey(TenantSigningKey.fromBase64(keyId.toString().trim(), key.toString()));
        } catch (IllegalArgumentException e) {
            throw new RlsTenancyException(SIGNING_KEY + ": " + e.getMessage(), e);
        }
    }

    /**
     * The value of {@link #INTEGRATION_ENABLED}.
     *
     * @param settings Hibernate's settings
     * @return true unless the setting is {@code false}
     * @throws RlsTenancyException if the value is neither {@code true} nor {@code false}
     */
    public static boolean integrationEnabled(Map<String, Object> settings) {
        return flag(settings, INTEGRATION_ENABLED);
    }

    /**
     * The value of {@link #REQUIRE_TENANT_ON_SESSION_OPEN}.
     *
     * @param settings Hibernate's settings
     * @return true unless the setting is {@code false}
     * @throws RlsTenancyException if the value is neither {@code true} nor {@code false}
     */
    public static boolean requireTenantOnSessionOpen(Map<String, Object> settings) {
        return flag(settings, REQUIRE_TENANT_ON_SESSION_OPEN);
    }

    /**
     * The value of {@link #VERIFICATION}.
     *
     * @param settings Hibernate's settings
     * @return the value, case-insensitive; {@link Verification#FAIL} when unset
     * @throws RlsTenancyException if the value is not {@code fail}, {@code warn} or {@code off}
     */
    public static Verification verification(Map<String, Object> settings) {
        Object value = settings.get(VERIFICATION);
        if (value == null || value instanceof Verification) {
            return value == null ? Verification.FAIL : (Verification) value;
        }
        for (Verification verification : Verification.values()) {
            if (verification.name().equalsIgnoreCase(value.toString().trim())) {
                return verification;
            }
        }
        throw new RlsTenancyException(VERIFICATION + ": '" + value + "' is not fail, warn or off");
    }

    /**
     * The value of {@link #TENANT_COLUMN}.
     *
     * @param settings Hibernate's settings
     * @return the column name, trimmed; {@value TenantPolicySql#DEFAULT_COLUMN} when unset or blank
     */
    public static String tenantColumn(Map<String, Object> settings) {
        Object value = settings.get(TENANT_COLUMN);
        return value == null || value.toString().isBlank() ? TenantPolicySql.DEFAULT_COLUMN : value.toString().trim();
    }

    /** A boolean setting that defaults to true; anything but true or false is refused. */
    private static boolean flag(Map<String, Object> settings, String key) {
        Object value = settings.get(key);
        if (value == null || value instanceof Boolean) {
            return value == null || (Boolean) value;
        }
        String text = value.toString().trim();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new RlsTenancyException(key + ": '" + value + "' is not true or false");
    }

    /**
     * Refuses {@code hibernate.cache.keys_factory=simple}, whose cache keys leave out the tenant. Region factories
     * that read this setting (Infinispan's, for one) would otherwise serve one tenant another's cached entities; a
     * region factory instance built with such a keys factory in code is not seen here.
     */
    static void checkCacheKeys(Map<String, Object> settings) {
        Object factory = settings.get(CACHE_KEYS_FACTORY);
        boolean simple = factory instanceof SimpleCacheKeysFactory
                || factory instanceof Class && SimpleCacheKeysFactory.class.isAssignableFrom((Class<?>) factory)
                || factory instanceof String && ("simple".equalsIgnoreCase(((String) factory).trim())
                        || SimpleCacheKeysFactory.class.getName().equals(((String) factory).trim()));
        if (simple) {
            throw new RlsTenancyException(CACHE_KEYS_FACTORY + "=" + factory + " builds second-level cache keys"
                    + " without the tenant, so one tenant would be served another tenant's cached entities. Remove"
                    + " the setting: Hibernate's default keys factory includes the tenant.");
        }
    }
}
