package org.rlstenancy.spring;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.rlstenancy.core.RlsConfig;
import org.rlstenancy.core.TenantIdType;
import org.rlstenancy.core.TenantMode;
import org.rlstenancy.hibernate.RlsSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The {@code rls.tenancy.*} properties. */
@ConfigurationProperties(prefix = "rls.tenancy")
public class RlsTenancyProperties {
    /**
     * Whether to wire RLS tenancy in at all. Off, nothing of the starter is active and tenant isolation is not
     * enforced.
     */
    private boolean enabled = true;

    /**
     * On an embedded test database (H2, HSQLDB, Derby), stop the start instead of backing off with a warning. Any
     * other database that is not PostgreSQL always stops the start (unless enabled=false).
     */
    private boolean requirePostgresql = false;

    /** Name of the PostgreSQL setting the tenant is written to and the policies read: lower case, with a dot. */
    private String settingName = "app.tenant_id";

    /** Type of tenant ids: uuid (java.util.UUID), text (String) or long (Long). */
    private TenantIdType tenantIdType = TenantIdType.UUID;

    /** The claim of an authenticated request's JWT that carries its tenant id. */
    private String tenantClaim = "tenant_id";

    /** The tenant column the policies compare with the setting; the model's tables that have it are tenant tables. */
    private String tenantColumn = "tenant_id";

    /**
     * At start-up, check that the database enforces isolation on the model's tenant tables: fail (stop with a
     * report), warn (log it) or off.
     */
    private RlsSettings.Verification verification = RlsSettings.Verification.FAIL;

    /**
     * Whether a servlet application answers a missing row (EntityNotFoundException, JpaObjectRetrievalFailureException,
     * EmptyResultDataAccessException) with 404, the same problem detail whatever the id, so another tenant's id looks
     * like one that does not exist. Handlers of the application's own answer first.
     */
    private boolean notFoundAdvice = true;

    /** The cross-tenant data source: a pool of its own, as a role with BYPASSRLS. */
    private final CrossTenant crossTenant = new CrossTenant();

    /** Spring's cache abstraction: entries kept per tenant. */
    private final Cache cache = new Cache();

    /** The JWT resource server the starter sets up when the application defines no JwtDecoder of its own. */
    private final Jwt jwt = new Jwt();

    /**
     * How the tenant is made: plain (set_config; any SQL on the application's connection could make it too) or
     * signed (signed with the signing key and bound by the database to each transaction; needs the rls_tenancy
     * schema, Liquibase: enableTenantSigning) or citus (on a Citus cluster: SET LOCAL with the tenant as a strictly
     * checked literal, which Citus forwards to the workers; text tenant ids limited to letters, digits and _ . : @ -).
     */
    private TenantMode mode = TenantMode.PLAIN;

    /** The id of the signing key, as stored in the database; required in the signed mode. */
    private String signingKeyId;

    /**
     * The signing key's secret: 32 to 64 random bytes in Base64 (openssl rand -base64 32); required in the signed
     * mode. Give it through the environment (RLS_TENANCY_SIGNING_KEY), never in a committed file.
     */
    private String signingKey;

    /** {@return {@code rls.tenancy.enabled}: whether to wire RLS tenancy in at all; true by default} */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Sets {@code rls.tenancy.enabled}.
     *
     * @param enabled whether to wire RLS tenancy in at all; true by default
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * {@return {@code rls.tenancy.require-postgresql}: whether an embedded test database stops the start instead of
     * making the starter back off; false by default}
     */
    public boolean isRequirePostgresql() {
        return requirePostgresql;
    }

    /**
     * Sets {@code rls.tenancy.require-postgresql}.
     *
     * @param requirePostgresql whether an embedded test database stops the start instead of making the starter back
     *     off; false by default
     */
    public void setRequirePostgresql(boolean requirePostgresql) {
        this.requirePostgresql = requirePostgresql;
    }

    /**
     * {@return {@code rls.tenancy.setting-name}: the PostgreSQL setting the tenant is written to and the policies read,
     * {@code app.tenant_id} by default}
     */
    public String getSettingName() {
        return settingName;
    }

    /**
     * Sets {@code rls.tenancy.setting-name}.
     *
     * @param settingName the PostgreSQL setting the tenant is written to and the policies read, {@code app.tenant_id}
     *     by default
     */
    public void setSettingName(String settingName) {
        this.settingName = settingName;
    }

    /** {@return {@code rls.tenancy.tenant-id-type}: the type of tenant ids, {@link TenantIdType#UUID} by default} */
    public TenantIdType getTenantIdType() {
        return tenantIdType;
    }

    /**
     * Sets {@code rls.tenancy.tenant-id-type}.
     *
     * @param tenantIdType the type of tenant ids, {@link TenantIdType#UUID} by default
     */
    public void setTenantIdType(TenantIdType tenantIdType) {
        this.tenantIdType = tenantIdType;
    }

    /**
     * {@return {@code rls.tenancy.tenant-claim}: the JWT claim that carries a request's tenant id, {@code tenant_id} by
     * default}
     */
    public String getTenantClaim() {
        return tenantClaim;
    }

    /**
     * Sets {@code rls.tenancy.tenant-claim}.
     *
     * @param tenantClaim the JWT claim that carries a request's tenant id, {@code tenant_id} by default
     */
    public void setTenantClaim(String tenantClaim) {
        this.tenantClaim = tenantClaim;
    }

    /**
     * {@return {@code rls.tenancy.tenant-column}: the tenant column that marks the model's tenant tables, {@code
     * tenant_id} by default}
     */
    public String getTenantColumn() {
        return tenantColumn;
    }

    /**
     * Sets {@code rls.tenancy.tenant-column}.
     *
     * @param tenantColumn the tenant column that marks the model's tenant tables, {@code tenant_id} by default
     */
    public void setTenantColumn(String tenantColumn) {
        this.tenantColumn = tenantColumn;
    }

    /**
     * {@return {@code rls.tenancy.verification}: what the start-up check of isolation does with findings, {@link
     * RlsSettings.Verification#FAIL} by default}
     */
    public RlsSettings.Verification getVerification() {
        return verification;
    }

    /**
     * Sets {@code rls.tenancy.verification}.
     *
     * @param verification what the start-up check of isolation does with findings, {@link
     *     RlsSettings.Verification#FAIL} by default
     */
    public void setVerification(RlsSettings.Verification verification) {
        this.verification = verification;
    }

    /**
     * {@return {@code rls.tenancy.not-found-advice}: whether a servlet application answers a missing row with the same
     * 404 whatever the id; true by default}
     */
    public boolean isNotFoundAdvice() {
        return notFoundAdvice;
    }

    /**
     * Sets {@code rls.tenancy.not-found-advice}.
     *
     * @param notFoundAdvice whether a servlet application answers a missing row with the same 404 whatever the id; true
     *     by default
     */
    public void setNotFoundAdvice(boolean notFoundAdvice) {
        this.notFoundAdvice = notFoundAdvice;
    }

    /** {@return the {@code rls.tenancy.cross-tenant.*} properties: the cross-tenant data source} */
    public CrossTenant getCrossTenant() {
        return crossTenant;
    }

    /** {@return the {@code rls.tenancy.cache.*} properties: the tenant keys of Spring's caches} */
    public Cache getCache() {
        return cache;
    }

    /** {@return the {@code rls.tenancy.jwt.*} properties: the JWT resource server the starter sets up} */
    public Jwt getJwt() {
        return jwt;
    }

    /** {@return {@code rls.tenancy.mode}: how the tenant is made, {@link TenantMode#PLAIN} by default} */
    public TenantMode getMode() {
        return mode;
    }

    /**
     * Sets {@code rls.tenancy.mode}.
     *
     * @param mode how the tenant is made, {@link TenantMode#PLAIN} by default
     */
    public void setMode(TenantMode mode) {
        this.mode = mode;
    }

    /**
     * {@return {@code rls.tenancy.signing-key-id}: the signing key's id, as stored in the database; required in the
     * signed mode}
     */
    public String getSigningKeyId() {
        return signingKeyId;
    }

    /**
     * Sets {@code rls.tenancy.signing-key-id}.
     *
     * @param signingKeyId the signing key's id, as stored in the database; required in the signed mode
     */
    public void setSigningKeyId(String signingKeyId) {
        this.signingKeyId = signingKeyId;
    }

    /**
     * {@return {@code rls.tenancy.signing-key}: the signing key's secret in Base64; required in the signed mode, best
     * given as {@code RLS_TENANCY_SIGNING_KEY}}
     */
    public String getSigningKey() {
        return signingKey;
    }

    /**
     * Sets {@code rls.tenancy.signing-key}.
     *
     * @param signingKey the signing key's secret in Base64; required in the signed mode, best given as {@code
     *     RLS_TENANCY_SIGNING_KEY}
     */
    public void setSigningKey(String signingKey) {
        this.signingKey = signingKey;
    }

    /**
     * The core configuration these properties describe, checked as hibernate-rls checks its settings: an invalid
     * setting name, or a signed mode without its key, is refused with a message that names it.
     *
     * @return the setting name, tenant id type and mode, with the signing key in the signed mode
     * @throws org.rlstenancy.core.RlsTenancyException naming the property whose value is invalid
     */
    public RlsConfig toConfig() {
        Map<String, Object> settings = new HashMap<>();
        settings.put(RlsSettings.SETTING_NAME, settingName);
        settings.put(RlsSettings.TENANT_ID_TYPE, tenantIdType);
        settings.put(RlsSettings.MODE, mode);
        if (signingKeyId != null) {
            settings.put(RlsSettings.SIGNING_KEY_ID, signingKeyId);
        }
        if (signingKey != null) {
            settings.put(RlsSettings.SIGNING_KEY, signingKey);
        }
        return RlsSettings.config(settings);
    }

    /**
     * The {@code rls.tenancy.cross-tenant.*} properties: with a URL, a second HikariCP pool, never the application's
     * {@code DataSource}, behind the {@link CrossTenantJdbc} bean.
     */
    public static class CrossTenant {
        /**
         * JDBC URL of the cross-tenant data source. Setting it creates the CrossTenantJdbc bean; the application's
         * DataSource and JPA stay on spring.datasource.*.
         */
        private String url;

        /**
         * Role the cross-tenant data source connects as: LOGIN NOSUPERUSER BYPASSRLS, granted only what cross-tenant
         * work needs, and not a role the application role is a member of. Any other role is refused at start-up.
         */
        private String username;

        /** Password of that role. */
        private String password;

        /**
         * Whether every cross-tenant transaction is read-only, as reports need; false for jobs that write.
         */
        private boolean readOnly = true;

        /** Maximum number of connections in the cross-tenant pool; it keeps none open while idle. */
        private int maximumPoolSize = 2;

        /**
         * {@return {@code rls.tenancy.cross-tenant.url}: the JDBC URL of the cross-tenant data source; set, it creates
         * the {@link CrossTenantJdbc} bean}
         */
        public String getUrl() {
            return url;
        }

        /**
         * Sets {@code rls.tenancy.cross-tenant.url}.
         *
         * @param url the JDBC URL of the cross-tenant data source; set, it creates the {@link CrossTenantJdbc} bean
         */
        public void setUrl(String url) {
            this.url = url;
        }

        /**
         * {@return {@code rls.tenancy.cross-tenant.username}: the role the cross-tenant data source connects as: {@code
         * LOGIN NOSUPERUSER BYPASSRLS}}
         */
        public String getUsername() {
            return username;
        }

        /**
         * Sets {@code rls.tenancy.cross-tenant.username}.
         *
         * @param username the role the cross-tenant data source connects as: {@code LOGIN NOSUPERUSER BYPASSRLS}
         */
        public void setUsername(String username) {
            this.username = username;
        }

        /** {@return {@code rls.tenancy.cross-tenant.password}: the password of that role} */
        public String getPassword() {
            return password;
        }

        /**
         * Sets {@code rls.tenancy.cross-tenant.password}.
         *
         * @param password the password of that role
         */
        public void setPassword(String password) {
            this.password = password;
        }

        /**
         * {@return {@code rls.tenancy.cross-tenant.read-only}: whether every cross-tenant transaction is read-only;
         * true by default}
         */
        public boolean isReadOnly() {
            return readOnly;
        }

        /**
         * Sets {@code rls.tenancy.cross-tenant.read-only}.
         *
         * @param readOnly whether every cross-tenant transaction is read-only; true by default
         */
        public void setReadOnly(boolean readOnly) {
            this.readOnly = readOnly;
        }

        /**
         * {@return {@code rls.tenancy.cross-tenant.maximum-pool-size}: the most connections the cross-tenant pool
         * holds, 2 by default}
         */
        public int getMaximumPoolSize() {
            return maximumPoolSize;
        }

        /**
         * Sets {@code rls.tenancy.cross-tenant.maximum-pool-size}.
         *
         * @param maximumPoolSize the most connections the cross-tenant pool holds, 2 by default
         */
        public void setMaximumPoolSize(int maximumPoolSize) {
            this.maximumPoolSize = maximumPoolSize;
        }
    }

    /**
     * The {@code rls.tenancy.cache.*} properties: every cache of every {@code CacheManager} bean keyed by tenant,
     * except those named as shared.
     */
    public static class Cache {
        /**
         * Whether the caches of every CacheManager bean keep each tenant's entries apart, whatever the key
         * expression of @Cacheable. false: every cache is shared by all tenants, and a warning at start-up says so.
         */
        private boolean tenantKeys = true;

        /**
         * Caches that hold data that is the same for every tenant (reference data), served to every tenant as they
         * are; listed in a warning at start-up.
         */
        private List<String> sharedCaches = new ArrayList<>();

        /**
         * {@return {@code rls.tenancy.cache.tenant-keys}: whether the caches keep each tenant's entries apart; true by
         * default}
         */
        public boolean isTenantKeys() {
            return tenantKeys;
        }

        /**
         * Sets {@code rls.tenancy.cache.tenant-keys}.
         *
         * @param tenantKeys whether the caches keep each tenant's entries apart; true by default
         */
        public void setTenantKeys(boolean tenantKeys) {
            this.tenantKeys = tenantKeys;
        }

        /**
         * {@return {@code rls.tenancy.cache.shared-caches}: the caches served to every tenant as they are, for
         * reference data; none by default}
         */
        public List<String> getSharedCaches() {
            return sharedCaches;
        }

        /**
         * Sets {@code rls.tenancy.cache.shared-caches}.
         *
         * @param sharedCaches the caches served to every tenant as they are, for reference data; none by default
         */
        public void setSharedCaches(List<String> sharedCaches) {
            this.sharedCaches = sharedCaches;
        }
    }

    /**
     * The {@code rls.tenancy.jwt.*} properties. For tokens of an identity provider, use Spring Boot's
     * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} or {@code jwk-set-uri} instead.
     */
    public static class Jwt {
        /**
         * HMAC secret of HS256 tokens, in Base64: at least 32 random bytes (openssl rand -base64 32). Setting it
         * creates a JwtDecoder for them, unless the application defines one. Give it through the environment
         * (RLS_TENANCY_JWT_HMAC_SECRET), never in a committed file.
         */
        private String hmacSecret;

        /**
         * {@return {@code rls.tenancy.jwt.hmac-secret}: the HMAC secret of HS256 tokens in Base64, best given as {@code
         * RLS_TENANCY_JWT_HMAC_SECRET}; set, it creates a JwtDecoder unless the application defines one}
         */
        public String getHmacSecret() {
            return hmacSecret;
        }

        /**
         * Sets {@code rls.tenancy.jwt.hmac-secret}.
         *
         * @param hmacSecret the HMAC secret of HS256 tokens in Base64, best given as {@code
         *     RLS_TENANCY_JWT_HMAC_SECRET}; set, it creates a JwtDecoder unless the application defines one
         */
        public void setHmacSecret(String hmacSecret) {
            this.hmacSecret = hmacSecret;
        }
    }
}
